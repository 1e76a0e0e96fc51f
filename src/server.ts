import cluster from 'node:cluster';
import os from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { loadConfig, ConfigError, type Config } from './config';
import { createContext, type AppContext } from './context';
import { buildApp } from './app';
import { buildContentApp } from './packages';
import { runStartupTasks } from './startup';
import { withStartupLock, STARTUP_LOCK } from './shared/db/startup-lock';

/** Resolves once the port is bound, so the start line can say which address and port it really got. */
function listen(app: Express, port: number, host: string | undefined): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = host === undefined ? app.listen(port) : app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** `http://127.0.0.1:3900`, `http://[::]:3900` — the bound address, not BASE_URL (which may be a proxy's). */
export function listeningUrl(bound: AddressInfo): string {
  const host = bound.family === 'IPv6' || bound.address.includes(':') ? `[${bound.address}]` : bound.address;
  return `http://${host}:${bound.port}`;
}

/**
 * Worker processes (node:cluster): WEB_CONCURRENCY, else one per core on MySQL/MariaDB. SQLite has
 * one writer per file, so more processes there only wait on each other's lock: 1, as in tests.
 */
export function workerCount(config: Config): number {
  if (config.WEB_CONCURRENCY !== undefined) return config.WEB_CONCURRENCY;
  if (config.NODE_ENV === 'test' || config.databaseUrl.startsWith('sqlite:')) return 1;
  return os.availableParallelism();
}

/**
 * Starts the server: config, migrations, start-up tasks, listen, graceful shutdown. A cluster
 * worker (`worker: true`) skips migrations and start-up tasks: the primary ran them once.
 */
export async function startServer(
  opts: { worker?: boolean } = {},
): Promise<{ server: Server; contentServer: Server; ctx: AppContext }> {
  const config = loadConfig();
  const ctx = await createContext(config, { migrate: !opts.worker });
  const app = buildApp(ctx);
  if (!opts.worker) {
    await withStartupLock(ctx.sequelize, STARTUP_LOCK, () => runStartupTasks(ctx));
    // Missed work (finished cohorts, due certificates, gate mails) is caught up now and then on a timer;
    // the listeners it triggers were registered by the composition root in createContext.
    await ctx.services.catchUp.run();
  }
  // Every serving process ticks; a database lease lets exactly one of them run each job per interval.
  ctx.services.scheduler.start();
  // Any process works off the outbox (certificates, mails); claims keep two processes off one message.
  ctx.services.outbox.start();
  const server = await listen(app, config.PORT, config.HOST);
  const bound = server.address() as AddressInfo;
  if (cluster.isPrimary || cluster.worker?.id === 1) {
    ctx.logger.info(
      {
        host: bound.address,
        port: bound.port,
        baseUrl: config.BASE_URL,
        database: ctx.sequelize.getDialect(),
        dataDir: config.dataDir,
        storage: ctx.services.storage.location,
        workers: workerCount(config),
      },
      `gezu-lms listening on ${listeningUrl(bound)}`,
    );
  }
  // Package content on its own origin (docs/security.md): a second, session-less app on CONTENT_PORT.
  const contentServer = await listen(
    buildContentApp({
      logger: ctx.logger,
      packages: ctx.services.packages,
      standings: ctx.services.standings,
      frameAncestors: ctx.services.lti.frameAncestors,
    }),
    config.contentPort,
    config.HOST,
  );
  if (cluster.isPrimary || cluster.worker?.id === 1) {
    ctx.logger.info(
      { port: (contentServer.address() as AddressInfo).port, contentOrigin: config.contentOrigin },
      'package content served on its own origin',
    );
  }
  const shutdown = (signal: string) => {
    ctx.logger.info({ signal, pid: process.pid }, 'shutting down');
    contentServer.close();
    server.close(() => ctx.close().finally(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return { server, contentServer, ctx };
}

/**
 * The cluster's primary: migrations and start-up tasks once, then N workers that share the port(s).
 * A worker that dies is replaced; nothing a worker holds in memory matters (sessions and login
 * limits live in the database; launch-token epochs and version catalogues are caches; the
 * per-attempt commit bucket is only a brake).
 */
async function startPrimary(config: Config, workers: number): Promise<void> {
  const ctx = await createContext(config);
  await withStartupLock(ctx.sequelize, STARTUP_LOCK, () => runStartupTasks(ctx));
  await ctx.services.catchUp.run();
  await ctx.close();
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    ctx.logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a new one');
    setTimeout(fork, 1_000).unref();
  });
  for (let i = 0; i < workers; i++) fork();
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    ctx.logger.info({ signal, workers }, 'stopping workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function main(): Promise<void> {
  if (cluster.isWorker) {
    await startServer({ worker: true });
    return;
  }
  const config = loadConfig();
  const workers = workerCount(config);
  if (workers <= 1) await startServer();
  else await startPrimary(config, workers);
}

if (require.main === module) {
  main().catch((err) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
    } else {
      console.error('gezu-lms failed to start:', err);
    }
    process.exit(1);
  });
}
