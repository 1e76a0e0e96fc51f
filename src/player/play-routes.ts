/**
 * Pages: GET /play/:packageId (resume or start; review with ?mode=review), POST
 * /play/:packageId/attempts (a new attempt after a completed one), GET /learning (all modules).
 */
import { Router, type Request } from 'express';
import { getPackage, CONTENT_SANDBOX_FLAGS } from '../packages';
import { findCurrentAttempt, startAttempt, tokenForAttempt, rememberToken } from './attempts';
import { buildPlayerPage } from './play-page';
import { getProgressForUser, toModuleCard, findCompletion } from './progress';
import { flash } from '../shared/web/locals';
import { NotFoundError } from '../shared/errors';
import './messages';
import { SEQUENCING_CLIENT_MESSAGES } from './sequencing-messages';
import { idParam } from '../shared/web/input';
import type { PlayerRuntime } from './player-settings';

const CLIENT_MESSAGES = [
  'player.unsaved',
  'player.saved',
  'player.launch_failed',
  'player.new_window.open',
  'player.progress.value',
  'sco.status.not_started',
  'sco.status.in_progress',
  'sco.status.completed',
  'sco.status.passed',
  'sco.status.failed',
  ...SEQUENCING_CLIENT_MESSAGES,
];

function packageIdOf(req: Request): number {
  const id = idParam(req, 'packageId');
  if (!id) throw new NotFoundError('player.error.package_not_found', 'PACKAGE_NOT_FOUND');
  return id;
}

/** Mounted at /play. */
export function playRoutes(opts: { commitIntervalSeconds: number; runtime: PlayerRuntime }): Router {
  const r = Router();

  r.get('/:packageId', async (req, res) => {
    const user = req.user!;
    const pkg = await getPackage(packageIdOf(req));
    const review = req.query.mode === 'review';
    let attempt = await findCurrentAttempt(user.id, pkg.id);
    let token: string;
    if (!attempt) {
      if (review) return res.redirect(303, `/play/${pkg.id}`);
      const started = await startAttempt(opts.runtime.catalogs, user, pkg.id);
      attempt = started.attempt;
      token = started.token;
      rememberToken(req.session, attempt.id, token);
    } else {
      if (attempt.completionStatus === 'completed' && !review) {
        const completion = await findCompletion(user.id, pkg.id);
        // An attempt can end without earning the module (knowledge check failed or not taken): then
        // the page must not congratulate, and the status matches what /learning shows.
        const failed = attempt.successStatus === 'failed';
        return res.render('player/completed', {
          title: req.t(completion ? 'player.completed.title' : 'player.ended.title'),
          styles: ['/static/css/player.css'],
          pkg,
          attempt,
          completion: completion
            ? { completedAt: completion.completedAt, scoreScaled: completion.scoreScaled, passed: completion.passed }
            : null,
          statusKey: failed
            ? 'failed'
            : attempt.successStatus === 'passed'
              ? 'passed'
              : completion
                ? 'completed'
                : 'in_progress',
          failed,
        });
      }
      token = await tokenForAttempt(attempt, req.session);
    }
    const messages = Object.fromEntries(CLIENT_MESSAGES.map((key) => [key, req.t(key)]));
    const page = await buildPlayerPage(opts.runtime, {
      pkg,
      attempt,
      token,
      review,
      commitIntervalSeconds: opts.commitIntervalSeconds,
      messages,
    });
    const runtime =
      page.data.scormVersion === '1.2' ? '/vendor/scorm-again/scorm12.min.js' : '/vendor/scorm-again/scorm2004.min.js';
    res.setHeader('Cache-Control', 'no-store');
    // Content that opens a pop-up (or the package setting "new window") needs `opener` to find the
    // API; helmet's `same-origin` would cut that link. The pop-ups are on the content origin anyway.
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin-allow-popups');
    res.render('player/play', {
      title: pkg.title,
      // The same flags the launcher page carries as a CSP sandbox (one list, in packages).
      contentSandbox: CONTENT_SANDBOX_FLAGS,
      wide: true,
      bodyClass: 'player-body',
      styles: ['/static/css/player.css', '/static/css/player-sequencing.css'],
      scripts: [
        runtime,
        '/vendor/scorm-again/cross-frame-lms.min.js',
        '/static/js/player/commit-queue.js',
        '/static/js/player/runtime.js',
        '/static/js/player/sequencing.js',
        '/static/js/player/player.js',
      ],
      ...page,
    });
  });

  r.post('/:packageId/attempts', async (req, res) => {
    const user = req.user!;
    const pkg = await getPackage(packageIdOf(req));
    const current = await findCurrentAttempt(user.id, pkg.id);
    if (current && current.completionStatus !== 'completed') {
      flash(req, 'info', req.t('player.new_attempt.not_yet'));
    } else {
      const { attempt, token } = await startAttempt(opts.runtime.catalogs, user, pkg.id);
      rememberToken(req.session, attempt.id, token);
      flash(req, 'success', req.t('player.new_attempt.started'));
    }
    res.redirect(303, `/play/${pkg.id}`);
  });
  return r;
}

/** Mounted at /learning: every package open to the learner, Q1 modules first. */
export function learningRoutes(runtime: PlayerRuntime): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { packages } = await getProgressForUser(runtime.catalogs, req.user!.id);
    const cards = packages.map((p) => ({ ...toModuleCard(p), completedAt: p.completedAt }));
    res.render('player/learning', {
      title: req.t('learning.title'),
      styles: ['/static/css/player.css'],
      sections: [
        { key: 'q1', titleKey: 'learning.q1', cards: cards.filter((c) => c.moduleKey) },
        { key: 'other', titleKey: 'learning.other', cards: cards.filter((c) => !c.moduleKey) },
      ].filter((s) => s.cards.length > 0),
    });
  });

  return r;
}
