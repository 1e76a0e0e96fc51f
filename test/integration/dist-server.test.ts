/**
 * Production runs the compiled JavaScript: `npm run build` output (dist/) starts with plain `node`,
 * finds views/, public/ and the migrations from there, and its start line names the address it bound.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist/src/server.js');

interface Started {
  child: ChildProcess;
  line: { msg: string; host: string; port: number };
  contentPort: number;
}

/** Starts dist/src/server.js on the test database and resolves with its parsed start line. */
function startCompiled(t: TestApp, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [SERVER], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATA_DIR: t.dataDir,
      DATABASE_URL: t.config.databaseUrl,
      SESSION_SECRET: 'test-secret-test-secret-test-secret',
      IMPORT_COURSES: 'false',
      LOG_FORMAT: 'auto', // stdout is a pipe here, so this must mean JSON
      CONTENT_PORT: '0', // the content origin's port (default PORT + 1) might be taken
      ...env,
    },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    let line: Started['line'] | undefined;
    lines.on('line', (text) => {
      const entry = JSON.parse(text); // a line that is not JSON fails the test here
      if (typeof entry.msg !== 'string') return;
      if (entry.msg.startsWith('gezu-lms listening on')) line = entry;
      // the package content origin starts right after the app
      if (line && entry.msg === 'package content served on its own origin')
        resolve({ child, line, contentPort: entry.port });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${stderr}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

let t: TestApp;

beforeAll(async () => {
  // No-op when dist/ is fresh (npm test builds it first); compiling from scratch takes longer than a test.
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
  t = await createTestApp(); // migrated database (SQLite or MariaDB) the compiled server starts on
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('node dist/src/server.js', () => {
  it('when started with PORT=0 and HOST=127.0.0.1, then the start line names the real port and the server answers there', async () => {
    const { child, line, contentPort } = await startCompiled(t, { PORT: '0', HOST: '127.0.0.1' });
    try {
      expect(line.host).toBe('127.0.0.1');
      expect(line.port).toBeGreaterThan(0);
      expect(line.msg).toBe(`gezu-lms listening on http://127.0.0.1:${line.port}`);
      const base = `http://127.0.0.1:${line.port}`;
      const health = await request(base).get('/healthz').expect(200);
      expect(health.body).toEqual({ status: 'ok', database: 'ok' });
      // views/ and public/ are found from dist/ (they are not copied there)
      const login = await request(base).get('/login').expect(200);
      expect(login.text).toContain('name="password"');
      await request(base)
        .get('/static/css/app.css')
        .expect(200)
        .expect('content-type', /text\/css/);
      // the content origin's launcher assets and scorm-again are found from dist/ too
      const content = `http://127.0.0.1:${contentPort}`;
      await request(content).get('/launcher/launcher.js').expect(200);
      await request(content).get('/launcher/cross-frame-api.min.js').expect(200);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('when the command line runs from dist/, then user:add prints the new user as JSON and exits 0', () => {
    const email = `dist-cli-${Date.now()}@example.org`;
    const r = spawnSync(
      process.execPath,
      [
        'dist/src/cli/index.js',
        'user:add',
        '--email',
        email,
        '--password',
        'Wolkenkratzer-Blau-73',
        '--role',
        'tutor',
        '--name',
        'Dora Dist',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: t.dataDir, DATABASE_URL: t.config.databaseUrl },
      },
    );
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ email, role: 'tutor' });
  });

  it('when PORT is set and HOST is not, then it listens on every interface and prints that port', async () => {
    const port = await freePort();
    const { child, line } = await startCompiled(t, { PORT: String(port) });
    try {
      expect(line.port).toBe(port);
      expect(['::', '0.0.0.0']).toContain(line.host);
      expect(line.msg).toMatch(new RegExp(`^gezu-lms listening on http://(\\[::\\]|0\\.0\\.0\\.0):${port}$`));
      await request(`http://127.0.0.1:${port}`).get('/healthz').expect(200);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });
});
