/**
 * Commit benchmark (issue #4): the SCORM commit route under 200 concurrent simulated learners on
 * MariaDB, against a baseline route in the same run that does the least a commit needs — one
 * primary-key UPDATE of sco_attempts with the same body (mounted only with BENCH_BASELINE_ROUTE=true).
 * Bodies are realistic SCORM 2004 commits: 20 interactions and 8 KB of suspend_data.
 *
 * The app runs in a child process (its own event loop, as in production); this process creates the
 * learners, their attempts and sessions directly in a fresh database, then drives both routes over
 * keep-alive HTTP on loopback. `npm run bench -- commit`; MariaDB at TEST_MARIADB_URL
 * (default mysql://root@127.0.0.1:3306).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';

const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const LEARNERS = 200;
const WARMUP_MS = 2_000;
const MEASURE_MS = 10_000;
const SECRET = 'bench-secret-bench-secret-bench-secret';
const SAMPLE = path.join(path.resolve(__dirname, '../../test/fixtures/scorm-samples'), 'scorm2004/RuntimeBasicCalls_SCORM20043rdEdition');

function env(dbName: string, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: `${MARIADB_URL}/${dbName}`, SESSION_SECRET: SECRET,
    LOG_LEVEL: 'silent', IMPORT_COURSES: 'false', BENCH_BASELINE_ROUTE: 'true',
  };
}

/** Child: the real app, listening on a free loopback port. */
async function serve(): Promise<void> {
  const { loadConfig } = await import('../../src/config');
  const { createContext } = await import('../../src/context');
  const { buildApp } = await import('../../src/app');
  const ctx = await createContext(loadConfig(process.env), { migrate: false });
  const server = buildApp(ctx).listen(0, '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => ctx.close().then(() => process.exit(0))); });
}

interface Learner { cookie: string; attemptId: number; scoId: number; token: string; launch: number; rowId: number; seq: number }

async function prepare(dbName: string, dataDir: string): Promise<Learner[]> {
  const { loadConfig } = await import('../../src/config');
  const { createContext } = await import('../../src/context');
  const { buildApp } = await import('../../src/app');
  const { createUser } = await import('../../src/auth/users');
  const { importPackage } = await import('../../src/packages');
  const { ScoAttempt } = await import('../../src/player/tracking-models');
  const { startAttempt } = await import('../../src/player/attempts');
  const { launchSco } = await import('../../src/player/launch');
  // express-session's own signer (no type declarations ship with it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const signature = require('cookie-signature') as { sign(value: string, secret: string): string };
  const config = loadConfig(env(dbName, dataDir));
  const ctx = await createContext(config);
  buildApp(ctx); // binds the packages settings (initPackages) like the server does
  const admin = await createUser({ email: 'admin@bench.local', password: 'messlauf-kennwort-1', firstName: 'Bench', lastName: 'Admin', role: 'admin', region: null });
  const pkg = await importPackage(SAMPLE, { actorId: admin.id });
  const scoId = pkg.scos[0].id;
  const learners: Learner[] = [];
  const expires = new Date(Date.now() + 8 * 3600_000);
  for (let i = 0; i < LEARNERS; i++) {
    const user = await createUser({ email: `lotse${i}@bench.local`, password: 'messlauf-kennwort-1', firstName: 'Lotse', lastName: `Nr ${i}`, role: 'lotse', region: 'saarland' });
    const { attempt, token } = await startAttempt(user, pkg.id);
    const { launch } = await launchSco({ attemptId: attempt.id, scoId, user, token, review: false });
    const row = await ScoAttempt.findOne({ where: { attemptId: attempt.id, scoId } });
    // A logged-in session written straight into the store (200 bcrypt logins would only cost time).
    const sid = crypto.randomUUID();
    const data = { cookie: { originalMaxAge: 8 * 3600_000, expires, secure: false, httpOnly: true, path: '/', sameSite: 'lax' }, passport: { user: user.id } };
    await ctx.sequelize.query('INSERT INTO sessions (sid, expires, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', { replacements: [sid, expires, JSON.stringify(data), new Date(), new Date()] });
    learners.push({ cookie: `gezu.sid=${encodeURIComponent(`s:${signature.sign(sid, SECRET)}`)}`, attemptId: attempt.id, scoId, token, launch, rowId: row!.id, seq: 0 });
  }
  await ctx.close();
  return learners;
}

/** A realistic 2004 commit as scorm-again sends it: strings, arrays keyed "0".."19", 8 KB suspend_data. */
function commitBody(seq: number, learner: number): string {
  const interactions: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++) {
    interactions[i] = {
      id: `urn:gezu:q${i}`, type: 'choice', timestamp: '2025-01-15T10:00:00', weighting: '1', learner_response: `choice_${i % 4}`,
      result: i % 3 ? 'correct' : 'incorrect', latency: 'PT12S', description: `Frage ${i}: Welche Methode passt zur Situation?`,
      objectives: { 0: { id: `obj_${i % 5}` } }, correct_responses: { 0: { pattern: `choice_${(i + 1) % 4}` } },
    };
  }
  const cmi = {
    completion_status: 'incomplete', success_status: 'unknown', location: `page-${seq % 40}`, exit: 'suspend',
    session_time: `PT${seq}S`, progress_measure: '0.5', suspend_data: `{"learner":${learner},"seq":${seq},"state":"${'x'.repeat(8 * 1024)}"}`,
    score: { scaled: '0.8', raw: '80', min: '0', max: '100' }, interactions, objectives: {}, comments_from_learner: {},
    learner_preference: { audio_level: '1', language: 'de', delivery_speed: '1', audio_captioning: '0' },
  };
  return JSON.stringify({ cmi, commitSequence: seq });
}

