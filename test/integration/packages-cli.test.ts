/** `npm run cli -- import`: one JSON object on stdout and exit 0, or the problems on stderr and exit 1. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { getPackage, listScos } from '../../src/packages';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLES = path.resolve(ROOT, 'test/fixtures/packages');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/index.ts', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: t.dataDir,
        DATABASE_URL: t.config.databaseUrl,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('when the CLI imports a package', () => {
  test('then it prints the package as JSON and exits 0, and the rows are there', async () => {
    const r = await cli(
      'import',
      path.join(SAMPLES, 'moodle/RuntimeMinimumCalls_SCORM12-mini.zip'),
      '--module',
      'tools-methoden',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      version: 1,
      scormVersion: '1.2',
      moduleKey: 'tools-methoden',
      playUrl: `/play/${out.id}`,
    });
    expect(out.scos).toHaveLength(9);
    expect(Object.keys(out.scos[0]).sort()).toEqual(['identifier', 'launchUrl', 'scormType', 'title']);
    expect(await listScos((await getPackage(out.id)).latestVersionId!)).toHaveLength(9);

    const again = await cli(
      'import',
      path.join(SAMPLES, 'scorm12/RuntimeMinimumCalls_SCORM12'),
      '--package',
      String(out.id),
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: out.id, version: 2 });
  }, 60_000);

  test('then a broken package prints the problems on stderr, nothing on stdout, and exits 1', async () => {
    const r = await cli('import', path.join(SAMPLES, 'synthetic/invalid.zip'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr);
    expect(err.code).toBe('PACKAGE_MANIFEST_MISSING');
    expect(err.problems[0].code).toBe('PACKAGE_MANIFEST_MISSING');
  }, 60_000);
});
