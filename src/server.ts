import type { Server } from 'node:http';
import { loadConfig, ConfigError } from './config';
import { createContext, type AppContext } from './context';
import { buildApp } from './app';
import { buildContentApp } from './packages';
import { runStartupTasks } from './startup';
import { withStartupLock } from './shared/db/startup-lock';

/** Starts the server: config, migrations, start-up tasks, listen, graceful shutdown. */
export async function startServer(): Promise<{ server: Server; contentServer: Server; ctx: AppContext }> {
  const config = loadConfig();
  const ctx = await createContext(config);
  // The app is built first: building it registers the event listeners (certificates, gate notices)
  // that the start-up tasks may trigger, e.g. when finished Q2 cohorts are settled.
  const app = buildApp(ctx);
  await withStartupLock(ctx.sequelize, 'gezu-lms:startup', () => runStartupTasks(ctx));
  const server = app.listen(config.PORT, () => {
    ctx.logger.info({ port: config.PORT, database: ctx.sequelize.getDialect(), dataDir: config.dataDir }, `gezu-lms listening on ${config.BASE_URL}`);
  });
  // Package content on its own origin (docs/security.md): a second, session-less app on CONTENT_PORT.
  const contentServer = buildContentApp({ logger: ctx.logger }).listen(config.contentPort, () => {
    ctx.logger.info({ port: config.contentPort }, `package content served for ${config.contentOrigin}`);
  });
  const shutdown = (signal: string) => {
    ctx.logger.info({ signal }, 'shutting down');
    contentServer.close();
    server.close(() => ctx.close().finally(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return { server, contentServer, ctx };
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
