import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { Logger } from './shared/logger';
import type { Mailer } from './shared/mailer';
import { createCertificateIssuer, type CertificateIssuer } from './certificates';
import {
  gateOnPackageCompleted,
  sendGateMetMail,
  GATE_MET_MAIL,
  Q2_COMPLETED,
  type Q2CompletedEvent,
} from './enrolment';
import type { EnrolmentDeps } from './enrolment/deps';
import { PACKAGE_COMPLETED, type PackageCompletedPayload } from './player';
import { createOutbox, type Outbox } from './outbox';
import { createExchangeService, type ExchangeService } from './exchange';
import { createObjectStore, type ObjectStore } from './shared/storage';
import { runCatchUp, startCatchUpTimer, type CatchUpReport, type CatchUpTimer } from './jobs';

/**
 * The composition root: every service the route builders, the start-up and the jobs use is built
 * here, once per process, from the typed config — never on the first request, and no component keeps
 * settings in module variables. The outbox handlers are registered here too, so every process (one that
 * serves pages, one that only runs jobs) can work off any message.
 */
export interface Services {
  /** Package content and uploaded documents: the data folder, or S3 when STORAGE_URL is set. */
  storage: ObjectStore;
  certificates: CertificateIssuer;
  /** What the Q2 routes (enrolment, curriculum) need from the running server. */
  q2: EnrolmentDeps;
  /** Durable after-commit work (src/outbox): the server starts its polling; tests call `drain()`. */
  outbox: Outbox;
  /** Spaces, threads, posts, moderation and mention mails of the exchange (Austausch). */
  exchange: ExchangeService;
  catchUp: {
    /** One run of the catch-up job (start-up, timer, tests). */
    run(): Promise<CatchUpReport>;
    /** Starts the timer (CATCH_UP_INTERVAL_SECONDS); the server does, tests call `run` instead. */
    startTimer(): CatchUpTimer;
  };
  /** Stops the outbox worker and the timer (tests build several apps in one process). */
  dispose(): Promise<void>;
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
  const outbox = createOutbox({
    sequelize,
    logger,
    settings: {
      maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
      retrySeconds: config.OUTBOX_RETRY_SECONDS,
      pollSeconds: config.OUTBOX_POLL_SECONDS,
      claimSeconds: config.OUTBOX_CLAIM_SECONDS,
    },
  });
  // Every message type and what handles it; each handler is idempotent (a retry may run it again).
  outbox.register<PackageCompletedPayload>(PACKAGE_COMPLETED, (p) => certificates.onPackageCompleted(p));
  outbox.register<PackageCompletedPayload>(PACKAGE_COMPLETED, (p) => gateOnPackageCompleted(q2, p));
  outbox.register<Q2CompletedEvent>(Q2_COMPLETED, (p) => certificates.onQ2Completed(p));
  outbox.register<{ userId: number }>(GATE_MET_MAIL, (p) => sendGateMetMail(q2, p));

  const exchange = createExchangeService({
    mailer,
    logger,
    baseUrl: config.BASE_URL,
    limits: { perWindow: config.EXCHANGE_POSTS_PER_WINDOW, windowMinutes: config.EXCHANGE_POST_WINDOW_MINUTES },
  });
  const jobDeps = { sequelize, logger, certificates, notices: q2 };
  const timers: CatchUpTimer[] = [];
  return {
    storage,
    certificates,
    q2,
    outbox,
    exchange,
    catchUp: {
      run: () => runCatchUp(jobDeps),
      startTimer: () => {
        const timer = startCatchUpTimer(jobDeps, config.CATCH_UP_INTERVAL_SECONDS);
        timers.push(timer);
        return timer;
      },
    },
    async dispose() {
      for (const t of timers.splice(0)) t.stop();
      await outbox.stop();
      storage.close();
    },
  };
}
