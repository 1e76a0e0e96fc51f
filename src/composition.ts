import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { Logger } from './shared/logger';
import type { Mailer } from './shared/mailer';
import { createCertificateIssuer, type CertificateIssuer } from './certificates';
import {
  gateOnPackageCompleted,
  gateMetMail,
  authorisationMail,
  AUTHORISATION_MAIL,
  type AuthorisationMailPayload,
  GATE_MET_MAIL,
  Q2_COMPLETED,
  type Q2CompletedEvent,
} from './enrolment';
import type { EnrolmentDeps } from './enrolment/deps';
import { createLtiService, type LtiService } from './lti';
import {
  PACKAGE_COMPLETED,
  ATTEMPT_RESULT_CHANGED,
  createPlayerRuntime,
  openCommitSql,
  type PackageCompletedPayload,
  type AttemptResult,
  type PlayerRuntime,
} from './player';
import { createTokenStandings, configurePassport, type TokenStandings, type AppPassport } from './auth';
import { packageSettingsFrom, type PackageSettings } from './packages';
import { createReportDb, type ReportDb } from './reports';
import { createOutbox, mailHandler, fullMailHandler, MAIL, type Outbox } from './outbox';
import {
  createExchangeService,
  DIGEST_MAIL,
  POST_MAILS,
  type DigestPayload,
  type NewPost,
  type ExchangeService,
} from './exchange';
import { MOVED_UP_MAIL, movedUpMail, type MovedUpPayload } from './curriculum';
import { createObjectStore, type ObjectStore } from './shared/storage';
import { runCatchUp, runCleanUp, createScheduler, type CatchUpReport, type Scheduler } from './jobs';
import { createLrsSender, createXapiRecorder, XAPI_STATEMENT, type XapiStatement } from './xapi';

/**
 * The composition root: every service the route builders, the start-up and the jobs use is built
 * here, once per process, from the typed config — never on the first request, and no component keeps
 * settings in module variables. The outbox handlers are registered here too, so every process (one that
 * serves pages, one that only runs jobs) can work off any message.
 */
export interface Services {
  /** Package content and uploaded documents: the data folder, or S3 when STORAGE_URL is set. */
  storage: ObjectStore;
  /** Per-user token epoch and active flag, cached briefly: launch tokens and content links check it. */
  standings: TokenStandings;
  /** Login (local strategy) and the session's user: one Passport per app, not the library's shared one. */
  passport: AppPassport;
  /** Package settings (zip limits, upload size, content origin and its key, the store): import, upload, content origin. */
  packages: PackageSettings;
  /** Launch-token signer, commit-rate buckets and commit caps of the player (src/player). */
  player: PlayerRuntime;
  /** Where report and export queries go: the read replica of DATABASE_READ_URL, or the main connection. */
  reportDb: ReportDb;
  certificates: CertificateIssuer;
  /** What the Q2 routes (enrolment, curriculum) need from the running server. */
  q2: EnrolmentDeps;
  /** The LTI 1.3 tool (keys, platform keys, grade pass-back). */
  lti: LtiService;
  /** Durable after-commit work (src/outbox): the server starts its polling; tests call `drain()`. */
  outbox: Outbox;
  /** Spaces, threads, posts, moderation and mention mails of the exchange (Austausch). */
  exchange: ExchangeService;
  catchUp: {
    /** One run of the catch-up job (start-up, tests); scheduled runs go through `scheduler`. */
    run(): Promise<CatchUpReport>;
  };
  /** Scheduled work under a database lease (catch-up, clean-up): once per interval across all processes. */
  scheduler: Scheduler;
  /** Stops the outbox worker and the scheduler (tests build several apps in one process). */
  dispose(): Promise<void>;
}

