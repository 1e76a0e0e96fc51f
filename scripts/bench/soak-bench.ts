/**
 * Soak benchmark (issue #15): N simulated learners for M minutes against two app processes on MariaDB,
 * each learner doing what the player does: launch (the real launch API, with a session and the attempt
 * token), a commit every 10 s (the real launch-token commit route), terminate (a `text/plain` commit as
 * the closing beacon sends it), a short pause, resume (a new launch), and so on. Requests alternate
 * between the two processes (a load balancer's round robin, done by the client here).
 * Measured: commits per second, p50/p99 latency of every request, 5xx answers, lost commits (answered
 * 2xx but not in the row afterwards: the row's sequence must reach every acknowledged commit), and the
 * RSS of both app processes sampled every `--sample-seconds` (10). After the warm-up (the first minute, or
 * the first fifth of a shorter run) the memory trend is the least-squares slope of the summed RSS in MB per
 * minute, and the growth the mean of the last three samples minus the mean of the first three.
 * The issue's goals (500 learners, 10 minutes, two processes on MariaDB) are met when no commit is lost,
 * no request got a 5xx, and memory shows no upward trend: slope below 1 MB/min or growth below 5 % of the
 * warm RSS (a process that settles may still rise a little at first).
 * `npm run bench -- soak [--learners=500] [--minutes=10] [--sample-seconds=10] [--no-basis]` (minutes may be a fraction).
 * The database is a fresh one on the MariaDB at TEST_MARIADB_URL (default the shared
 * mysql://root@127.0.0.1:3306), dropped afterwards. Exit code 1 when a goal is missed.
 * Last line: `soak-bench: learners=N minutes=N commits=N lost=N errors_5xx=N failed=N p99_ms=N
 * rss_growth_mb=N rss_slope_mb_per_min=N goals_met=true|false`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, pct, stop } from './bench-process';

const ROOT = path.resolve(__dirname, '../..');
const MARIADB_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const SECRET = 'soak-secret-soak-secret-soak-secret';
const SAMPLE = path.join(ROOT, 'test/fixtures/packages/scorm2004/RuntimeBasicCalls_SCORM20043rdEdition');
const flag = (name: string, dflt: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
const LEARNERS = flag('learners', 500);
const MINUTES = flag('minutes', 10);
const SAMPLE_MS = flag('sample-seconds', 10) * 1000;
/** --no-basis: commits without the last reply's basis, as a client other than the player page sends them. */
const WITH_BASIS = !process.argv.includes('--no-basis');
const COMMIT_EVERY_MS = 10_000;
const COMMITS_PER_SESSION = 6; // then terminate and resume: a launch about once a minute per learner

interface Learner {
  index: number;
  cookie: string;
  attemptId: number;
  scoId: number;
  attemptToken: string;
  launch: number;
  token: string;
  /** launch × 1,000,000 + commitSequence of every commit answered 2xx with result true */
  acked: number[];
  /** The last reply's signed basis, sent with the next commit as the player page does (src/player/commit-basis.ts). */
  basis: string | null;
}

function appEnv(databaseUrl: string, dataDir: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: SECRET,
    PORT: String(port),
    CONTENT_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    IMPORT_COURSES: 'false',
    WEB_CONCURRENCY: '1',
    CATCH_UP_INTERVAL_SECONDS: '0',
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
  const { startAttempt } = await import('../../src/player/attempts');
  // express-session's own signer (no type declarations ship with it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const signature = require('cookie-signature') as { sign(value: string, secret: string): string };
  const ctx = await createContext(loadConfig({ ...appEnv(databaseUrl, dataDir, 0), LOG_LEVEL: 'silent' }));
  buildApp(ctx);
  const admin = await createUser({
    email: 'admin@soak.local',
    password: 'dauerlauf-kennwort-1',
    firstName: 'Soak',
    lastName: 'Admin',
    role: 'admin',
    region: null,
  });
  const pkg = await importPackage(ctx.services.packages, SAMPLE, { actorId: admin.id });
  const passwordHash = await hashPassword('dauerlauf-kennwort-1');
  const users = await User.bulkCreate(
    Array.from({ length: LEARNERS }, (_, i) => ({
      email: `lotse${i}@soak.local`,
      passwordHash,
      firstName: 'Lotse',
      lastName: `Nr ${i}`,
      role: 'lotse',
      region: 'saarland',
    })),
  );
  const expires = new Date(Date.now() + 8 * 3600_000);
  const learners: Learner[] = [];
  for (const [index, u] of users.entries()) {
    const user = toUserView(u);
    const { attempt, token } = await startAttempt(ctx.services.player.catalogs, user, pkg.id);
    // A logged-in session written straight into the store (logging 500 people in measures bcrypt).
    const sid = crypto.randomUUID();
    const data = {
      cookie: { originalMaxAge: 8 * 3600_000, expires, secure: false, httpOnly: true, path: '/', sameSite: 'lax' },
      passport: { user: user.id },
      attemptTokens: { [attempt.id]: token },
    };
    await ctx.sequelize.query(
      'INSERT INTO sessions (sid, user_id, expires, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      { replacements: [sid, user.id, expires, JSON.stringify(data), new Date(), new Date()] },
    );
    learners.push({
      index,
      cookie: `gezu.sid=${encodeURIComponent(`s:${signature.sign(sid, SECRET)}`)}`,
      attemptId: attempt.id,
      scoId: pkg.scos[0].id,
      attemptToken: token,
      launch: 0,
      token: '',
      acked: [],
      basis: null,
    });
  }
  await ctx.close();
  return learners;
}

