/**
 * Commit benchmark (issues #4, #14): the SCORM commit route on MariaDB and SQLite, with two
 * baselines measured in the same run on the same rows and bodies:
 * - bare: Express + the driver, one primary-key UPDATE, no session (bare-server.ts) — the physical reference;
 * - bare transaction: the locking commit's statements alone (locking read, joined UPDATE, COMMIT), no app logic —
 *   the ceiling of the one-locking-read design (bare-server.ts `/bare-tx`); since 2026-12-03 a one-SCO package's
 *   commit is optimistic (a plain read and one guarded UPDATE) and may run faster than this reference;
 * - in-app baseline: the app's session and user lookup, then the same UPDATE (BENCH_BASELINE_ROUTE=true).
 * Closed loop: 200 learners, each sending its next commit when the last one is answered (2 s warm-up,
 * 10 s measured). Open loop: fixed arrival rates 250, 500, 1,000 commits/s for 10 s each; latency is
 * taken from the moment a request was due (no coordinated omission), unanswered after 10 s = error.
 * Bodies: realistic SCORM 2004 commits of 14 KB (20 interactions, 8 KB suspend_data).
 *
 * The app runs as `src/server.ts` in its own processes (WEB_CONCURRENCY workers: one per core on
 * MariaDB, 1 on SQLite — the production defaults); this process prepares the database and drives
 * the load over keep-alive HTTP on loopback, on the same cores. `npm run bench -- commit`
 * [--db=mariadb|sqlite|both] [--closed-only] [--no-basis]; MariaDB at TEST_MARIADB_URL (default mysql://root@127.0.0.1:3306).
 * The last line is machine-readable (MariaDB).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, median, pct, stop } from './bench-process';

const ROOT = path.resolve(__dirname, '../..');
const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const LEARNERS = 200;
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;
const RATES = [250, 500, 1000];
/**
 * Closed-loop rounds of bare and commit, side by side. On a shared VM both routes move by a third from
 * one run to the next (the same code: 716 and 1,232 commits/s); the figures are the medians of the
 * rounds, the ratio the median of each round's ratio (bare and commit measured one after the other).
 */
const ROUNDS = 3;
const SECRET = 'bench-secret-bench-secret-bench-secret';
const SAMPLE = path.join(ROOT, 'test/fixtures/packages/scorm2004/RuntimeBasicCalls_SCORM20043rdEdition');
const CORES = os.availableParallelism();
/** --no-basis: commits without the reply's basis, as a client other than the player page sends them (a read each). */
const WITH_BASIS = !process.argv.includes('--no-basis');

type Db = 'mariadb' | 'sqlite';
interface Learner {
  cookie: string;
  attemptId: number;
  scoId: number;
  token: string;
  launch: number;
  rowId: number;
  seq: number;
  /** The signed basis of the last reply, sent with the next commit as the player page does (commit-basis.ts). */
  basis: string | null;
}
interface RunResult {
  count: number;
  errors: number;
  latencies: number[];
  seconds: number;
}

function appEnv(databaseUrl: string, dataDir: string, port: number, workers: number): Record<string, string> {
  return {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    IMPORT_COURSES: 'false',
    BENCH_BASELINE_ROUTE: 'true',
    WEB_CONCURRENCY: String(workers),
    // 200 learners at 1,000+ commits/s are 5+ commits/s each; the per-attempt brake (default 10/s) must not count here.
    COMMIT_RATE_PER_SECOND: '1000',
    COMMIT_RATE_BURST: '1000',
  };
}

