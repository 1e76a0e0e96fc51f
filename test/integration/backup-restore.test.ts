/**
 * scripts/backup.sh and scripts/restore.sh on a real database (its own MariaDB database on the shared
 * server, or a SQLite file) and a real data folder: back up while the app holds its connections, wipe
 * both, restore, and compare every table's row count and every stored file's SHA-256.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TEST_DB, MARIADB_URL, type TestApp } from '../helpers/test-app';
import { makeUser } from '../helpers/users';
import { SAMPLES } from '../helpers/samples';
import { importPackage } from '../../src/packages';
import { openDatabase } from '../../src/shared/db/connection';
import { createLogger } from '../../src/shared/logger';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
let t: TestApp;
let backupDir: string;

beforeAll(async () => {
  t = await createTestApp();
  backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-backup-'));
  await importPackage(t.ctx.services.packages, path.join(SAMPLES, 'zips/scorm12.zip'), { actorId: null });
  await importPackage(t.ctx.services.packages, path.join(SAMPLES, 'zips/scorm2004.zip'), { actorId: null });
  await makeUser('lotse');
  await t.ctx.services.storage.write(
    'documents/0b0e8c1e-0000-4000-8000-000000000001',
    Buffer.from('%PDF-1.4 Nachweis'),
  );
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(backupDir, { recursive: true, force: true });
});

/** Row counts of every table, through a connection of its own (the app's may be gone). */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const db = openDatabase(url, createLogger('silent'));
  try {
    const tables = (await db.getQueryInterface().showAllTables()).map((x) =>
      typeof x === 'string' ? x : (x as { tableName: string }).tableName,
    );
    const counts: Record<string, number> = {};
    for (const table of tables.sort()) {
      const [row] = (await db.query(`SELECT COUNT(*) AS n FROM ${db.getQueryInterface().quoteIdentifier(table)}`, {
        plain: false,
        raw: true,
      })) as [Array<{ n: number | string }>, unknown];
      counts[table] = Number(row[0].n);
    }
    return counts;
  } finally {
    await db.close();
  }
}

function fileHashes(dataDir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const top of ['content', 'documents']) {
    const dir = path.join(dataDir, top);
    if (!fs.existsSync(dir)) continue;
    for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const file = path.join(e.parentPath, e.name);
      hashes[path.relative(dataDir, file)] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    }
  }
  return hashes;
}

async function wipe(url: string, dataDir: string): Promise<void> {
  if (TEST_DB === 'mariadb') {
    const name = new URL(url).pathname.slice(1);
    const mysql = await import('mysql2/promise');
    const c = await mysql.createConnection(MARIADB_URL);
    // Only this test's own database (gezu_t_<pid>_<random>), never another.
    expect(name).toMatch(/^gezu_t_\d+_[0-9a-f]+$/);
    await c.query(`DROP DATABASE \`${name}\``);
    await c.end();
  } else {
    for (const f of ['', '-wal', '-shm']) fs.rmSync(url.slice('sqlite:'.length) + f, { force: true });
  }
  for (const d of ['content', 'documents']) fs.rmSync(path.join(dataDir, d), { recursive: true, force: true });
}

const env = () => ({ ...process.env, DATABASE_URL: t.config.databaseUrl, DATA_DIR: t.dataDir, STORAGE_URL: '' });

describe('when the database and the data folder are backed up, wiped and restored', () => {
  it('then every table has its rows again and every stored file its bytes', async () => {
    const url = t.config.databaseUrl;
    const countsBefore = await rowCounts(url);
    const hashesBefore = fileHashes(t.dataDir);
    expect(countsBefore.package_versions).toBe(2);
    expect(Object.keys(hashesBefore).length).toBeGreaterThan(100);

    const backup = await run('bash', ['scripts/backup.sh', backupDir], { cwd: ROOT, env: env() });
    expect(backup.stdout).toContain('backup: written to');
    expect(fs.readFileSync(path.join(backupDir, 'files.sha256'), 'utf8').trim().split('\n')).toHaveLength(
      Object.keys(hashesBefore).length,
    );

    // The app stops its background work (the outbox poller) so nothing writes while the database is gone;
    // its idle connections stay (restore.sh is run against a stopped app in real life).
    await t.ctx.services.dispose();
    await wipe(url, t.dataDir);
    expect(fileHashes(t.dataDir)).toEqual({});

    const restore = await run('bash', ['scripts/restore.sh', backupDir], { cwd: ROOT, env: env() });
    expect(restore.stdout).toContain('restore: database and');
    expect(await rowCounts(url)).toEqual(countsBefore);
    expect(fileHashes(t.dataDir)).toEqual(hashesBefore);

    // A second restore onto the restored state is refused without --force, and allowed with it.
    const again = await run('bash', ['scripts/restore.sh', backupDir], { cwd: ROOT, env: env() }).catch((e) => e);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/add --force/);
    await run('bash', ['scripts/restore.sh', backupDir, '--force'], { cwd: ROOT, env: env() });
    expect(await rowCounts(url)).toEqual(countsBefore);
  }, 180_000);
});
