/**
 * Reports benchmark (issue #7): 10,000 Lotsen with three module attempts each and realistic SCO
 * data (the knowledge-check SCO carries 12 interactions in its cmi_json), generated with bulk inserts
 * into a fresh database, on SQLite and on MariaDB. Times, over HTTP through the real app as an admin
 * (who sees everyone, the worst case): the dashboard's first page, a filtered page, a drill-down and
 * the full matrix CSV; each against the single raw SQL statement that yields the same rows, run in
 * the same process right before. `npm run bench -- reports` (REPORTS_BENCH_LOTSEN to change the size;
 * REPORTS_BENCH_DB=sqlite|mariadb for one database only). MariaDB at TEST_MARIADB_URL.
 * Every figure: one warm-up, then the median of 5. Goals (issue 14): first page < 200 ms, drill-down
 * < 20 ms on both databases; the CSV keeps issue 7's < 2 s; app/raw ratio is shown for reference.
 * Last lines, one per database: `reports-bench: db=… first_page_ms=N filtered_ms=N drilldown_ms=N csv_ms=N`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import request from 'supertest';

const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const LOTSEN = Number(process.env.REPORTS_BENCH_LOTSEN ?? 10_000);
const PASSWORD = 'bench-passwort-123';
const REGIONS = ['baden-wuerttemberg', 'luebeck-westmecklenburg', 'saarland', 'rhein-ruhr'];
const MODULES = ['tools-methoden', 'technik', 'megatrends'];
const FIRST = [
  'Anna',
  'Jörg',
  'Günter',
  'Sören',
  'Lea',
  'Mehmet',
  'Özlem',
  'Björn',
  'Käthe',
  'Lukas',
  'Marie',
  'Jürgen',
];
const LAST = [
  'Müller',
  'Schäfer',
  'Weiß',
  'Groß',
  'Köhler',
  'Hoffmann',
  'Yılmaz',
  'Krüger',
  'Schulz',
  'Wagner',
  'Bäcker',
  'Neumann',
];

/** Deterministic numbers, so both databases hold the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function interactionsCmi(r: () => number, passed: boolean, at: Date): Record<string, unknown> {
  const interactions: Record<string, unknown> = {};
  for (let i = 0; i < 12; i++) {
    const correct = passed ? r() < 0.85 : r() < 0.45;
    interactions[String(i)] = {
      id: `frage-${i + 1}`,
      type: 'choice',
      description: `Wissensfrage ${i + 1}: Welche Aussage trifft zu?`,
      timestamp: new Date(at.getTime() - (12 - i) * 40_000).toISOString(),
      weighting: '1',
      learner_response: correct ? 'b' : 'a',
      correct_responses: { '0': { pattern: 'b' } },
      result: correct ? 'correct' : 'incorrect',
      latency: `PT${10 + Math.floor(r() * 50)}S`,
      objectives: {},
    };
  }
  return {
    completion_status: 'completed',
    success_status: passed ? 'passed' : 'failed',
    location: 'frage-12',
    exit: 'normal',
    score: { scaled: passed ? '0.85' : '0.4', raw: passed ? '85' : '40', min: '0', max: '100' },
    interactions,
    objectives: {
      '0': {
        id: 'wissen',
        success_status: passed ? 'passed' : 'failed',
        completion_status: 'completed',
        score: { scaled: passed ? '0.85' : '0.4' },
      },
    },
    suspend_data: 'x'.repeat(400),
  };
}

async function bulk(sequelize: Sequelize, table: string, rows: Record<string, unknown>[], chunk = 500): Promise<void> {
  const q = sequelize.getQueryInterface();
  await sequelize.transaction(async (transaction) => {
    for (let i = 0; i < rows.length; i += chunk) await q.bulkInsert(table, rows.slice(i, i + chunk), { transaction });
  });
}

/** Fills a migrated, empty database. Returns the ids the timings use. */
export async function seedReports(sequelize: Sequelize, lotsen: number): Promise<{ sampleLotseId: number }> {
  const { hashPassword } = await import('../../src/auth/passwords');
  const r = rng(7);
  const now = Date.now();
  const day = 86400_000;
  const hash = await hashPassword(PASSWORD);
  const ts = new Date(now - 200 * day);
  const users: Record<string, unknown>[] = [
    {
      id: 1,
      email: 'admin@bench.example',
      password_hash: hash,
      first_name: 'Ada',
      last_name: 'Admin',
      role: 'admin',
      region: null,
      active: true,
      locale: 'de',
      email_confirmed_at: ts,
      created_at: ts,
      updated_at: ts,
    },
    {
      id: 2,
      email: 'tutor@bench.example',
      password_hash: hash,
      first_name: 'Till',
      last_name: 'Tutor',
      role: 'tutor',
      region: 'saarland',
      active: true,
      locale: 'de',
      email_confirmed_at: ts,
      created_at: ts,
      updated_at: ts,
    },
  ];
  for (let i = 0; i < lotsen; i++) {
    const created = new Date(now - (30 + Math.floor(r() * 150)) * day);
    users.push({
      id: 3 + i,
      email: `lotse${i}@bench.example`,
      password_hash: hash,
      first_name: FIRST[i % FIRST.length],
      last_name: `${LAST[(i * 7) % LAST.length]}-${i}`,
      role: 'lotse',
      region: REGIONS[i % 4],
      active: true,
      locale: 'de',
      email_confirmed_at: created,
      created_at: created,
      updated_at: created,
    });
  }
  await bulk(sequelize, 'users', users);

  const packages = MODULES.map((key, i) => ({
    id: i + 1,
    title: key,
    module_key: key,
    open_in_new_window: false,
    latest_version_id: i + 1,
    created_at: ts,
    updated_at: ts,
  }));
  await bulk(sequelize, 'packages', packages);
  await bulk(
    sequelize,
    'package_versions',
    MODULES.map((key, i) => ({
      id: i + 1,
      package_id: i + 1,
      number: 1,
      scorm_version: '2004 4th Edition',
      title: key,
      manifest_json: '{}',
      storage_dir: `bench-${i}`,
      content_root: '',
      size_bytes: 0,
      file_count: 0,
      created_at: ts,
      updated_at: ts,
    })),
  );
  const scos: Record<string, unknown>[] = [];
  for (let p = 0; p < 3; p++)
    for (let s = 0; s < 3; s++) {
      scos.push({
        id: p * 3 + s + 1,
        version_id: p + 1,
        position: s,
        item_identifier: `item-${s}`,
        resource_identifier: `res-${s}`,
        title: s === 2 ? 'Wissenscheck' : `Kapitel ${s + 1}`,
        launch_path: `k${s}.html`,
        scorm_type: 'sco',
        is_visible: true,
        scaled_passing_score: s === 2 ? 0.8 : null,
      });
    }
  await bulk(sequelize, 'package_scos', scos);

  const attempts: Record<string, unknown>[] = [];
  const scoRows: Record<string, unknown>[] = [];
  const completions: Record<string, unknown>[] = [];
  let attemptId = 0;
  let scoAttemptId = 0;
  for (let i = 0; i < lotsen; i++) {
    const userId = 3 + i;
    for (let p = 0; p < 3; p++) {
      const roll = r();
      // ~45 % passed, ~10 % failed, the rest in progress; activity spread over the last 120 days.
      const state = roll < 0.45 ? 'passed' : roll < 0.55 ? 'failed' : 'progress';
      const started = new Date(now - (20 + Math.floor(r() * 120)) * day);
      const last = new Date(started.getTime() + Math.floor(r() * 15) * day);
      const done = state !== 'progress';
      const scoreScaled = state === 'passed' ? 0.7 + r() * 0.3 : state === 'failed' ? r() * 0.6 : null;
      attemptId++;
      attempts.push({
        id: attemptId,
        user_id: userId,
        package_id: p + 1,
        version_id: p + 1,
        number: 1,
        token_hash: crypto.randomBytes(8).toString('hex'),
        completion_status: done ? 'completed' : 'incomplete',
        success_status: state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'unknown',
        score_scaled: scoreScaled,
        progress: done ? 1 : 0.33,
        total_time_cs: Math.floor(r() * 540_000),
        credit: 'credit',
        started_at: started,
        last_activity_at: last,
        completed_at: done ? last : null,
        created_at: started,
        updated_at: last,
      });
      for (let s = 0; s < (done ? 3 : 2); s++) {
        scoAttemptId++;
        const cmi =
          s === 2
            ? interactionsCmi(r, state === 'passed', last)
            : {
                completion_status: s === 0 || done ? 'completed' : 'incomplete',
                success_status: 'unknown',
                location: `seite-${s + 3}`,
                suspend_data: 'y'.repeat(200),
                interactions: {},
                objectives: {},
              };
        scoRows.push({
          id: scoAttemptId,
          attempt_id: attemptId,
          sco_id: p * 3 + s + 1,
          user_id: userId,
          seq: 1000001,
          cmi_json: JSON.stringify(cmi),
          completion_status: (cmi as any).completion_status,
          success_status: (cmi as any).success_status,
          score_scaled: s === 2 ? scoreScaled : null,
          location: (cmi as any).location,
          total_time_cs: Math.floor(r() * 180_000),
          session_count: 1,
          first_launch_at: started,
          last_launch_at: last,
          last_commit_at: last,
          created_at: started,
          updated_at: last,
          session_time_cs: 0,
          stale_commits: 0,
        });
      }
      if (state === 'passed')
        completions.push({
          user_id: userId,
          package_id: p + 1,
          attempt_id: attemptId,
          passed: true,
          score_scaled: scoreScaled,
          completed_at: last,
        });
    }
  }
  await bulk(sequelize, 'attempts', attempts);
  await bulk(sequelize, 'sco_attempts', scoRows, 200);
  await bulk(sequelize, 'package_completions', completions);

  // Some Q2 data, so the gate columns have something to read: authorisations, workshops, one cohort.
  await bulk(sequelize, 'workshops', [
    {
      id: 1,
      starts_at: new Date(now - 10 * day),
      online: true,
      place: null,
      region: 'saarland',
      capacity: 100000,
      created_at: ts,
      updated_at: ts,
    },
  ]);
  const auths: Record<string, unknown>[] = [];
  const regs: Record<string, unknown>[] = [];
  for (let i = 0; i < lotsen; i += 3) {
    auths.push({
      user_id: 3 + i,
      number: `OM-${i}`,
      issued_on: '2024-05-02',
      document_file: crypto.randomUUID(),
      document_name: 'nachweis.pdf',
      document_type: 'application/pdf',
      document_size: 10,
      status: i % 2 ? 'verified' : 'pending',
      created_at: ts,
      updated_at: ts,
    });
    regs.push({
      workshop_id: 1,
      user_id: 3 + i,
      status: i % 2 ? 'attended' : 'registered',
      created_at: ts,
      updated_at: ts,
    });
  }
  await bulk(sequelize, 'authorisations', auths);
  await bulk(sequelize, 'workshop_registrations', regs);
  return { sampleLotseId: 3 + Math.floor(lotsen / 2) };
}