async function prepare(databaseUrl: string, dataDir: string): Promise<Learner[]> {
  const { loadConfig } = await import('../../src/config');
  const { createContext } = await import('../../src/context');
  const { buildApp } = await import('../../src/app');
  const { createUser } = await import('../../src/auth/users');
  const { User, toUserView } = await import('../../src/auth/user-model');
  const { hashPassword } = await import('../../src/auth/passwords');
  const { importPackage } = await import('../../src/packages');
  const { ScoAttempt } = await import('../../src/player/tracking-models');
  const { startAttempt } = await import('../../src/player/attempts');
  const { launchSco } = await import('../../src/player/launch');
  // express-session's own signer (no type declarations ship with it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const signature = require('cookie-signature') as { sign(value: string, secret: string): string };
  const ctx = await createContext(loadConfig(appEnv(databaseUrl, dataDir, 0, 1)));
  buildApp(ctx); // binds the component settings like the server does
  const admin = await createUser({
    email: 'admin@bench.local',
    password: 'messlauf-kennwort-1',
    firstName: 'Bench',
    lastName: 'Admin',
    role: 'admin',
    region: null,
  });
  const pkg = await importPackage(ctx.services.packages, SAMPLE, { actorId: admin.id });
  const scoId = pkg.scos[0].id;
  // One bcrypt hash for all: 200 hashes at cost 12 take minutes on a busy machine and measure nothing.
  const passwordHash = await hashPassword('messlauf-kennwort-1');
  const users = await User.bulkCreate(
    Array.from({ length: LEARNERS }, (_, i) => ({
      email: `lotse${i}@bench.local`,
      passwordHash,
      firstName: 'Lotse',
      lastName: `Nr ${i}`,
      role: 'lotse',
      region: 'saarland',
    })),
  );
  const expires = new Date(Date.now() + 8 * 3600_000);
  const learners: Learner[] = [];
  for (const u of users) {
    const user = toUserView(u);
    const { attempt, token } = await startAttempt(ctx.services.player.catalogs, user, pkg.id);
    const launched = await launchSco(ctx.services.player, { attemptId: attempt.id, scoId, user, token, review: false });
    const row = await ScoAttempt.findOne({ where: { attemptId: attempt.id, scoId } });
    // A logged-in session written straight into the store, for the in-app baseline route.
    const sid = crypto.randomUUID();
    const data = {
      cookie: { originalMaxAge: 8 * 3600_000, expires, secure: false, httpOnly: true, path: '/', sameSite: 'lax' },
      passport: { user: user.id },
    };
    await ctx.sequelize.query(
      'INSERT INTO sessions (sid, user_id, expires, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      { replacements: [sid, user.id, expires, JSON.stringify(data), new Date(), new Date()] },
    );
    learners.push({
      cookie: `gezu.sid=${encodeURIComponent(`s:${signature.sign(sid, SECRET)}`)}`,
      attemptId: attempt.id,
      scoId,
      token: launched.token!,
      launch: launched.launch,
      rowId: row!.id,
      seq: 0,
      basis: null,
    });
  }
  await ctx.close();
  return learners;
}

/** A realistic 2004 commit as scorm-again sends it: strings, arrays keyed "0".."19", 8 KB suspend_data. */
function commitBody(seq: number, learner: number, basis: string | null = null): string {
  const interactions: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++) {
    interactions[i] = {
      id: `urn:gezu:q${i}`,
      type: 'choice',
      timestamp: '2025-01-15T10:00:00',
      weighting: '1',
      learner_response: `choice_${i % 4}`,
      result: i % 3 ? 'correct' : 'incorrect',
      latency: 'PT12S',
      description: `Frage ${i}: Welche Methode passt zur Situation?`,
      objectives: { 0: { id: `obj_${i % 5}` } },
      correct_responses: { 0: { pattern: `choice_${(i + 1) % 4}` } },
    };
  }
  const cmi = {
    completion_status: 'incomplete',
    success_status: 'unknown',
    location: `page-${seq % 40}`,
    exit: 'suspend',
    session_time: `PT${seq}S`,
    progress_measure: '0.5',
    suspend_data: `{"learner":${learner},"seq":${seq},"state":"${'x'.repeat(8 * 1024)}"}`,
    score: { scaled: '0.8', raw: '80', min: '0', max: '100' },
    interactions,
    objectives: {},
    comments_from_learner: {},
    learner_preference: { audio_level: '1', language: 'de', delivery_speed: '1', audio_captioning: '0' },
  };
  return JSON.stringify({ cmi, commitSequence: seq, ...(basis && WITH_BASIS ? { basis } : {}) });
}

