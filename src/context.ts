import fs from 'node:fs';
import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import { createLogger, wantsPrettyLogs, type Logger } from './shared/logger';
import { openDatabase, withoutQueryTimeout, type DbTimeouts } from './shared/db/connection';
import { migrateToLatest } from './shared/db/migrator';
import { withStartupLock } from './shared/db/startup-lock';
import { defineAllModels } from './models';
import { createMailer, type Mailer } from './shared/mailer';
import { composeServices, type Services } from './composition';

/** Everything a running server holds, built once at boot (never on the first request). */
export interface AppContext {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  /** Reports and exports read here: the replica of DATABASE_READ_URL, else `sequelize` itself. */
  readSequelize: Sequelize;
  mailer: Mailer;
  /** Built once by the composition root (src/composition.ts). */
  services: Services;
  close(): Promise<void>;
}

export async function createContext(
  config: Config,
  opts: { migrate?: boolean; logger?: Logger } = {},
): Promise<AppContext> {
  const logger =
    opts.logger ??
    createLogger(
      config.LOG_LEVEL,
      false,
      wantsPrettyLogs(config.LOG_FORMAT, config.isProduction, !!process.stdout.isTTY),
    );
  fs.mkdirSync(config.dataDir, { recursive: true });
  const timeouts: DbTimeouts = {
    connectMs: config.DB_CONNECT_TIMEOUT_SECONDS * 1000,
    acquireMs: config.DB_ACQUIRE_TIMEOUT_SECONDS * 1000,
    queryMs: config.DB_QUERY_TIMEOUT_SECONDS * 1000,
  };
  const sequelize = openDatabase(config.databaseUrl, logger, timeouts);
  await sequelize.authenticate();
  if (opts.migrate !== false) {
    // No statement limit here: a migration of a large table, or waiting for another process's migrations.
    const ran = await withoutQueryTimeout(() =>
      withStartupLock(sequelize, 'gezu-lms:migrate', () => migrateToLatest(sequelize)),
    );
    if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
  }
  defineAllModels(sequelize);
  // A replica answers reports and exports only; it lags a little behind the primary (docs/operations.md).
  const readSequelize = config.DATABASE_READ_URL ? openDatabase(config.DATABASE_READ_URL, logger, timeouts) : sequelize;
  const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM, logger);
  const services = composeServices({ config, logger, sequelize, readSequelize, mailer });
  return {
    config,
    logger,
    sequelize,
    readSequelize,
    mailer,
    services,
    close: async () => {
      await services.dispose();
      if (readSequelize !== sequelize) await readSequelize.close();
      await sequelize.close();
    },
  };
}
