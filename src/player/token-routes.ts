/**
 * Runtime routes authorised by a signed launch token in the URL (launch-token.ts) — no session, no
 * user lookup, no CSRF: app.ts mounts them before the session middleware, because they carry the
 * learner's every commit (scorm-again's final commit is a sendBeacon, which cannot send a header).
 *   POST /api/v1/attempts/:attemptId/scos/:scoId/commit?token=…&launch=n   JSON or text/plain body
 *   POST /api/v1/attempts/:attemptId/keepalive?token=…                      → {token, expiresAt} (renewed)
 *   POST /api/v1/attempts/:attemptId/sequencing?token=…                    activity tree of a sequenced package
 * The SCO reads `{result, errorCode}`; any refusal keeps that shape next to our `{code, message}`.
 */
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { applyCommit, CommitRejected } from './commit';
import { saveSequencingState } from './sequencing-progress';
import type { LaunchClaims } from './launch-token';
import type { PlayerRuntime } from './player-settings';
import { writeBaselineCommit } from './commit-store';
import { translate } from '../shared/i18n';
import { AppError, UnauthorizedError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { id, idParam } from '../shared/web/input';
import { isDatabaseUnavailable } from '../shared/web/error-handler';

/** Paths whose body the player parses itself; app.ts keeps its global body parsers away from them. */
const OWN_BODY_PATH =
  /^\/api\/v1\/(attempts\/\d+\/scos\/\d+\/commit|attempts\/\d+\/sequencing|bench\/commit-baseline\/\d+)$/;
export function parsesOwnBody(req: Request): boolean {
  return req.method === 'POST' && OWN_BODY_PATH.test(req.path);
}

// Whatever the content type says (the beacon says text/plain), the body is read as text: JSON.parse decides.
const rawBody = (limit: number): RequestHandler => express.text({ type: () => true, limit });

const claimsOf = (res: { locals: Record<string, unknown> }): LaunchClaims => res.locals.launchClaims as LaunchClaims;

/** Checks the token against the URL before the body is read: a stranger's 4 MB never gets parsed. */
function authorise(rt: PlayerRuntime, kind: 'commit' | 'attempt'): RequestHandler {
  return async (req, res, next) => {
    const launch = id.parse(req.query.launch);
    res.locals.launchClaims = await rt.tokens.authorise(req.query.token, {
      attemptId: idParam(req, 'attemptId'),
      ...(kind === 'commit' ? { scoId: idParam(req, 'scoId'), ...(launch > 0 ? { launch } : {}) } : {}),
    });
    next();
  };
}

const rateLimit =
  (rt: PlayerRuntime): RequestHandler =>
  (req, res, next) => {
    const wait = rt.commitRate.take(idParam(req, 'attemptId'));
    if (wait === 0) return next();
    res.setHeader('Retry-After', String(wait));
    throw new CommitRejected(429, 'COMMIT_RATE_LIMITED', 'player.error.commit_rate_limited');
  };

export function playerTokenRoutes(opts: { logger: Logger; runtime: PlayerRuntime }): Router {
  const { logger, runtime: rt } = opts;
  const r = Router();
  const body = rawBody(rt.bodyMaxBytes);
  // Mounted before helmet (app.ts): the one header of it a JSON answer needs.
  r.use('/api/v1/attempts/', (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  r.post(
    '/api/v1/attempts/:attemptId/scos/:scoId/commit',
    authorise(rt, 'commit'),
    rateLimit(rt),
    body,
    async (req, res) => {
      // An earned completion went to the outbox in the commit's transaction (completion-events.ts).
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { earned, ...reply } = await applyCommit(rt, {
        attemptId: idParam(req, 'attemptId'),
        scoId: idParam(req, 'scoId'),
        userId: claimsOf(res).userId,
        launch: req.query.launch,
        body: typeof req.body === 'string' ? req.body : '',
      });
      if (reply.stale)
        logger.info(
          { attemptId: req.params.attemptId, scoId: req.params.scoId, launch: req.query.launch },
          'stale SCORM commit ignored',
        );
      // Counted by /metrics (src/metrics) as a stale commit.
      if (reply.stale) res.locals.commitStale = true;
      res.setHeader('Cache-Control', 'no-store');
      res.json(reply);
    },
  );

  // Sequenced packages: the page sends scorm-again's activity tree after every navigation step (a beacon on pagehide).
  r.post('/api/v1/attempts/:attemptId/sequencing', authorise(rt, 'attempt'), rateLimit(rt), body, async (req, res) => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { earned, ...reply } = await saveSequencingState(rt, {
      attemptId: idParam(req, 'attemptId'),
      userId: claimsOf(res).userId,
      body: typeof req.body === 'string' ? req.body : '',
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(reply);
  });

  // The page renews its token every few minutes while a SCO is open.
  r.post('/api/v1/attempts/:attemptId/keepalive', authorise(rt, 'attempt'), (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(rt.tokens.renew(claimsOf(res)));
  });

  r.use(commitErrors(logger));
  return r;
}

/**
 * Benchmark only (scripts/bench/commit-bench.ts, BENCH_BASELINE_ROUTE=true): today's in-app
 * baseline — the session and user lookup every page has, then one primary-key UPDATE with the body.
 * Mounted after the session middleware.
 */
export function benchBaselineRoutes(opts: { logger: Logger; bodyMaxBytes: number }): Router {
  const r = Router();
  r.post('/api/v1/bench/commit-baseline/:scoAttemptId', rawBody(opts.bodyMaxBytes), async (req, res) => {
    if (!req.user) throw new UnauthorizedError();
    await writeBaselineCommit(idParam(req, 'scoAttemptId'), String(req.body));
    res.json({ result: true, errorCode: 0 });
  });
  r.use(commitErrors(opts.logger));
  return r;
}

/** Refusals in the shape the SCO understands; 5xx are logged (the page retries them). */
function commitErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (!req.path.startsWith('/api/v1/attempts/') && !req.path.startsWith('/api/v1/bench/')) return next(err);
    let status = 500;
    let code = 'INTERNAL_ERROR';
    // These routes run before the page locals (no session language): the SCO gets German, like the pages' default.
    let message = translate('de', 'error.internal');
    let errorCode = 101;
    let problems: unknown;
    if (err instanceof CommitRejected) ({ status, code, message, scormErrorCode: errorCode, problems } = err);
    else if (err instanceof AppError) ({ status, code, message } = err);
    else if (err?.type === 'entity.too.large') {
      status = 413;
      code = 'BODY_TOO_LARGE';
      message = translate('de', 'player.error.commit_too_large');
    } else if (isDatabaseUnavailable(err)) {
      // The database is away or frozen (a timeout): temporary, the player keeps the commit and sends it again.
      status = 503;
      code = 'UNAVAILABLE';
      message = translate('de', 'error.unavailable');
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status;
      code = 'BAD_REQUEST';
      message = translate('de', 'error.bad_request');
    }
    if (status === 503) logger.warn({ err, url: req.path }, 'SCORM commit refused: database unavailable');
    else if (status >= 500) logger.error({ err, url: req.path }, 'SCORM commit failed');
    if (res.headersSent) return;
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).json({ result: false, errorCode, code, message, ...(problems ? { problems } : {}) });
  };
}
