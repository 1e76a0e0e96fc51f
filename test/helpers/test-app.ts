import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../src/config';
import { createContext, type AppContext } from '../../src/context';
import { buildApp } from '../../src/app';
import { buildContentApp } from '../../src/packages';
import { createLogger } from '../../src/shared/logger';

export type TestDb = 'sqlite' | 'mariadb';
export const TEST_DB: TestDb = process.env.TEST_DB === 'mariadb' ? 'mariadb' : 'sqlite';
export const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestApp {
  ctx: AppContext;
  app: Express;
  /** The content origin's app (package files, launcher page); no session. */
  contentApp: Express;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A fresh database for one test file — a temporary SQLite file, or a new MariaDB database that is
 * dropped afterwards — migrated to the latest schema, and the real app built on it.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  opts: { logger?: AppContext['logger'] } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-test-'));
  let databaseUrl = `sqlite:${path.join(dataDir, 'test.sqlite')}`;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (TEST_DB === 'mariadb') {
    const name = `gezu_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const mysql = await import('mysql2/promise');
    const admin = await mysql.createConnection(MARIADB_URL);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    databaseUrl = `${MARIADB_URL}/${name}`;
    dropDatabase = async () => {
      const c = await mysql.createConnection(MARIADB_URL);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    };
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    LOG_LEVEL: 'silent',
    IMPORT_COURSES: 'false',
    ...env,
  });
  const ctx = await createContext(config, {
    logger: opts.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  const app = buildApp(ctx);
  const contentApp = buildContentApp({
    logger: ctx.logger,
    packages: ctx.services.packages,
    standings: ctx.services.standings,
    frameAncestors: ctx.services.lti.frameAncestors,
  });
  return {
    ctx,
    app,
    contentApp,
    config,
    dataDir,
    async close() {
      await ctx.close();
      await dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
