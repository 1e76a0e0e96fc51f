/**
 * One test file's whole installation: its own MariaDB, a migrated database and data folder, and the
 * app in N processes behind two round-robin proxies (the app's origin and the content origin), as a
 * load balancer would front them. The test process also holds a context on the same database
 * (migrations, packages, users and attempts are made through the real code).
 */
import fs from 'node:fs';
import path from 'node:path';
import { OwnMariaDb } from './mariadb';
import { startProxy, type Proxy } from './proxy';
import { baseEnv, buildIfNeeded, startApp, SECRET, type AppProcess } from './app-process';
import { loadConfig } from '../../../src/config';
import { createContext, type AppContext } from '../../../src/context';
import { buildApp } from '../../../src/app';
import { createLogger } from '../../../src/shared/logger';

export interface Stack {
  db: OwnMariaDb;
  database: string;
  databaseUrl: string;
  dataDir: string;
  ctx: AppContext;
  appProxy: Proxy;
  contentProxy: Proxy;
  apps: AppProcess[];
  env: Record<string, string>;
  /** Rows of the test's database, read over a fresh connection (survives the server's restarts). */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes the test's own context once the rows are made (its pool would not survive the outages). */
  closeSetup(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(name: string, processes: number, env: Record<string, string> = {}): Promise<Stack> {
  buildIfNeeded();
  const db = await OwnMariaDb.create(name, ['--skip-log-bin']);
  const database = 'gezu';
  const databaseUrl = await db.createDatabase(database);
  const dataDir = path.join(db.dir, 'app-data');
  fs.mkdirSync(dataDir);
  const appBackends: string[] = [];
  const contentBackends: string[] = [];
  const appProxy = await startProxy(appBackends);
  const contentProxy = await startProxy(contentBackends);
  const allEnv = {
    ...baseEnv({ databaseUrl, dataDir, baseUrl: appProxy.url, contentUrl: contentProxy.url }),
    ...env,
  };
  const apps: AppProcess[] = [];
  let ctx: AppContext;
  try {
    ctx = await createContext(loadConfig({ ...allEnv, SESSION_SECRET: SECRET, LOG_LEVEL: 'silent' }), {
      logger: createLogger('silent'),
    });
    buildApp(ctx); // binds the component settings (player caps, launch tokens) as the server does
    for (let i = 0; i < processes; i++) apps.push(await startApp(`app${i + 1}`, allEnv));
  } catch (err) {
    await Promise.all(apps.map((a) => a.stop()));
    await appProxy.close();
    await contentProxy.close();
    await db.destroy();
    throw err;
  }
  for (const a of apps) {
    appBackends.push(a.url);
    contentBackends.push(a.contentUrl);
  }
  let setupOpen = true;
  const closeSetup = async () => {
    if (setupOpen) await ctx.close().catch(() => undefined);
    setupOpen = false;
  };
  return {
    db,
    database,
    databaseUrl,
    dataDir,
    ctx,
    appProxy,
    contentProxy,
    apps,
    env: allEnv,
    rows: (sql, params) => db.query(database, sql, params),
    closeSetup,
    async close() {
      await Promise.all(apps.map((a) => a.stop()));
      await appProxy.close();
      await contentProxy.close();
      await closeSetup();
      await db.destroy();
    },
  };
}
