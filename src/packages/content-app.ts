/**
 * The content origin: a small Express app of its own that serves package files under
 * `/c/<capability>/…` and the launcher page that holds the SCO's API (scorm-again's CrossFrameAPI).
 * No session, no cookies, no passport, no database writes: nothing here is worth stealing, which
 * is why foreign package code may run here (docs/security.md).
 */
import path from 'node:path';
import express, { type Express, type ErrorRequestHandler } from 'express';
import { contentRoutes } from './content-routes';
import type { TokenStandings } from '../auth';
import { CONTENT_ORIGIN_HEADERS, launcherCsp, launcherPageCsp } from './content-headers';
import type { PackageSettings } from './package-storage';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { PROJECT_ROOT as ROOT } from '../shared/project-root';
const LAUNCHER_ASSETS = path.join(ROOT, 'public/content-launcher');
const SCORM_AGAIN = path.join(ROOT, 'node_modules/scorm-again/dist');

/** Origins besides the app that may frame content (the LTI platforms' origins, from the composition root). */
export interface FrameAncestors {
  origins(): Promise<string[]>;
}
const NO_FRAMERS: FrameAncestors = { origins: async () => [] };

/** `packages`: the composition root's package settings (its object store holds the files). */
export function buildContentApp(opts: {
  logger: Logger;
  packages: PackageSettings;
  standings: TokenStandings;
  frameAncestors?: FrameAncestors;
}): Express {
  const { appOrigin } = opts.packages.content;
  const framers = opts.frameAncestors ?? NO_FRAMERS;
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    for (const [k, v] of Object.entries(CONTENT_ORIGIN_HEADERS)) res.setHeader(k, v);
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/launcher', async (_req, res) => {
    res.setHeader('Content-Security-Policy', launcherPageCsp(appOrigin, await framers.origins()));
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(launcherHtml(appOrigin));
  });
  const assetHeaders = (res: express.Response) => res.setHeader('Content-Security-Policy', launcherCsp(appOrigin));
  app.get('/launcher/cross-frame-api.min.js', (_req, res) => {
    res.sendFile(path.join(SCORM_AGAIN, 'cross-frame-api.min.js'), {
      maxAge: '1d',
      headers: { 'Content-Security-Policy': launcherCsp(appOrigin) },
    });
  });
  app.use('/launcher', express.static(LAUNCHER_ASSETS, { maxAge: '1h', index: false, setHeaders: assetHeaders }));
  app.use('/c', contentRoutes(opts.packages, opts.standings, framers));
  app.use((_req, _res, next) => next(new AppError(404, 'NOT_FOUND', 'error.not_found')));
  app.use(contentErrors(opts.logger));
  return app;
}

/** Plain JSON errors: this origin has no pages, sessions or languages of its own. */
function contentErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let code = 'INTERNAL_ERROR';
    let message = 'Ein interner Fehler ist aufgetreten.';
    if (err instanceof AppError) ({ status, code, message } = err);
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status;
      code = 'BAD_REQUEST';
      message = 'Die Anfrage ist ungültig.';
    }
    // The path holds a capability: log only where it pointed, not the token.
    if (status >= 500) logger.error({ err, path: req.path.replace(/^\/c\/[^/]+/, '/c/…') }, 'content request failed');
    if (res.headersSent) return;
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).json({ code, message });
  };
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The launcher: its window holds API / API_1484_11 (a CrossFrameAPI), the SCO runs in the frame below. */
function launcherHtml(appOrigin: string): string {
  return `<!doctype html>
<html lang="de" data-app-origin="${escapeAttr(appOrigin)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lerninhalt</title>
<link rel="stylesheet" href="/launcher/launcher.css">
<script src="/launcher/cross-frame-api.min.js"></script>
<script src="/launcher/launcher.js" defer></script>
</head>
<body>
<iframe id="sco-frame" title="Lerninhalt" allow="fullscreen" src="about:blank"></iframe>
<p id="launcher-error" class="launcher-error" role="alert" hidden>Der Lerninhalt konnte nicht geladen werden. Bitte öffnen Sie das Modul neu.</p>
</body>
</html>
`;
}