async function time(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn(); // warm-up: caches, prepared plans
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]; // median
}

interface Figure {
  db: string;
  key: string;
  what: string;
  appMs: number;
  rawMs: number;
  goalMs?: number;
}

async function benchOn(kind: 'sqlite' | 'mariadb'): Promise<Figure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-reports-bench-'));
  let url = `sqlite:${path.join(dataDir, 'bench.sqlite')}`;
  const dbName = `gezu_reports_bench_${process.pid}`;
  if (kind === 'mariadb') {
    const mysql = await import('mysql2/promise');
    const c = await mysql.createConnection(MARIADB_URL);
    await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await c.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    url = `${MARIADB_URL}/${dbName}`;
  }
  const { loadConfig } = await import('../../src/config');
  const { createContext } = await import('../../src/context');
  const { buildApp } = await import('../../src/app');
  const { parseReportFilter } = await import('../../src/reports/report-filter');
  const { matrixQuery } = await import('../../src/reports/matrix-sql');
  const { q1Packages } = await import('../../src/reports/matrix-repository');
  let server: import('node:http').Server | undefined;
  const ctx = await createContext(
    loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      SESSION_SECRET: 'bench-secret-bench-secret',
      LOG_LEVEL: 'silent',
      IMPORT_COURSES: 'false',
    }),
  );
  try {
    const t0 = Date.now();
    const { sampleLotseId } = await seedReports(ctx.sequelize, LOTSEN);
    if (kind === 'sqlite') await ctx.sequelize.query('ANALYZE');
    else await ctx.sequelize.query('ANALYZE TABLE users, attempts, sco_attempts, package_completions');
    console.log(`${kind}: ${LOTSEN} Lotsen generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // One listening server for every request (supertest would otherwise open one per request).
    server = buildApp(ctx).listen(0, '127.0.0.1');
    const agent = request.agent(server);
    const login = await agent.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrf, email: 'admin@bench.example', password: PASSWORD })
      .expect(303);

    const viewer = { id: 1, role: 'admin' as const, region: null };
    const modules = await q1Packages(ctx.services.reportDb);
    const raw = (query: Record<string, string>, mode: 'page' | 'rows') => {
      const f = parseReportFilter(query);
      const q = matrixQuery({ viewer, filter: f, modules, now: new Date(), mode, limit: 50, offset: 0 });
      return ctx.sequelize.query(q.sql, { replacements: q.replacements, type: 'SELECT' });
    };
    const get = (url: string, bytes?: (n: number) => void) =>
      agent
        .get(url)
        .buffer(true)
        .expect(200)
        .then((res) => {
          bytes?.(res.text.length);
        });
    const filtered = { region: 'saarland', module: 'technik', status: 'in_progress' };
    const drillRaw = `SELECT s.*, a.number, a.package_id, ps.title FROM sco_attempts s JOIN attempts a ON a.id = s.attempt_id JOIN package_scos ps ON ps.id = s.sco_id WHERE a.user_id = :id ORDER BY a.package_id, a.number, ps.position`;
    let csvLines = 0;
    const figures: Figure[] = [
      {
        db: kind,
        key: 'first_page_ms',
        what: 'dashboard, first page',
        rawMs: await time(() => raw({}, 'page')),
        appMs: await time(() => get('/reports')),
        goalMs: 200,
      },
      {
        db: kind,
        key: 'filtered_ms',
        what: 'dashboard, filtered',
        rawMs: await time(() => raw(filtered, 'page')),
        appMs: await time(() => get(`/reports?${new URLSearchParams(filtered)}`)),
      },
      {
        db: kind,
        key: 'drilldown_ms',
        what: 'drill-down of one Lotse',
        rawMs: await time(() => ctx.sequelize.query(drillRaw, { replacements: { id: sampleLotseId }, type: 'SELECT' })),
        appMs: await time(() => get(`/reports/lotsen/${sampleLotseId}`)),
        goalMs: 20,
      },
      {
        db: kind,
        key: 'csv_ms',
        what: `matrix CSV, ${LOTSEN} rows`,
        rawMs: await time(() => raw({}, 'rows')),
        appMs: await time(() =>
          agent
            .get('/reports/export/matrix.csv')
            .buffer(true)
            .expect(200)
            .then((res) => {
              csvLines = res.text.split('\r\n').length - 2;
            }),
        ),
        goalMs: 2000,
      },
    ];
    if (csvLines !== LOTSEN) throw new Error(`CSV has ${csvLines} rows, expected ${LOTSEN}`);
    return figures;
  } finally {
    server?.close();
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'mariadb') {
      const mysql = await import('mysql2/promise');
      const c = await mysql.createConnection(MARIADB_URL);
      await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await c.end();
    }
  }
}

async function main(): Promise<void> {
  const only = process.env.REPORTS_BENCH_DB;
  const figures: Figure[] = [];
  for (const kind of ['sqlite', 'mariadb'] as const) if (!only || only === kind) figures.push(...(await benchOn(kind)));
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `\n${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; medians of 5 after one warm-up`,
  );
  console.log(
    `${pad('db', 8)}${pad('measure', 28)}${pad('app ms', 10)}${pad('raw SQL ms', 12)}${pad('app/raw', 9)}goal`,
  );
  let failed = false;
  for (const f of figures) {
    const ratio = f.appMs / Math.max(f.rawMs, 0.01);
    const ok = f.goalMs === undefined || f.appMs < f.goalMs;
    if (!ok) failed = true;
    console.log(
      `${pad(f.db, 8)}${pad(f.what, 28)}${pad(f.appMs.toFixed(1), 10)}${pad(f.rawMs.toFixed(1), 12)}${pad(`${ratio.toFixed(2)}×`, 9)}${f.goalMs ? `< ${f.goalMs} ms ${ok ? 'ok' : 'MISSED'}` : ''}`,
    );
  }
  for (const db of [...new Set(figures.map((f) => f.db))]) {
    console.log(
      `reports-bench: db=${db} ${figures
        .filter((f) => f.db === db)
        .map((f) => `${f.key}=${Math.round(f.appMs)}`)
        .join(' ')}`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