export function composeServices(base: {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  /** The read replica (DATABASE_READ_URL) for reports and exports; the main connection when not set. */
  readSequelize?: Sequelize;
  mailer: Mailer;
}): Services {
  const { config, logger, sequelize, mailer } = base;
  const storage = createObjectStore(config);
  const standings = createTokenStandings();
  const packages = packageSettingsFrom(config, storage);
  // The commit's own driver pool (src/player/commit-sql.ts): 10 connections per process beside Sequelize's 20.
  const commitSql = openCommitSql(sequelize, {
    databaseUrl: config.databaseUrl,
    poolSize: 10,
    statementTimeoutMs: config.DB_QUERY_TIMEOUT_SECONDS * 1000,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_SECONDS * 1000,
    acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_SECONDS * 1000,
  });
  const player = createPlayerRuntime(config, {
    standings,
    packages,
    events: config.XAPI_LRS_URL ? createXapiRecorder({ baseUrl: config.BASE_URL }) : null,
    commitSql,
  });
  const certificates = createCertificateIssuer({ placeOfIssue: config.CERTIFICATE_PLACE, logger });
  const q2: EnrolmentDeps = {
    mailer,
    logger,
    baseUrl: config.BASE_URL,
    documents: storage,
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
    keyEncryptionKey: config.KEY_ENCRYPTION_KEY,
  });
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
  // Mails: each message is one mail, sent at most once once the mail server took it (see outbox/mail.ts).
  const mails = { sequelize, mailer };
  outbox.register(MAIL, fullMailHandler(mails));
  outbox.register(
    GATE_MET_MAIL,
    mailHandler(mails, (p: { userId: number }) => gateMetMail(q2, p)),
  );
  outbox.register(
    AUTHORISATION_MAIL,
    mailHandler(mails, (p: AuthorisationMailPayload) => authorisationMail(q2, p)),
  );
  outbox.register(
    MOVED_UP_MAIL,
    mailHandler(mails, (p: MovedUpPayload) => movedUpMail(config.BASE_URL, p)),
  );
  outbox.register<AttemptResult>(ATTEMPT_RESULT_CHANGED, (p) => lti.grades.onResult(p));
  if (config.XAPI_LRS_URL) {
    const send = createLrsSender({ url: config.XAPI_LRS_URL, auth: config.XAPI_LRS_AUTH ?? null }, logger);
    outbox.register<XapiStatement>(XAPI_STATEMENT, send);
  }

  const exchange = createExchangeService({
    baseUrl: config.BASE_URL,
    limits: { perWindow: config.EXCHANGE_POSTS_PER_WINDOW, windowMinutes: config.EXCHANGE_POST_WINDOW_MINUTES },
    storage,
    attachmentMaxBytes: config.DOCUMENT_MAX_BYTES,
    digestHour: config.EXCHANGE_DIGEST_HOUR,
  });
  outbox.register(
    DIGEST_MAIL,
    mailHandler(mails, (p: DigestPayload) => exchange.digestMail(p)),
  );
  outbox.register<NewPost>(POST_MAILS, async (p) => {
    await exchange.writePostMails(p);
  });
  const jobDeps = { sequelize, logger, certificates, notices: q2 };
  const scheduler = createScheduler({
    sequelize,
    logger,
    jobs: [
      { name: 'catch-up', intervalSeconds: config.CATCH_UP_INTERVAL_SECONDS, run: () => runCatchUp(jobDeps) },
      { name: 'clean-up', intervalSeconds: config.CLEAN_UP_INTERVAL_SECONDS, run: () => runCleanUp(sequelize) },
      {
        name: 'exchange-digest',
        intervalSeconds: config.EXCHANGE_DIGEST_INTERVAL_SECONDS,
        run: () => exchange.enqueueDueDigests(),
      },
    ],
  });
  return {
    storage,
    standings,
    passport: configurePassport(),
    packages,
    player,
    reportDb: createReportDb(base.readSequelize ?? sequelize),
    certificates,
    q2,
    lti,
    outbox,
    exchange,
    catchUp: { run: () => runCatchUp(jobDeps) },
    scheduler,
    async dispose() {
      await scheduler.stop();
      await outbox.stop();
      await commitSql?.close();
      storage.close();
    },
  };
}
