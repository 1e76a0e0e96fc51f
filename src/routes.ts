import { Router } from 'express';
import type { AppContext } from './context';
import { requireLogin, requireAdmin, requireStaff, requireLotse } from './shared/web/auth-guard';
import {
  lotseQ2Routes,
  q2ApiRoutes,
  adminAuthorisationRoutes,
  staffWorkshopRoutes,
  staffEnrolRoutes,
  workshopApiRoutes,
  authorisationApiRoutes,
  cohortEnrolmentApiRoutes,
} from './enrolment';
import { staffCohortRoutes, cohortApiRoutes } from './curriculum';
import { adminAuditRoutes } from './admin/audit-routes';
import { auditApiRoutes } from './admin/audit-api-routes';
import { authRoutes, accountRoutes } from './auth';
import { adminUserRoutes } from './admin/users-routes';
import { adminApiTokenRoutes } from './admin/api-token-routes';
import { userApiRoutes } from './admin/users-api-routes';
import { homeRoutes } from './home/routes';
import { adminPackageRoutes, packageApiRoutes } from './packages';
import { playRoutes, learningRoutes, attemptApiRoutes, myProgressApiRoutes, playerTokenRoutes } from './player';
import {
  certificateRoutes,
  adminCertificateRoutes,
  verifyRoutes,
  verifyApiRoutes,
  verifyRateLimit,
  myCertificatesApiRoutes,
  adminCertificateApiRoutes,
} from './certificates';
import { reportRoutes, reportApiRoutes } from './reports';
import { adminOutboxRoutes, outboxApiRoutes } from './outbox';
import {
  exchangeWebRoutes,
  exchangeSpaceApiRoutes,
  exchangeThreadApiRoutes,
  exchangeUnreadLocals,
  exchangeAccountRoutes,
} from './exchange';
import {
  adminLtiRoutes,
  ltiApiRoutes,
  ltiLinkRoutes,
  ltiProtocolRoutes,
  ltiRegistrationRoutes,
  staffLtiRoutes,
} from './lti';
import {
  adminOfferingRoutes,
  offeringApiRoutes,
  offeringLearnerRoutes,
  teilnehmerPlayGuard,
  teilnehmerToOfferings,
  packageListedFor,
} from './offerings';
import { staffTeilnehmerRoutes } from './admin/teilnehmer-routes';

