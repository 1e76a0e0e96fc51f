/**
 * App processes of the fault suite: the compiled server (`node dist/src/server.js`, what `npm start`
 * runs) with its own env, one worker each, waited for until `/readyz` answers 200.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { freePort, killOnExit, sleep } from './mariadb';

export const ROOT = path.resolve(__dirname, '../../..');
export const SECRET = 'faults-secret-faults-secret-faults';

/** No-op when dist/ is fresh (`npm run test:faults` and `npm test` build it first). */
export function buildIfNeeded(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
}

/** The settings every app process of one test shares (same database, data folder, secret, origins). */
export function baseEnv(opts: {
  databaseUrl: string;
  dataDir: string;
  baseUrl: string;
  contentUrl: string;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: opts.databaseUrl,
    DATA_DIR: opts.dataDir,
    SESSION_SECRET: SECRET,
    BASE_URL: opts.baseUrl,
    CONTENT_BASE_URL: opts.contentUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    IMPORT_COURSES: 'false',
    WEB_CONCURRENCY: '1',
    // The simulated learners commit faster than a person; the per-attempt brake is not under test here.
    COMMIT_RATE_PER_SECOND: '1000',
    COMMIT_RATE_BURST: '1000',
  };
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  port: number;
  contentPort: number;
  url: string;
  contentUrl: string;
  log(): string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** SIGTERM and wait; SIGKILL after 20 s. */
  stop(): Promise<number | string>;
}

export function getStatus(url: string, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export async function startApp(name: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const contentPort = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/server.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, ...env, PORT: String(port), CONTENT_PORT: String(contentPort) },
  });
  killOnExit(child);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const app: AppProcess = {
    name,
    child,
    port,
    contentPort,
    url: `http://127.0.0.1:${port}`,
    contentUrl: `http://127.0.0.1:${contentPort}`,
    log: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const r = await exited;
        clearTimeout(timer);
        return r;
      }
      return exited;
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app ${name} exited with ${child.exitCode}:\n${output}`);
    if ((await getStatus(`${app.url}/readyz`)) === 200 && (await getStatus(`${app.contentUrl}/healthz`)) === 200)
      return app;
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`app ${name} was not ready after 90 s:\n${output}`);
}
