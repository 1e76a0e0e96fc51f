/**
 * Profiling aid for the reports benchmark (not a benchmark itself): seeds once into a kept database
 * (REPORTS_PROFILE_DB=sqlite|mariadb), then times every statement of the dashboard and drill-down,
 * in the handler and over HTTP, and prints the statements with their durations.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { seedReports } from './reports-bench';

const kind = (process.env.REPORTS_PROFILE_DB ?? 'sqlite') as 'sqlite' | 'mariadb';
const dir = '/tmp/perf/profile-data';

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const url =
    kind === 'sqlite' ? `sqlite:${path.join(dir, 'prof.sqlite')}` : 'mysql://root@127.0.0.1:3306/gezu_perf_profile';
  if (kind === 'mariadb') {
    const mysql = await import('mysql2/promise');
    const c = await mysql.createConnection('mysql://root@127.0.0.1:3306');
    await c.query('CREATE DATABASE IF NOT EXISTS gezu_perf_profile CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await c.end();
  }
  const { loadConfig } = await import('../../src/config');
  const { createContext } = await import('../../src/context');
  const { buildApp } = await import('../../src/app');
  const ctx = await createContext(
    loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dir,
      DATABASE_URL: url,
      SESSION_SECRET: 'bench-secret-bench-secret',
      LOG_LEVEL: 'silent',
      IMPORT_COURSES: 'false',
    }),
  );
  const [[{ n }]] = (await ctx.sequelize.query('SELECT COUNT(*) AS n FROM users')) as any;
  if (Number(n) < 100) {
    await seedReports(ctx.sequelize, 10_000);
    await ctx.sequelize.query(
      kind === 'sqlite' ? 'ANALYZE' : 'ANALYZE TABLE users, attempts, sco_attempts, package_completions',
    );
  }
  const log: { sql: string; ms: number }[] = [];
  const orig = ctx.sequelize.query.bind(ctx.sequelize);
  (ctx.sequelize as any).query = async (...args: any[]) => {
    const t = process.hrtime.bigint();
    try {
      return await (orig as any)(...args);
    } finally {
      log.push({
        sql: String(typeof args[0] === 'string' ? args[0] : (args[0]?.query ?? args[0]))
          .replace(/\s+/g, ' ')
          .slice(0, 140),
        ms: Number(process.hrtime.bigint() - t) / 1e6,
      });
    }
  };
  const server = buildApp(ctx).listen(0, '127.0.0.1');
  const agent = request.agent(server);
  const login = await agent.get('/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
  await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrf, email: 'admin@bench.example', password: 'bench-passwort-123' })
    .expect(303);
  const targets = (
    process.env.PROFILE_URLS ??
    '/reports,/reports/lotsen/5003,/reports?region=saarland&module=technik&status=in_progress'
  ).split(',');
  for (const u of targets) {
    for (let i = 0; i < 3; i++) await agent.get(u).expect(200);
    const runs: number[] = [];
    let last: typeof log = [];
    for (let i = 0; i < 5; i++) {
      log.length = 0;
      const t = process.hrtime.bigint();
      await agent.get(u).buffer(true).expect(200);
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
      last = [...log];
    }
    runs.sort((a, b) => a - b);
    console.log(
      `\n${u}: median ${runs[2].toFixed(1)} ms (${runs.map((r) => r.toFixed(0)).join(' ')}), ${last.length} statements, sum ${last.reduce((s, l) => s + l.ms, 0).toFixed(1)} ms`,
    );
    if (!process.env.QUIET) for (const l of last) console.log(`  ${l.ms.toFixed(1).padStart(7)}  ${l.sql}`);
  }
  server.close();
  await ctx.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