function post(
  agent: http.Agent,
  port: number,
  urlPath: string,
  body: string,
  cookie: string | null,
  timeoutMs: number,
  onReply?: (text: string) => void,
): Promise<number> {
  return new Promise<number>((resolve) => {
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    };
    if (cookie) headers.Cookie = cookie;
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: urlPath, agent, headers, timeout: timeoutMs },
      (res) => {
        if (!onReply) res.resume();
        let text = '';
        if (onReply) res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if (onReply && res.statusCode === 200) onReply(text);
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

type Route = (l: Learner) => { path: string; cookie: string | null };

/** The reply's basis for the learner's next commit (the bare routes' replies hold none: the learner sends none). */
const keepBasis =
  (l: Learner) =>
  (text: string): void => {
    const at = text.indexOf('"basis":"');
    l.basis = at < 0 ? null : text.slice(at + 9, text.indexOf('"', at + 9));
  };

async function closedLoop(port: number, learners: Learner[], route: Route): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: LEARNERS });
  const latencies: number[] = [];
  let count = 0;
  let errors = 0;
  const measureFrom = Date.now() + WARMUP_MS;
  const stopAt = measureFrom + MEASURE_MS;
  await Promise.all(
    learners.map(async (l, i) => {
      while (Date.now() < stopAt) {
        l.seq += 1;
        const { path: p, cookie } = route(l);
        const t0 = performance.now();
        const status = await post(agent, port, p, commitBody(l.seq, i, l.basis), cookie, 10_000, keepBasis(l));
        const ms = performance.now() - t0;
        const now = Date.now();
        if (now >= measureFrom && now < stopAt) {
          if (status === 200) {
            count++;
            latencies.push(ms);
          } else errors++;
        }
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { count, errors, latencies, seconds: MEASURE_MS / 1000 };
}

/** Requests at a fixed rate whatever the answers do; latency counted from when each was due. */
async function openLoop(port: number, learners: Learner[], route: Route, rate: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2000 });
  const total = Math.round((rate * MEASURE_MS) / 1000);
  const latencies: number[] = [];
  let errors = 0;
  const jobs: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        const i = sent % learners.length;
        const l = learners[i];
        l.seq += 1;
        const dueAt = start + (sent * 1000) / rate;
        const { path: p, cookie } = route(l);
        jobs.push(
          post(agent, port, p, commitBody(l.seq, i, l.basis), cookie, 10_000, keepBasis(l)).then((status) => {
            if (status === 200) latencies.push(performance.now() - dueAt);
            else errors++;
          }),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(jobs);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, errors, latencies, seconds: MEASURE_MS / 1000 };
}

/** CPU time (user + system, ms) a process and its children (the cluster's workers) have used so far. */
function cpuMs(pid: number): number {
  const ticksMs = 1000 / 100; // USER_HZ is 100 on Linux
  const read = (p: number): number => {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * ticksMs;
    } catch {
      return 0; // gone
    }
  };
  let children: number[] = [];
  try {
    children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    /* no children file: the process alone */
  }
  return read(pid) + children.reduce((n, c) => n + read(c), 0);
}

/**
 * A closed-loop run with the CPU the server used per answered request. Unlike requests per second,
 * CPU per request hardly changes when other work shares the cores, so the ratio to the bare route
 * says something even on a busy machine.
 */
async function closedLoopWithCpu(pid: number, port: number, learners: Learner[], route: Route, dbPid?: number) {
  let before = 0;
  let dbBefore = 0;
  setTimeout(() => {
    before = cpuMs(pid);
    if (dbPid) dbBefore = cpuMs(dbPid);
  }, WARMUP_MS).unref();
  const r = await closedLoop(port, learners, route);
  const used = cpuMs(pid) - before;
  const requests = Math.max(1, r.count + r.errors);
  return {
    ...r,
    cpuPerRequest: used / requests,
    ...(dbPid ? { dbCpuPerRequest: (cpuMs(dbPid) - dbBefore) / requests } : {}),
  };
}

