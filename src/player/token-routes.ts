/**
 * Runtime routes authorised by the attempt token in the URL plus the owner's session, mounted
 * before the CSRF check (app.ts): scorm-again's final commit is a sendBeacon, which cannot send a
 * CSRF header.
 *   POST /api/v1/attempts/:attemptId/scos/:scoId/commit?token=…&launch=n   JSON or text/plain body
 *   POST /api/v1/attempts/:attemptId/keepalive?token=…                      touches the session
 *   POST /api/v1/attempts/:attemptId/sequencing?token=…                    activity tree of a sequenced package
 * The SCO reads `{result, errorCode}`; any refusal keeps that shape next to our `{code, message}`.
 */
import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { applyCommit, CommitRejected, type CommitOutcome } from './commit';
import { saveSequencingState } from './sequencing-progress';
import { loadAttemptFor } from './attempts';
import { emitPackageCompleted } from './completion-events';
import { writeBaselineCommit } from './commit-store';
import { getPackage } from '../packages';
import { AppError, UnauthorizedError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { idParam } from '../shared/web/input';

/** suspend_data has no size limit in our store (MEDIUMTEXT, 16 MB); the body may carry all of it. */
export const COMMIT_BODY_LIMIT = '16mb';

/** Paths whose body the player parses itself; app.ts keeps its global body parsers away from them. */
const OWN_BODY_PATH = /^\/api\/v1\/(attempts\/\d+\/scos\/\d+\/commit|attempts\/\d+\/sequencing|bench\/commit-baseline\/\d+)$/;
export function parsesOwnBody(req: Request): boolean {
  return req.method === 'POST' && OWN_BODY_PATH.test(req.path);
}

// Whatever the content type says (the beacon says text/plain), the body is read as text: JSON.parse decides.
const rawBody = express.text({ type: () => true, limit: COMMIT_BODY_LIMIT });

export function playerTokenRoutes(opts: { logger: Logger; benchBaseline: boolean }): Router {
  const { logger } = opts;
  const r = Router();

  r.post('/api/v1/attempts/:attemptId/scos/:scoId/commit', rawBody, async (req, res) => {
    if (!req.user) throw new UnauthorizedError();
    const outcome: CommitOutcome = await applyCommit({
      attemptId: idParam(req, 'attemptId'),
      scoId: idParam(req, 'scoId'),
      userId: req.user.id,
      token: req.query.token,
      launch: req.query.launch,
      body: req.body,
    });
    const { earned, ...reply } = outcome;
    if (reply.stale) logger.info({ attemptId: req.params.attemptId, scoId: req.params.scoId, launch: req.query.launch }, 'stale SCORM commit ignored');
    res.setHeader('Cache-Control', 'no-store');
    res.json(reply);
    if (earned) {
      const pkg = await getPackage(earned.packageId).catch(() => null);
      await emitPackageCompleted(earned.userId, earned.packageId, pkg?.moduleKey ?? null, logger);
    }
  });

  // Sequenced packages: the page sends scorm-again's activity tree after every navigation step (a beacon on pagehide).
  r.post('/api/v1/attempts/:attemptId/sequencing', rawBody, async (req, res) => {
    if (!req.user) throw new UnauthorizedError();
    const { earned, ...reply } = await saveSequencingState({ attemptId: idParam(req, 'attemptId'), userId: req.user.id, token: req.query.token, body: req.body });
    res.setHeader('Cache-Control', 'no-store');
    res.json(reply);
    if (earned) {
      const pkg = await getPackage(earned.packageId).catch(() => null);
      await emitPackageCompleted(earned.userId, earned.packageId, pkg?.moduleKey ?? null, logger);
    }
  });

  r.post('/api/v1/attempts/:attemptId/keepalive', async (req, res) => {
    if (!req.user) throw new UnauthorizedError();
    await loadAttemptFor(idParam(req, 'attemptId'), req.user.id, req.query.token);
    res.setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });

  // Benchmark baseline (scripts/bench/commit-bench.ts): the least work a commit needs — one
  // primary-key UPDATE with the same body. Mounted only when BENCH_BASELINE_ROUTE=true.
  if (opts.benchBaseline) {
    r.post('/api/v1/bench/commit-baseline/:scoAttemptId', rawBody, async (req, res) => {
      if (!req.user) throw new UnauthorizedError();
      await writeBaselineCommit(idParam(req, 'scoAttemptId'), String(req.body));
      res.json({ result: true, errorCode: 0 });
    });
  }

  r.use(commitErrors(logger));
  return r;
}

/** Refusals in the shape the SCO understands; 5xx are logged (the page retries them). */
function commitErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (!req.path.startsWith('/api/v1/attempts/') && !req.path.startsWith('/api/v1/bench/')) return next(err);
    let status = 500;
    let code = 'INTERNAL_ERROR';
    let message = req.t('error.internal');
    let errorCode = 101;
    if (err instanceof CommitRejected) ({ status, code, scormErrorCode: errorCode } = err);
    else if (err instanceof AppError) ({ status, code } = err);
    if (err instanceof AppError) message = err.text(req.locale);
    else if (err?.type === 'entity.too.large') {
      status = 413; code = 'BODY_TOO_LARGE'; message = req.t('player.error.commit_too_large');
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status; code = 'BAD_REQUEST'; message = req.t('error.bad_request');
    }
    if (status >= 500) logger.error({ err, url: req.originalUrl }, 'SCORM commit failed');
    if (res.headersSent) return;
    res.status(status).json({ result: false, errorCode, code, message });
  };
}
