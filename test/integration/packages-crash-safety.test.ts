/**
 * Import crash safety on the local data folder, with real processes and real file systems:
 * - a CLI import SIGKILLed in the middle leaves no package, and the next start removes its leftovers
 *   at once (not after an hour);
 * - a full data folder (a 1 MiB tmpfs) or a read-only one (a read-only bind mount) during an import
 *   gives a clear German error with a stable code, and nothing half-written stays.
 * The mounts live in a private mount namespace of the child (`unshare -m`), so they vanish with it.
 * Where unshare is not allowed, the same errors come from the kernel another way: a file-size limit
 * (`ulimit -f`, EFBIG) and a file where the content folder should be.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { runStartupTasks } from '../../src/startup';
import { packageSettingsFrom } from '../../src/packages';
import { localStore } from '../../src/shared/storage';
import { PackageStaging, PackageVersion } from '../../src/packages/package-models';

const ROOT = path.resolve(__dirname, '../..');
const CAN_MOUNT =
  spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { stdio: 'ignore' }).status === 0;
let t: TestApp;
let work: string;
let bigZip: string;

beforeAll(async () => {
  t = await createTestApp();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-crash-'));
  bigZip = await packageZip(path.join(work, 'big.zip'), 400, 64 * 1024);
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="crash" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Absturz</title>
    <item identifier="item1" identifierref="res1"><title>Start</title></item>
  </organization></organizations>
  <resources><resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>`;

/** A valid SCORM 1.2 package with `files` incompressible media files of `bytes` each (stored, as authoring tools do). */
async function packageZip(out: string, files: number, bytes: number): Promise<string> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(MANIFEST), 'imsmanifest.xml');
  zip.addBuffer(Buffer.from('<!doctype html><title>Start</title><p>Start</p>'), 'index.html');
  for (let i = 0; i < files; i++) zip.addBuffer(crypto.randomBytes(bytes), `media/clip-${i}.mp4`, { compress: false });
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(out)).on('close', resolve).on('error', reject),
  );
  return out;
}

/** The CLI's `import` as its own node process (no npx in between, so its pid is the importer's). */
function cliImport(dataDir: string, zip: string, wrap?: (argv: string[]) => string[]) {
  const argv = [process.execPath, '--import', 'tsx', 'src/cli/index.ts', 'import', zip];
  const [cmd, ...args] = wrap ? wrap(argv) : argv;
  return spawn(cmd, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: t.config.databaseUrl,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    },
  });
}

function run(child: ReturnType<typeof spawn>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const filesBelow = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : [];

describe('when an import is killed in the middle', () => {
  it('then no package is visible, and the next start removes its half-extracted files and its claim at once', async () => {
    const dataDir = path.join(work, 'killed');
    const versions = await PackageVersion.count();
    const child = cliImport(dataDir, bigZip);
    const done = run(child);
    // Wait until the extraction has written some files, then pull the plug.
    const tmp = path.join(dataDir, 'tmp');
    const deadline = Date.now() + 60_000;
    while (filesBelow(tmp).length < 20) {
      if (Date.now() > deadline)
        throw new Error(`the import did not start: ${(await Promise.race([done, Promise.resolve(null)]))?.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    expect((await done).code).toBeNull();

    // What a crash leaves: files in tmp/, a claim in the database — but no version.
    expect(filesBelow(tmp).length).toBeGreaterThan(0);
    expect(await PackageStaging.count()).toBe(1);
    expect(await PackageVersion.count()).toBe(versions);

    // The next start (same start-up tasks as the server) — seconds later, not an hour.
    const config = { ...t.ctx.config, dataDir };
    const packages = packageSettingsFrom(config, localStore(dataDir));
    await runStartupTasks({ ...t.ctx, config, services: { ...t.ctx.services, packages } });
    expect(filesBelow(tmp)).toEqual([]);
    expect(filesBelow(path.join(dataDir, 'content'))).toEqual([]);
    expect(await PackageStaging.count()).toBe(0);
    expect(await PackageVersion.count()).toBe(versions);
  }, 120_000);
});

describe('when the data folder cannot take the package', () => {
  it('then a full data folder gives STORAGE_FULL with a German message and leaves no file and no row', async () => {
    const dataDir = path.join(work, 'full');
    fs.mkdirSync(dataDir, { recursive: true });
    const zip = await packageZip(path.join(work, 'two-mib.zip'), 2, 1024 * 1024);
    const versions = await PackageVersion.count();
    const listing = path.join(work, 'full-listing.txt');
    // A 1 MiB tmpfs over the data folder (private to the child); the listing is taken before it goes.
    const r = await run(
      cliImport(dataDir, zip, (argv) =>
        CAN_MOUNT
          ? [
              'unshare',
              '-m',
              'sh',
              '-c',
              `mount -t tmpfs -o size=1m tmpfs "$0" && "$@"; rc=$?; find "$0" -type f > "${listing}"; exit $rc`,
              dataDir,
              ...argv,
            ]
          : [
              'sh',
              '-c',
              `ulimit -f 1024; "$@"; rc=$?; find "${dataDir}" -type f > "${listing}"; exit $rc`,
              'sh',
              ...argv,
            ],
      ),
    );
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr.slice(r.stderr.indexOf('{')));
    expect(err.code).toBe('STORAGE_FULL');
    expect(err.message).toMatch(/Speicherplatz .* ist voll\. Es wurde nichts gespeichert/);
    expect(fs.readFileSync(listing, 'utf8').trim()).toBe('');
    expect(await PackageVersion.count()).toBe(versions);
    expect(await PackageStaging.count()).toBe(0);
  }, 120_000);

  it('then a read-only content folder gives STORAGE_NOT_WRITABLE with a German message and leaves no file and no row', async () => {
    const dataDir = path.join(work, 'read-only');
    const content = path.join(dataDir, 'content');
    fs.mkdirSync(dataDir, { recursive: true });
    if (CAN_MOUNT) fs.mkdirSync(content);
    else fs.writeFileSync(content, 'a file where the content folder should be');
    const versions = await PackageVersion.count();
    const listing = path.join(work, 'ro-listing.txt');
    const r = await run(
      cliImport(dataDir, path.join(ROOT, 'test/fixtures/packages/zips/scorm12.zip'), (argv) =>
        CAN_MOUNT
          ? [
              'unshare',
              '-m',
              'sh',
              '-c',
              `mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && "$@"; rc=$?; find "${dataDir}" -type f > "${listing}"; exit $rc`,
              content,
              ...argv,
            ]
          : [
              'sh',
              '-c',
              `"$@"; rc=$?; find "${dataDir}" -type f ! -path "${content}" > "${listing}"; exit $rc`,
              'sh',
              ...argv,
            ],
      ),
    );
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr.slice(r.stderr.indexOf('{')));
    expect(err.code).toBe('STORAGE_NOT_WRITABLE');
    expect(err.message).toMatch(/nicht beschreibbar\. Es wurde nichts gespeichert/);
    expect(fs.readFileSync(listing, 'utf8').trim()).toBe('');
    expect(await PackageVersion.count()).toBe(versions);
    expect(await PackageStaging.count()).toBe(0);
  }, 120_000);
});
