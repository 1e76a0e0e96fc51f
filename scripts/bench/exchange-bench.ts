/**
 * Exchange benchmark (issue 18): 10,000 threads with 100,000 posts, generated with bulk inserts into a
 * fresh database, on SQLite and on MariaDB. Half of the threads sit in one space
 * (`module:tools-methoden`, the worst case for its first page); the rest spread over the module, region,
 * Reflecting Team and firms spaces. The reader is a Lotse of Saarland who has read about half of them.
 * Times over HTTP through the real app (bearer token): a space's first page as JSON and as the German
 * page (which also computes the header's unread counter over every space), the space list with unread
 * counts, and one thread; plus the raw SQL of the first page. One warm-up, then the median of 5.
 * `npm run bench -- exchange`; EXCHANGE_BENCH_DB=sqlite|mariadb for one database only;
 * EXCHANGE_BENCH_THREADS to change the size (posts = 10 per thread). Goal: first page < 100 ms.
 * Last lines, one per database: `exchange-bench: db=… first_page_ms=N page_html_ms=N spaces_ms=N thread_ms=N`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import request from 'supertest';

const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const THREADS = Number(process.env.EXCHANGE_BENCH_THREADS ?? 10_000);
const POSTS_PER_THREAD = 10;
const HOT = 'module:tools-methoden';
const REGIONS = ['baden-wuerttemberg', 'luebeck-westmecklenburg', 'saarland', 'rhein-ruhr'];
const OTHER_SPACES = [
  'module:technik',
  'module:megatrends',
  ...REGIONS.flatMap((r) => [`region:${r}`, `reflecting:${r}`, `firms:${r}`]),
];
const AUTHORS = 200;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

async function bulk(sequelize: Sequelize, table: string, rows: Record<string, unknown>[], chunk = 500): Promise<void> {
  const q = sequelize.getQueryInterface();
  await sequelize.transaction(async (transaction) => {
    for (let i = 0; i < rows.length; i += chunk) await q.bulkInsert(table, rows.slice(i, i + chunk), { transaction });
  });
}

export async function seed(sequelize: Sequelize): Promise<{ readerId: number; sampleThreadId: number }> {
  const r = rng(18);
  const now = Date.now();
  const ts = new Date(now - 100 * 86400_000);
  const users: Record<string, unknown>[] = [];
  for (let i = 0; i < AUTHORS; i++)
    users.push({
      id: i + 1,
      email: `person${i}@bench.example`,
      password_hash: null,
      first_name: `Vorname${i}`,
      last_name: `Nachname${i}`,
      role: i % 20 === 0 ? 'tutor' : 'lotse',
      region: REGIONS[i % 4],
      active: true,
      locale: 'de',
      email_confirmed_at: ts,
      created_at: ts,
      updated_at: ts,
    });
  await bulk(sequelize, 'users', users);
  const readerId = 3; // a Lotse of Saarland (REGIONS[2])

  const threads: Record<string, unknown>[] = [];
  const posts: Record<string, unknown>[] = [];
  const reads: Record<string, unknown>[] = [];
  let postId = 0;
  for (let t = 1; t <= THREADS; t++) {
    const space = t % 2 === 0 ? HOT : OTHER_SPACES[Math.floor(r() * OTHER_SPACES.length)];
    const start = now - Math.floor(r() * 90) * 86400_000;
    let last = start;
    for (let p = 0; p < POSTS_PER_THREAD; p++) {
      postId++;
      last = start + p * 3600_000;
      posts.push({
        id: postId,
        thread_id: t,
        author_id: 1 + Math.floor(r() * AUTHORS),
        body: `Beitrag ${p + 1} zum Thema ${t}: Wie moderiere ich **ein Experimentierraum-Treffen** mit ${Math.floor(r() * 20)} Teilnehmenden? Erfahrungen, Methoden, Visualisierung.`,
        created_at: new Date(last),
        updated_at: new Date(last),
      });
    }
    threads.push({
      id: t,
      space_key: space,
      title: `Thema ${t}: Frage zur Moderation und zu Methoden`,
      author_id: 1 + Math.floor(r() * AUTHORS),
      pinned: t % 1000 === 0,
      locked: false,
      post_count: POSTS_PER_THREAD,
      last_post_id: postId,
      last_post_at: new Date(last),
      created_at: new Date(start),
      updated_at: new Date(last),
    });
    if (r() < 0.5) reads.push({ user_id: readerId, thread_id: t, last_read_post_id: postId - Math.floor(r() * 3) });
  }
  await bulk(sequelize, 'exchange_threads', threads);
  await bulk(sequelize, 'exchange_posts', posts, 1000);
  await bulk(sequelize, 'exchange_reads', reads);
  return { readerId, sampleThreadId: 2 };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[2];
}

async function benchOn(kind: 'sqlite' | 'mariadb'): Promise<Record<string, number>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-exchange-bench-'));
  let url = `sqlite:${path.join(dataDir, 'bench.sqlite')}`;
  const dbName = `gezu_exchange_bench_${process.pid}`;
  if (kind === 'mariadb') {
    const mysql = await import('mysql2/promise');
    const c = await mysql.createConnection(MARIADB_URL);
    await c.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    url = `${MARIADB_URL}/${dbName}`;
  }
  const { loadConfig } = await import('../../src/config');
  const { createContext } = await import('../../src/context');
  const { buildApp } = await import('../../src/app');
  const { createApiToken } = await import('../../src/auth');
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
  let server: import('node:http').Server | undefined;
  try {
    const t0 = Date.now();
    const { readerId, sampleThreadId } = await seed(ctx.sequelize);
    if (kind === 'sqlite') await ctx.sequelize.query('ANALYZE');
    else await ctx.sequelize.query('ANALYZE TABLE exchange_threads, exchange_posts, exchange_reads');
    console.log(
      `${kind}: ${THREADS} threads, ${THREADS * POSTS_PER_THREAD} posts generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    // Express caches compiled templates only when NODE_ENV=production (as a server runs); the page
    // figure would otherwise include reading and compiling every template on each request.
    process.env.NODE_ENV = 'production';
    server = buildApp(ctx).listen(0, '127.0.0.1');
    const auth = `Bearer ${await createApiToken(readerId, 'bench')}`;
    const get = (url: string) => request(server!).get(url).set('Authorization', auth).expect(200);
    const first = await get(`/api/v1/spaces/${HOT}/threads`);
    if (first.body.threads.length !== 25 || first.body.total !== THREADS / 2)
      throw new Error(`unexpected first page: ${first.body.threads.length} threads of ${first.body.total}`);
    // The same statement the app runs for the page (src/exchange/threads.ts).
    const rawSql = `SELECT t.id, t.title, t.pinned, t.locked, t.post_count, t.last_post_at, t.last_post_id,
            u.first_name, u.last_name, r.last_read_post_id
       FROM (SELECT id, title, pinned, locked, post_count, last_post_at, last_post_id, author_id
               FROM exchange_threads WHERE space_key = :key AND deleted_at IS NULL
              ORDER BY pinned DESC, last_post_at DESC, id DESC LIMIT 25 OFFSET 0) t
       JOIN users u ON u.id = t.author_id
       LEFT JOIN exchange_reads r ON r.thread_id = t.id AND r.user_id = :userId
      ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC`;
    return {
      raw_first_page_ms: await time(() =>
        ctx.sequelize.query(rawSql, { replacements: { userId: readerId, key: HOT }, type: 'SELECT' }),
      ),
      first_page_ms: await time(() => get(`/api/v1/spaces/${HOT}/threads`)),
      page_html_ms: await time(() => get(`/austausch/${HOT}`)),
      spaces_ms: await time(() => get('/api/v1/spaces')),
      thread_ms: await time(() => get(`/api/v1/threads/${sampleThreadId}`)),
    };
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
  const only = process.env.EXCHANGE_BENCH_DB;
  const results: [string, Record<string, number>][] = [];
  for (const kind of ['sqlite', 'mariadb'] as const)
    if (!only || only === kind) results.push([kind, await benchOn(kind)]);
  console.log(
    `\n${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; medians of 5 after one warm-up; goal: first page < 100 ms`,
  );
  let failed = false;
  for (const [db, f] of results) {
    if (f.first_page_ms >= 100) failed = true;
    console.log(
      `exchange-bench: db=${db} ${Object.entries(f)
        .map(([k, v]) => `${k}=${Math.round(v)}`)
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
