import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import request from 'supertest';
import { User } from '../../src/auth/user-model';
import { makeUser } from '../helpers/users';

// Each case starts the real CLI through tsx (compiling src/ on start), up to 60 s each on a busy machine.
jest.setTimeout(150_000);

const ROOT = path.resolve(__dirname, '../..');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Runs the real CLI against this test's database. */
function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/index.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: t.dataDir, DATABASE_URL: t.config.databaseUrl, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
}

describe('npm run cli -- user:add', () => {
  it('when all fields are given, then the user exists and the CLI prints it as JSON', () => {
    const email = `cli-${Date.now()}@example.org`;
    const r = cli(
      'user:add',
      '--email',
      email,
      '--password',
      'cli-passwort-123',
      '--role',
      'tutor',
      '--name',
      'Grete Müller-Lüdenscheidt',
      '--region',
      'saarland',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ email, role: 'tutor', region: 'saarland', name: 'Grete Müller-Lüdenscheidt' });
    return User.findOne({ where: { email } }).then((u) => expect(u?.lastName).toBe('Müller-Lüdenscheidt'));
  });

  it('when the role is unknown or the password missing, then it exits non-zero and creates nothing', async () => {
    const email = `cli-bad-${Date.now()}@example.org`;
    const bad = cli(
      'user:add',
      '--email',
      email,
      '--password',
      'cli-passwort-123',
      '--role',
      'kaiser',
      '--name',
      'A B',
    );
    expect(bad.status).not.toBe(0);
    expect(JSON.parse(bad.stderr).fields.role).toBe('error.role_invalid');
    const noPw = cli('user:add', '--email', email, '--role', 'lotse', '--name', 'A B');
    expect(noPw.status).not.toBe(0);
    expect(await User.count({ where: { email } })).toBe(0);
  });
});

describe('npm run cli -- token:create', () => {
  it('when a token is created for a user, then scripts can call the API with it, and a wrong token gets 401', async () => {
    const lotse = await makeUser('lotse');
    const r = cli('token:create', '--email', lotse.email, '--label', 'Auswertung');
    expect(r.status).toBe(0);
    const { token } = JSON.parse(r.stdout);
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const ok = await request(t.app).get('/api/v1/me/progress').set('Authorization', `Bearer ${token}`).expect(200);
    expect(Array.isArray(ok.body.packages)).toBe(true);
    const bad = await request(t.app).get('/api/v1/me/progress').set('Authorization', 'Bearer falsch').expect(401);
    expect(bad.body.code).toBe('API_TOKEN_INVALID');
    expect(cli('token:create', '--email', 'niemand@example.org').status).toBe(1);
  });

  it('when --scope is given, then the token carries it; a scope above the account role is refused', async () => {
    const tutor = await makeUser('tutor');
    const r = cli('token:create', '--email', tutor.email, '--scope', 'read');
    expect(r.status).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed).toMatchObject({ userId: tutor.id, role: 'tutor', scope: 'read', label: 'cli' });
    await request(t.app).get('/api/v1/workshops').set('Authorization', `Bearer ${printed.token}`).expect(200);
    const refused = cli('token:create', '--email', tutor.email, '--scope', 'admin');
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stderr).code).toBe('API_SCOPE_ABOVE_ROLE');
  }, 90_000);
});