interface Reply {
  status: number;
  body: string;
  ms: number;
}

function send(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  opts: { body?: string; cookie?: string; type?: string } = {},
): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {};
    if (opts.body !== undefined) {
      headers['Content-Type'] = opts.type ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(opts.body);
    }
    if (opts.cookie) headers.Cookie = opts.cookie;
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, agent, headers, timeout: 30_000 },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - t0 }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - t0 }));
    req.end(opts.body);
  });
}

function commitBody(seq: number, learner: number, exit: 'suspend' | '', basis: string | null): string {
  return JSON.stringify({
    cmi: {
      completion_status: 'incomplete',
      location: `page-${seq}`,
      exit,
      session_time: `PT${seq * 10}S`,
      suspend_data: `{"learner":${learner},"seq":${seq},"state":"${'x'.repeat(2048)}"}`,
      score: { scaled: '0.5', raw: '50', min: '0', max: '100' },
    },
    commitSequence: seq,
    ...(basis && WITH_BASIS ? { basis } : {}),
  });
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  const agent = new http.Agent();
  for (let i = 0; i < 900 && child.exitCode === null; i++) {
    if ((await send(agent, port, 'GET', '/readyz')).status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app on port ${port} did not come up`);
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-soak-'));
  const dbName = `gezu_soak_${crypto.randomBytes(4).toString('hex')}`;
  const databaseUrl = `${MARIADB_URL}/${dbName}`;
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection(MARIADB_URL);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const apps: ChildProcess[] = [];
  try {
    console.log(`preparing ${LEARNERS} learners with attempts and sessions …`);
    const learners = await prepare(databaseUrl, dataDir);
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      apps.push(
        spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], {
          cwd: ROOT,
          env: { ...process.env, ...appEnv(databaseUrl, dataDir, port) },
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    }
    await Promise.all(ports.map((p, i) => waitReady(p, apps[i])));
    console.log(
      `two app processes (1 worker each) on ports ${ports.join(', ')}; ${LEARNERS} learners for ${MINUTES} min; ${os.availableParallelism()} cores; load average before: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
    let next = 0;
    const port = () => ports[next++ % ports.length];
    const latencies: number[] = [];
    let errors5xx = 0;
    let failed = 0; // no answer or 4xx
    let launches = 0;
    const record = (r: Reply) => {
      latencies.push(r.ms);
      if (r.status >= 500) errors5xx++;
      else if (r.status === 0 || r.status >= 400) failed++;
    };
    const start = Date.now();
    const stopAt = start + MINUTES * 60_000;
    const samples: { t: number; rss: number[] }[] = [];
    const sampler = setInterval(() => {
      samples.push({ t: Math.round((Date.now() - start) / 1000), rss: apps.map((a) => rssMb(a.pid!)) });
      const s = samples[samples.length - 1];
      console.log(
        `t=${s.t}s rss_mb=${s.rss.map((x) => x.toFixed(0)).join('/')} commits=${learners.reduce((n, l) => n + l.acked.length, 0)} p99_ms=${pct(
          [...latencies].sort((a, b) => a - b),
          0.99,
        ).toFixed(0)} 5xx=${errors5xx} load=${os.loadavg()[0].toFixed(1)}`,
      );
    }, SAMPLE_MS);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, stopAt - Date.now()))));

    const commit = async (l: Learner, seq: number, exit: 'suspend' | '', beacon: boolean) => {
      const r = await send(
        agent,
        port(),
        'POST',
        `/api/v1/attempts/${l.attemptId}/scos/${l.scoId}/commit?token=${encodeURIComponent(l.token)}&launch=${l.launch}`,
        {
          body: commitBody(seq, l.index, exit, l.basis),
          type: beacon ? 'text/plain;charset=UTF-8' : 'application/json',
        },
      );
      record(r);
      const reply =
        r.status >= 200 && r.status < 300 ? (JSON.parse(r.body) as { result?: unknown; basis?: string }) : null;
      if (reply?.result === true) l.acked.push(l.launch * 1_000_000 + seq);
      if (!beacon) l.basis = reply?.basis ?? null; // the page never reads the closing beacon's answer
    };

    await Promise.all(
      learners.map(async (l) => {
        await sleep((l.index / LEARNERS) * COMMIT_EVERY_MS); // spread evenly over the first interval
        while (Date.now() < stopAt) {
          const r = await send(
            agent,
            port(),
            'GET',
            `/api/v1/attempts/${l.attemptId}/scos/${l.scoId}/launch?token=${encodeURIComponent(l.attemptToken)}`,
            { cookie: l.cookie },
          );
          record(r);
          if (r.status !== 200) {
            await sleep(COMMIT_EVERY_MS);
            continue;
          }
          const launched = JSON.parse(r.body) as { launch: number; token: string };
          l.launch = launched.launch;
          l.token = launched.token;
          launches++;
          let seq = 0;
          for (let i = 0; i < COMMITS_PER_SESSION && Date.now() < stopAt; i++) {
            await sleep(COMMIT_EVERY_MS);
            if (Date.now() >= stopAt) break;
            await commit(l, ++seq, '', false);
          }
          if (Date.now() >= stopAt) break;
          await commit(l, seq + 1, 'suspend', true); // terminate: the closing beacon (text/plain)
          await sleep(3_000); // the learner comes back
        }
      }),
    );
    clearInterval(sampler);
    agent.destroy();
    const seconds = (Date.now() - start) / 1000;

    // Lost: acknowledged but not reached by the row's sequence.
    const [rows] = (await admin.query(`SELECT attempt_id, seq FROM \`${dbName}\`.sco_attempts`)) as unknown as [
      { attempt_id: number; seq: number }[],
    ];
    const stored = new Map(rows.map((r) => [Number(r.attempt_id), Number(r.seq)]));
    let commits = 0;
    let lost = 0;
    for (const l of learners) {
      const seq = stored.get(l.attemptId) ?? 0;
      commits += l.acked.length;
      lost += l.acked.filter((s) => s > seq).length;
    }
    latencies.sort((a, b) => a - b);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const total = (s: { rss: number[] }) => s.rss.reduce((a, b) => a + b, 0);
    const warmSeconds = Math.min(60, (MINUTES * 60) / 5);
    const afterWarm = samples.filter((s) => s.t >= warmSeconds && s.rss.every(Number.isFinite));
    const base = afterWarm.slice(0, 3).map(total);
    const end = afterWarm.slice(-3).map(total);
    const growth = afterWarm.length >= 6 ? mean(end) - mean(base) : NaN;
    // Least-squares slope of the summed RSS over time, in MB per minute.
    const xs = afterWarm.map((s) => s.t / 60);
    const ys = afterWarm.map(total);
    const mx = mean(xs);
    const my = mean(ys);
    const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    const slope = afterWarm.length >= 3 && sxx > 0 ? xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx : NaN;
    const noMemoryTrend =
      Number.isFinite(slope) && (slope < 1 || (Number.isFinite(growth) && growth < 0.05 * mean(base)));
    const goalsMet = lost === 0 && errors5xx === 0 && noMemoryTrend;
    console.log(
      `\n${seconds.toFixed(0)} s: ${commits} commits acknowledged (${(commits / seconds).toFixed(1)}/s), ${launches} launches, ${latencies.length} requests; p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(0)} ms; 5xx ${errors5xx}; other failures ${failed}; lost ${lost}`,
    );
    console.log(
      `RSS of both processes (MB): first ${samples[0]?.rss.map((x) => x.toFixed(0)).join('/')}, last ${samples[samples.length - 1]?.rss.map((x) => x.toFixed(0)).join('/')}; after ${warmSeconds} s of warm-up: growth ${Number.isNaN(growth) ? 'n/a (run too short)' : growth.toFixed(1)} MB, slope ${Number.isNaN(slope) ? 'n/a' : slope.toFixed(2)} MB/min over ${afterWarm.length} samples; load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `soak-bench: learners=${LEARNERS} minutes=${MINUTES} commits=${commits} lost=${lost} errors_5xx=${errors5xx} failed=${failed} p99_ms=${Math.round(pct(latencies, 0.99))} rss_growth_mb=${Number.isNaN(growth) ? 'nan' : growth.toFixed(1)} rss_slope_mb_per_min=${Number.isNaN(slope) ? 'nan' : slope.toFixed(2)} goals_met=${goalsMet}`,
    );
    if (!goalsMet) process.exitCode = 1;
  } finally {
    await Promise.all(apps.map(stop));
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