interface RunResult { count: number; errors: number; latencies: number[]; seconds: number }

async function run(port: number, learners: Learner[], pathFor: (l: Learner) => string): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: LEARNERS });
  const latencies: number[] = [];
  let count = 0;
  let errors = 0;
  const start = Date.now();
  const measureFrom = start + WARMUP_MS;
  const stopAt = measureFrom + MEASURE_MS;
  const post = (l: Learner, body: string) => new Promise<number>((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: pathFor(l), agent, headers: { 'Content-Type': 'application/json', Cookie: l.cookie, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
  await Promise.all(learners.map(async (l, i) => {
    while (Date.now() < stopAt) {
      l.seq += 1;
      const body = commitBody(l.seq, i);
      const t0 = process.hrtime.bigint();
      const status = await post(l, body);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (Date.now() >= measureFrom && Date.now() < stopAt) {
        if (status === 200) { count++; latencies.push(ms); } else errors++;
      }
    }
  }));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { count, errors, latencies, seconds: MEASURE_MS / 1000 };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN);

async function main(): Promise<void> {
  const dbName = `gezu_bench_${crypto.randomBytes(4).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-commit-bench-'));
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection(MARIADB_URL);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    console.log(`preparing ${LEARNERS} learners with attempts on MariaDB (${dbName}) …`);
    const learners = await prepare(dbName, dataDir);
    child = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve'], { env: { ...process.env, ...env(dbName, dataDir) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => { const m = /LISTENING (\d+)/.exec(chunk.toString()); if (m) resolve(Number(m[1])); });
      child!.on('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
    console.log(`server on 127.0.0.1:${port}; ${LEARNERS} concurrent learners, ${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s per route, body ≈ ${(commitBody(1, 0).length / 1024).toFixed(1)} KB`);
    const baseline = await run(port, learners, (l) => `/api/v1/bench/commit-baseline/${l.rowId}`);
    const commit = await run(port, learners, (l) => `/api/v1/attempts/${l.attemptId}/scos/${l.scoId}/commit?token=${l.token}&launch=${l.launch}`);
    const row = (name: string, r: RunResult) =>
      `${name.padEnd(28)} ${(r.count / r.seconds).toFixed(0).padStart(10)} ${pct(r.latencies, 0.5).toFixed(1).padStart(9)} ${pct(r.latencies, 0.99).toFixed(1).padStart(9)} ${String(r.errors).padStart(7)}`;
    console.log(`\n${'route'.padEnd(28)} ${'commits/s'.padStart(10)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'errors'.padStart(7)}`);
    console.log(row('baseline (1 PK UPDATE)', baseline));
    console.log(row('commit route', commit));
    const ratio = commit.count / Math.max(1, baseline.count);
    console.log(`\ncommit / baseline throughput: ${(ratio * 100).toFixed(0)} % (goal ≥ 60 %); commit route ${(commit.count / commit.seconds).toFixed(0)} commits/s (goal ≥ 1,000) on ${os.cpus().length} cores`);
  } finally {
    child?.kill('SIGTERM');
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) void serve();
else main().catch((err) => { console.error(err); process.exit(1); });
