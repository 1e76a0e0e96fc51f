import type { Server } from 'node:http';
import { loadConfig, ConfigError } from './config';
import { createContext, type AppContext } from './context';
import { buildApp } from './app';
import { runStartupTasks } from './startup';
import { withStartupLock, STARTUP_LOCK } from './shared/db/startup-lock';

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
  const server = app.listen(config.PORT, () => {
    ctx.logger.info({ port: config.PORT, database: ctx.sequelize.getDialect(), dataDir: config.dataDir }, `gezu-lms listening on ${config.BASE_URL}`);
  });
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