/** The MariaDB server listening on the bench's port (its CPU per request is shown beside the app's), if any. */
function mariadbPid(): number | undefined {
  const port = new URL(MARIADB_URL).port || '3306';
  const out = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' }).stdout ?? '';
  const pid = /pid=(\d+)/.exec(out)?.[1];
  return pid ? Number(pid) : undefined;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let i = 0; i < 600 && !exited; i++) {
    const ok = await new Promise<boolean>((resolve) =>
      http
        .get(url, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false)),
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function benchOne(db: Db): Promise<{
  commit: number;
  bare: number;
  ratioPct: number;
  bareTx: number;
  p99At500: number;
  errors: number;
  cpuMs: number;
  bareCpuMs: number;
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-commit-bench-'));
  const dbName = `gezu_bench_${crypto.randomBytes(4).toString('hex')}`;
  const sqliteFile = path.join(dataDir, 'bench.sqlite');
  const databaseUrl = db === 'mariadb' ? `${MARIADB_URL}/${dbName}` : `sqlite:${sqliteFile}`;
  const workers = db === 'mariadb' ? CORES : 1;
  let admin: import('mysql2/promise').Connection | undefined;
  if (db === 'mariadb') {
    const mysql = await import('mysql2/promise');
    admin = await mysql.createConnection(MARIADB_URL);
    await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }
  let app: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    console.log(`\n[${db}] preparing ${LEARNERS} learners with attempts …`);
    const learners = await prepare(databaseUrl, dataDir);
    const appPort = await freePort();
    const barePort = await freePort();
    // The app also listens on its content origin (PORT + 1 by default), which may be barePort: its own free port.
    const contentPort = await freePort();
    // BENCH_APP_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (cluster workers inherit them; not allowed in NODE_OPTIONS).
    const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
    app = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/src/server.js')], {
      cwd: ROOT,
      env: { ...process.env, ...appEnv(databaseUrl, dataDir, appPort, workers), CONTENT_PORT: String(contentPort) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    bare = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bare-server.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        BARE_PORT: String(barePort),
        BARE_DB: db === 'mariadb' ? databaseUrl : sqliteFile,
        BARE_WORKERS: String(workers),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor(`http://127.0.0.1:${appPort}/healthz`, app);
    await waitFor(`http://127.0.0.1:${barePort}/ready`, bare);
    const load = os.loadavg()[0].toFixed(1);
    console.log(
      `[${db}] app and bare server: ${workers} worker(s) each; ${LEARNERS} learners; body ≈ ${(commitBody(1, 0).length / 1024).toFixed(1)} KB; ${CORES} cores; load average before: ${load}`,
    );

    const dbPid = db === 'mariadb' ? mariadbPid() : undefined;
    const commitUrl: Route = (l) => ({
      path: `/api/v1/attempts/${l.attemptId}/scos/${l.scoId}/commit?token=${encodeURIComponent(l.token)}&launch=${l.launch}`,
      cookie: null,
    });
    // A warm-up of each server, not measured: the commit route's CPU per request still fell by a fifth
    // from its first 12 s round to its third (1.45 → 1.22 ms; JIT and heap sizing), the bare route's did not.
    await closedLoop(barePort, learners, (l) => ({ path: `/bare/${l.rowId}`, cookie: null }));
    await closedLoop(appPort, learners, commitUrl);
    const bareRun = await closedLoopWithCpu(
      bare.pid!,
      barePort,
      learners,
      (l) => ({ path: `/bare/${l.rowId}`, cookie: null }),
      dbPid,
    );
    const bareTx = await closedLoopWithCpu(
      bare.pid!,
      barePort,
      learners,
      (l) => ({ path: `/bare-tx/${l.attemptId}/${l.rowId}`, cookie: null }),
      dbPid,
    );
    const commit = await closedLoopWithCpu(app.pid!, appPort, learners, commitUrl, dbPid);
    const rounds = [{ bare: bareRun, commit }];
    while (rounds.length < ROUNDS)
      rounds.push({
        bare: await closedLoopWithCpu(
          bare.pid!,
          barePort,
          learners,
          (l) => ({ path: `/bare/${l.rowId}`, cookie: null }),
          dbPid,
        ),
        commit: await closedLoopWithCpu(app.pid!, appPort, learners, commitUrl, dbPid),
      });
    const rate = (r: RunResult) => r.count / r.seconds;
    const bareRate = median(rounds.map((r) => rate(r.bare)));
    const commitRate = median(rounds.map((r) => rate(r.commit)));
    const ratioMedian = median(rounds.map((r) => rate(r.commit) / Math.max(1, rate(r.bare))));
    const open: [number, RunResult][] = [];
    // --closed-only: no open-loop runs (profiling, quick comparisons); p99_ms_at_500 is then NaN.
    if (!process.argv.includes('--closed-only'))
      for (const rate of RATES) open.push([rate, await openLoop(appPort, learners, commitUrl, rate)]);
    // Last: its sessions and Sequelize work leave the app's heap full of garbage, and the commit round
    // measured right after it ran a quarter slower than the ones after the bare route (2026-12-03).
    const inApp = await closedLoopWithCpu(
      app.pid!,
      appPort,
      learners,
      (l) => ({ path: `/api/v1/bench/commit-baseline/${l.rowId}`, cookie: l.cookie }),
      dbPid,
    );

    const ms = (v: number | undefined) => (v === undefined ? '' : v.toFixed(2));
    const line = (name: string, r: RunResult & { cpuPerRequest?: number; dbCpuPerRequest?: number }) =>
      `${name.padEnd(34)} ${(r.count / r.seconds).toFixed(0).padStart(10)} ${pct(r.latencies, 0.5).toFixed(1).padStart(9)} ${pct(r.latencies, 0.99).toFixed(1).padStart(9)} ${String(r.errors).padStart(7)} ${ms(r.cpuPerRequest).padStart(12)} ${ms(r.dbCpuPerRequest).padStart(12)}`;
    console.log(
      `\n${`[${db}] route`.padEnd(34)} ${'per s'.padStart(10)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'errors'.padStart(7)} ${'CPU ms/req'.padStart(12)} ${dbPid ? 'DB CPU ms' : ''}`,
    );
    console.log(line('bare (1 PK UPDATE, no session)', bareRun));
    console.log(line('bare transaction (locking commit)', bareTx));
    console.log(line('in-app baseline (session + UPDATE)', inApp));
    console.log(line('commit route, closed loop', commit));
    for (const [rate, r] of open) console.log(line(`commit route, open loop ${rate}/s`, r));
    console.log(
      `[${db}] ${ROUNDS} rounds side by side — bare: ${rounds.map((r) => rate(r.bare).toFixed(0)).join(' / ')}/s, commit: ${rounds.map((r) => rate(r.commit).toFixed(0)).join(' / ')}/s, commit CPU ms: ${rounds.map((r) => r.commit.cpuPerRequest.toFixed(2)).join(' / ')}; medians ${commitRate.toFixed(0)}/s of ${bareRate.toFixed(0)}/s, ratio ${(ratioMedian * 100).toFixed(0)} %`,
    );
    const ratio = commit.count / Math.max(1, bareRun.count);
    console.log(
      `[${db}] round 1: commit route = ${(ratio * 100).toFixed(0)} % of bare, ${((commit.count / Math.max(1, bareTx.count)) * 100).toFixed(0)} % of the bare transaction (which is ${((bareTx.count / Math.max(1, bareRun.count)) * 100).toFixed(0)} % of bare), ${((commit.count / Math.max(1, inApp.count)) * 100).toFixed(0)} % of the in-app baseline; load average after: ${os.loadavg()[0].toFixed(1)}`,
    );
    console.log(
      `[${db}] round 1: server CPU per commit: ${commit.cpuPerRequest.toFixed(2)} ms (bare ${bareRun.cpuPerRequest.toFixed(2)} ms, ${(commit.cpuPerRequest / bareRun.cpuPerRequest).toFixed(1)}×; in-app baseline ${inApp.cpuPerRequest.toFixed(2)} ms)`,
    );
    const errors = rounds.reduce((n, r) => n + r.commit.errors, 0) + open.reduce((n, [, r]) => n + r.errors, 0);
    const at500 = open.find(([rate]) => rate === 500)?.[1] ?? { count: 0, errors: 0, latencies: [], seconds: 1 };
    return {
      commit: Math.round(commitRate),
      bare: Math.round(bareRate),
      ratioPct: Math.round(ratioMedian * 100),
      bareTx: Math.round(bareTx.count / bareTx.seconds),
      p99At500: Math.round(pct(at500.latencies, 0.99)),
      errors,
      cpuMs: median(rounds.map((r) => r.commit.cpuPerRequest)),
      bareCpuMs: median(rounds.map((r) => r.bare.cpuPerRequest)),
    };
  } finally {
    await Promise.all([stop(app), stop(bare)]);
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const arg = process.argv.find((a) => a.startsWith('--db='))?.slice(5) ?? process.env.BENCH_DB ?? 'both';
  const dbs: Db[] = arg === 'both' ? ['sqlite', 'mariadb'] : [arg as Db];
  // The app runs compiled, as `npm start` runs it in production.
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-needed'], {
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('build failed');
  const lines: string[] = [];
  for (const db of dbs) {
    const r = await benchOne(db);
    lines.push(
      `commit-bench: db=${db} commits_per_s=${r.commit} bare_per_s=${r.bare} bare_ratio_pct=${r.ratioPct} bare_tx_per_s=${r.bareTx} p99_ms_at_500=${r.p99At500} errors=${r.errors} cpu_ms_per_commit=${r.cpuMs.toFixed(2)} bare_cpu_ms=${r.bareCpuMs.toFixed(2)}`,
    );
  }
  console.log('');
  for (const l of lines) console.log(l);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
