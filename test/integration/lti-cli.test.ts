import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { listPlatforms } from '../../src/lti';

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

describe('npm run cli -- lti:platform:add', () => {
  it('when every option is given, then the platform is registered and printed as JSON with its id; a second time is refused', async () => {
    const issuer = `https://moodle-${Date.now()}.example`;
    const args = [
      'lti:platform:add',
      '--issuer',
      issuer,
      '--client-id',
      'client-7',
      '--deployment-id',
      'd-1,d-2',
      '--auth-url',
      `${issuer}/mod/lti/auth.php`,
      '--token-url',
      `${issuer}/mod/lti/token.php`,
      '--jwks-url',
      `${issuer}/mod/lti/certs.php`,
    ];
    const r = cli(...args);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ issuer, clientId: 'client-7', deploymentIds: ['d-1', 'd-2'] });
    expect(out.id).toEqual(expect.any(Number));
    expect((await listPlatforms()).find((p) => p.id === out.id)?.jwksUrl).toBe(`${issuer}/mod/lti/certs.php`);
    const again = cli(...args);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('LTI_PLATFORM_EXISTS');
  }, 120_000);

  it('when a URL is not one, then it exits non-zero naming the field and stores nothing', async () => {
    const before = (await listPlatforms()).length;
    const r = cli('lti:platform:add', '--issuer', 'https://x.example', '--client-id', 'c', '--deployment-id', 'd');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr).fields).toHaveProperty('authUrl');
    expect(await listPlatforms()).toHaveLength(before);
  }, 60_000);
});
