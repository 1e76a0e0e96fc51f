import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { Logger } from './shared/logger';
import type { Mailer } from './shared/mailer';
import { createCertificateIssuer, type CertificateIssuer } from './certificates';
import { registerGateListeners } from './enrolment';
import type { EnrolmentDeps } from './enrolment/deps';
import { createObjectStore, type ObjectStore } from './shared/storage';
import { runCatchUp, startCatchUpTimer, type CatchUpReport, type CatchUpTimer } from './jobs';

/**
 * The composition root: every service the route builders, the start-up and the jobs use is built
 * here, once per process, from the typed config — never on the first request, and no component keeps
 * settings in module variables. The event listeners are registered here too, so a process that only
 * runs jobs hears the same events as one that serves pages.
 */
export interface Services {
  /** Package content and uploaded documents: the data folder, or S3 when STORAGE_URL is set. */
  storage: ObjectStore;
  certificates: CertificateIssuer;
  /** What the Q2 routes (enrolment, curriculum) need from the running server. */
  q2: EnrolmentDeps;
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
  const storage = createObjectStore(config);
  const certificates = createCertificateIssuer({ placeOfIssue: config.CERTIFICATE_PLACE, logger });
  const q2: EnrolmentDeps = {
    mailer,
    logger,
    baseUrl: config.BASE_URL,
    documents: storage,
    documentMaxBytes: config.DOCUMENT_MAX_BYTES,
  };
  const unlisten = [certificates.listen(), registerGateListeners(q2)];
  const jobDeps = { sequelize, logger, certificates, notices: q2 };
  const timers: CatchUpTimer[] = [];
  return {
    storage,
    certificates,
    q2,
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
      storage.close();
    },
  };
}