/** The one route table of the web app: one line per mounted component, each with its guard. */
export function buildRoutes(ctx: AppContext): Router {
  const { config } = ctx;
  const r = Router();
  const { exchange, standings, player } = ctx.services;
  r.use(exchangeUnreadLocals(exchange));
  r.use(
    authRoutes({
      sequelize: ctx.sequelize,
      baseUrl: config.BASE_URL,
      limits: {
        perAccount: config.LOGIN_MAX_PER_ACCOUNT,
        maxDelayMinutes: config.LOGIN_MAX_DELAY_MINUTES,
        perIp: config.LOGIN_MAX_PER_IP,
        windowMinutes: config.LOGIN_WINDOW_MINUTES,
      },
      mailLimits: { perIp: config.ACCOUNT_MAILS_PER_IP, perAddress: config.ACCOUNT_MAILS_PER_ADDRESS },
      standings,
      passport: ctx.services.passport,
    }),
  );
  r.use('/account', requireLogin, exchangeAccountRoutes(exchange), accountRoutes({ standings }));
  r.use('/admin/users', requireAdmin, adminUserRoutes({ mailer: ctx.mailer, baseUrl: config.BASE_URL, standings }));
  r.use('/api/v1/users', requireAdmin, userApiRoutes({ mailer: ctx.mailer, baseUrl: config.BASE_URL, standings }));
  r.use('/admin/packages', requireAdmin, adminPackageRoutes(ctx.services.packages));
  r.use('/api/v1/packages', requireAdmin, packageApiRoutes(ctx.services.packages));
  r.use(
    '/play',
    requireLogin,
    teilnehmerPlayGuard,
    playRoutes({ commitIntervalSeconds: config.COMMIT_INTERVAL_SECONDS, runtime: player }),
  );
  r.use('/learning', requireLogin, teilnehmerToOfferings, learningRoutes(player));
  r.use('/api/v1/attempts', requireLogin, attemptApiRoutes(player));
  const verifyLimit = verifyRateLimit({ sequelize: ctx.sequelize, maxPerIp: config.VERIFY_MAX_PER_IP });
  r.use(
    '/certificates',
    requireLogin,
    certificateRoutes({ baseUrl: config.BASE_URL, issuer: ctx.services.certificates }),
  );
  r.use('/admin/certificates', requireAdmin, adminCertificateRoutes());
  r.use('/verify', verifyRoutes(verifyLimit));
  r.use('/api/v1/certificates', verifyApiRoutes(verifyLimit)); // public; the admin routes below answer the rest
  r.use('/api/v1/certificates', requireAdmin, adminCertificateApiRoutes());
  r.use('/api/v1/me/certificates', requireLogin, myCertificatesApiRoutes({ baseUrl: config.BASE_URL }));
  r.use('/api/v1/me', requireLogin, myProgressApiRoutes(player, packageListedFor));
  const { q2 } = ctx.services;
  r.use('/q2', requireLotse, lotseQ2Routes(q2));
  r.use('/api/v1/q2', requireLotse, q2ApiRoutes());
  r.use('/admin/authorisations', requireAdmin, adminAuthorisationRoutes(q2));
  r.use('/staff/workshops', requireStaff, staffWorkshopRoutes(q2));
  r.use('/staff/cohorts', requireStaff, staffEnrolRoutes(q2)); // its /:id/enrol routes are requireAdmin inside
  r.use(
    '/staff/cohorts',
    requireStaff,
    staffCohortRoutes({ ...q2, requiredAttendance: config.Q2_REQUIRED_ATTENDANCE }),
  );
  r.use('/api/v1/authorisations', requireAdmin, authorisationApiRoutes(q2));
  r.use('/api/v1/workshops', requireStaff, workshopApiRoutes(q2));
  r.use('/api/v1/cohorts', requireStaff, cohortEnrolmentApiRoutes()); // admin only inside
  r.use('/api/v1/cohorts', requireStaff, cohortApiRoutes({ ...q2, requiredAttendance: config.Q2_REQUIRED_ATTENDANCE }));
  r.use('/admin/audit', requireAdmin, adminAuditRoutes());
  r.use('/api/v1/audit', requireAdmin, auditApiRoutes());
  r.use('/admin/api-tokens', requireAdmin, adminApiTokenRoutes({ baseUrl: config.BASE_URL }));
  r.use('/admin/offerings', requireAdmin, adminOfferingRoutes());
  r.use('/api/v1/offerings', requireAdmin, offeringApiRoutes());
  r.use('/angebote', requireLogin, offeringLearnerRoutes({ issuer: ctx.services.certificates }));
  r.use('/staff/teilnehmer', requireStaff, staffTeilnehmerRoutes({ mailer: ctx.mailer, baseUrl: config.BASE_URL }));
  r.use(
    '/admin/outbox',
    requireAdmin,
    adminOutboxRoutes({ sequelize: ctx.sequelize, maxAttempts: config.OUTBOX_MAX_ATTEMPTS }),
  );
  r.use('/api/v1/outbox', requireAdmin, outboxApiRoutes({ sequelize: ctx.sequelize }));
  r.use('/admin/lti', requireAdmin, adminLtiRoutes({ sequelize: ctx.sequelize, baseUrl: config.BASE_URL }));
  r.use('/api/v1/lti', requireAdmin, ltiApiRoutes({ sequelize: ctx.sequelize, baseUrl: config.BASE_URL }));
  r.use('/lti/link', requireLogin, ltiLinkRoutes());
  r.use(
    '/lti/register',
    requireAdmin,
    ltiRegistrationRoutes({ sequelize: ctx.sequelize, baseUrl: config.BASE_URL, logger: ctx.logger }),
  );
  r.use('/staff/lti', requireStaff, staffLtiRoutes({ lti: ctx.services.lti, standings }));
  r.use('/reports', requireStaff, reportRoutes(ctx.services.reportDb));
  r.use('/api/v1/reports', requireStaff, reportApiRoutes(ctx.services.reportDb));
  r.use('/austausch', requireLogin, exchangeWebRoutes(exchange));
  r.use('/api/v1/spaces', requireLogin, exchangeSpaceApiRoutes(exchange));
  r.use('/api/v1/threads', requireLogin, exchangeThreadApiRoutes(exchange));
  r.use(homeRoutes(requireLogin, player));
  return r;
}

/** Routes that authorise each request by a signed token in the URL, without a session (see app.ts). */
export function buildUrlTokenRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(playerTokenRoutes({ logger: ctx.logger, runtime: ctx.services.player }));
  return r;
}

/**
 * The LTI protocol routes: posted cross-site by a platform, so they come after the session (a launch
 * logs the person in) but before the CSRF check; each authorises itself (state cookie + signed
 * id_token, or a value we signed). See src/lti/README.md.
 */
export function buildPreCsrfRoutes(ctx: AppContext): Router {
  return ltiProtocolRoutes(ctx.services.lti);
}
