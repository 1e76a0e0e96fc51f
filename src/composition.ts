import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { Logger } from './shared/logger';
import type { Mailer } from './shared/mailer';
import { createCertificateIssuer, type CertificateIssuer } from './certificates';
import { registerGateListeners } from './enrolment';
import type { EnrolmentDeps } from './enrolment/deps';
import { createLtiService, type LtiService } from './lti';
import { runCatchUp, startCatchUpTimer, type CatchUpReport, type CatchUpTimer } from './jobs';

/**
 * The composition root: every service the route builders, the start-up and the jobs use is built
 * here, once per process, from the typed config — never on the first request, and no component keeps
 * settings in module variables. The event listeners are registered here too, so a process that only
 * runs jobs hears the same events as one that serves pages.
 */
export interface Services {
  certificates: CertificateIssuer;
  /** What the Q2 routes (enrolment, curriculum) need from the running server. */
  q2: EnrolmentDeps;
  /** The LTI 1.3 tool (keys, platform keys, grade pass-back). */
  lti: LtiService;
  catchUp: {
    /** One run of the catch-up job (start-up, timer, tests). */
    run(): Promise<CatchUpReport>;
    /** Starts the timer (CATCH_UP_INTERVAL_SECONDS); the server does, tests call `run` instead. */
    startTimer(): CatchUpTimer;
  };
  /** Removes the listeners and stops the timer (tests build several apps in one process). */
  dispose(): void;
}

export function composeServices(base: {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  mailer: Mailer;
}): Services {
  const { config, logger, sequelize, mailer } = base;
  const certificates = createCertificateIssuer({ placeOfIssue: config.CERTIFICATE_PLACE, logger });
  const q2: EnrolmentDeps = {
    mailer,
    logger,
    baseUrl: config.BASE_URL,
    dataDir: config.dataDir,
    documentMaxBytes: config.DOCUMENT_MAX_BYTES,
  };
  const lti = createLtiService({
    sequelize,
    logger,
    baseUrl: config.BASE_URL,
    secureCookies: config.secureCookies,
    sessionSecret: config.sessionSecret,
    jwksCooldownSeconds: config.LTI_JWKS_COOLDOWN_SECONDS,
    jwksCacheSeconds: config.LTI_JWKS_CACHE_SECONDS,
  });
  const unlisten = [certificates.listen(), registerGateListeners(q2), lti.listen()];
  const jobDeps = { sequelize, logger, certificates, notices: q2, lti };
  const timers: CatchUpTimer[] = [];
  return {
    certificates,
    q2,
    lti,
    catchUp: {
      run: () => runCatchUp(jobDeps),
      startTimer: () => {
        const timer = startCatchUpTimer(jobDeps, config.CATCH_UP_INTERVAL_SECONDS);
        timers.push(timer);
        return timer;
      },
    },
    dispose() {
      for (const t of timers.splice(0)) t.stop();
      for (const off of unlisten.splice(0)) off();
    },
  };
}
