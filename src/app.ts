import crypto from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { createMetrics, metricsRoutes } from './metrics';
import pinoHttp from 'pino-http';
import type { AppContext } from './context';
import { setupViews, PROJECT_ROOT } from './shared/web/view-engine';
import { pageLocals } from './shared/web/locals';
import { createCsrf } from './shared/web/csrf';
import { notFound, errorHandler } from './shared/web/error-handler';
import { bearerAuth } from './auth';
import { buildRoutes, buildUrlTokenRoutes, buildPreCsrfRoutes } from './routes';
import { ltiFraming } from './lti';
import { healthRoutes } from './shared/web/health';
import { DatabaseSessionStore } from './shared/web/session-store';
import { saveSessionBeforeRedirect } from './shared/web/save-before-redirect';
import { parsesOwnBody, benchBaselineRoutes } from './player';
import { redactUrl } from './shared/web/log-redaction';

/** Builds the Express app for a context; no listen, so tests drive it with supertest. */
export function buildApp(ctx: AppContext): Express {
  const { config, logger } = ctx;
  const app = express();
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  setupViews(app, { cache: config.VIEW_CACHE === 'true' });

  const metrics = createMetrics({ sequelize: ctx.sequelize, outboxStats: () => ctx.services.outbox.stats() });
  app.use(metrics.middleware);
  // The SCORM runtime routes (commits, keep-alive, sequencing saves) carry a signed launch token and
  // need no session: the lean chain of issue #14 — counted by the metrics above, then straight to them,
  // before the request log (5xx and stale commits are logged by the routes; counts are in /metrics),
  // helmet (JSON answers: the routes set nosniff themselves), the body parsers, the session store,
  // Passport and the CSRF check.
  app.use(buildUrlTokenRoutes(ctx));
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: {
        ignore: (req) =>
          req.url === '/healthz' ||
          req.url === '/readyz' ||
          req.url === '/metrics' ||
          req.url?.startsWith('/static/') === true,
      },
      // Cookies and tokens are cut by the logger's redact paths (shared/logger.ts); URLs that are credentials here.
      serializers: { req: (req: { url?: string }) => Object.assign(req, { url: redactUrl(req.url) }) },
    }),
  );

  // Our own pages are strict: no inline scripts, no foreign origins. SCORM content runs on the
  // content origin (packages/content-app.ts) with its own policy; the player frames only that.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'frame-src': ["'self'", config.contentOrigin],
          'frame-ancestors': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: config.secureCookies,
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.use('/static', express.static(path.join(PROJECT_ROOT, 'public'), { maxAge: '1h' }));
  // Browsers ask for /favicon.ico on their own (also from SCORM content pages).
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  app.use(
    '/vendor/scorm-again',
    express.static(path.join(PROJECT_ROOT, 'node_modules/scorm-again/dist'), { maxAge: '1d' }),
  );
  app.use('/vendor/chart.js', express.static(path.join(PROJECT_ROOT, 'node_modules/chart.js/dist'), { maxAge: '1d' }));
  app.use(healthRoutes(ctx.sequelize));
  app.use(metricsRoutes({ sequelize: ctx.sequelize, registry: metrics.registry, token: config.METRICS_TOKEN }));

  // The SCORM commit route reads its own body (text/plain beacons, suspend_data up to 16 MB).
  const urlencoded = express.urlencoded({ extended: false, limit: '1mb' });
  const json = express.json({ limit: '1mb' });
  app.use((req, res, next) => (parsesOwnBody(req) ? next() : urlencoded(req, res, next)));
  app.use((req, res, next) => (parsesOwnBody(req) ? next() : json(req, res, next)));
  app.use(
    session({
      name: 'gezu.sid',
      secret: config.sessionSecret,
      store: new DatabaseSessionStore(ctx.sequelize),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 8 * 3600_000 },
    }),
  );
  app.use(saveSessionBeforeRedirect);
  app.use(cookieParser());
  const { passport } = ctx.services;
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(bearerAuth);
  app.use(pageLocals);
  // A session begun by an LTI launch may be framed by its platform (src/lti/framing.ts).
  app.use(ltiFraming);
  app.use(buildPreCsrfRoutes(ctx));
  // Everything after the CSRF check needs a CSRF token or a bearer token.
  if (config.BENCH_BASELINE_ROUTE === 'true')
    app.use(benchBaselineRoutes({ logger, bodyMaxBytes: config.COMMIT_BODY_MAX_BYTES }));
  const csrf = createCsrf(config.sessionSecret, config.secureCookies);
  app.use(csrf.doubleCsrfProtection);

  app.use(buildRoutes(ctx));
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
