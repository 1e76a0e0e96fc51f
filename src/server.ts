import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { loadConfig, ConfigError } from './config';
import { createContext, type AppContext } from './context';
import { buildApp } from './app';
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

/** Starts the server: config, migrations, start-up tasks, listen, graceful shutdown. */
export async function startServer(): Promise<{ server: Server; ctx: AppContext }> {
  const config = loadConfig();
  const ctx = await createContext(config);
  const app = buildApp(ctx);
  await withStartupLock(ctx.sequelize, STARTUP_LOCK, () => runStartupTasks(ctx));
  // Missed work (finished cohorts, due certificates, gate mails) is caught up now and then on a timer;
  // the listeners it triggers were registered by the composition root in createContext.
  await ctx.services.catchUp.run();
  ctx.services.catchUp.startTimer();
  const server = await listen(app, config.PORT, config.HOST);
  const bound = server.address() as AddressInfo;
  ctx.logger.info(
    { host: bound.address, port: bound.port, baseUrl: config.BASE_URL, database: ctx.sequelize.getDialect(), dataDir: config.dataDir },
    `gezu-lms listening on ${listeningUrl(bound)}`,
  );
  const shutdown = (signal: string) => {
    ctx.logger.info({ signal }, 'shutting down');
    server.close(() => ctx.close().finally(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return { server, ctx };
}

if (require.main === module) {
  startServer().catch((err) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
    } else {
      console.error('gezu-lms failed to start:', err);
    }
    process.exit(1);
  });
}
