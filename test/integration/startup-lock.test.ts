import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { TEST_DB, MARIADB_URL } from '../helpers/test-app';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/shared/db/connection';
import { migrateToLatest } from '../../src/shared/db/migrator';
import { withStartupLock } from '../../src/shared/db/startup-lock';
import { migrations } from '../../migrations';

/** Two app processes starting at once against one database: both must come up, migrations run once. */
describe('start-up lock', () => {
  it('when two processes migrate the same fresh database at once, then both succeed and every migration is applied once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-lock-'));
    let url = `sqlite:${path.join(dataDir, 'lock.sqlite')}`;
    let drop = async () => undefined as void;
    if (TEST_DB === 'mariadb') {
      const name = `gezu_lock_${crypto.randomBytes(4).toString('hex')}`;
      const mysql = await import('mysql2/promise');
      const c = await mysql.createConnection(MARIADB_URL);
      await c.query(`CREATE DATABASE \`${name}\``);
      await c.end();
      url = `${MARIADB_URL}/${name}`;
      drop = async () => {
        const d = await mysql.createConnection(MARIADB_URL);
        await d.query(`DROP DATABASE \`${name}\``);
        await d.end();
      };
    }
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url });
    // Two separate connection pools stand for two processes.
    const a = openDatabase(config.databaseUrl);
    const b = openDatabase(config.databaseUrl);
    try {
      const order: string[] = [];
      const run = (db: typeof a, who: string) =>
        withStartupLock(db, 'gezu-lms:migrate', async () => {
          order.push(`${who}:start`);
          const ran = await migrateToLatest(db);
          order.push(`${who}:end`);
          return ran;
        });
      // SQLite is one file on one machine: processes start one after another there (no lock needed);
      // on MariaDB they really start at the same moment.
      const [ranA, ranB] =
        TEST_DB === 'mariadb' ? await Promise.all([run(a, 'a'), run(b, 'b')]) : [await run(a, 'a'), await run(b, 'b')];
      expect(ranA.length + ranB.length).toBe(migrations.length);
      if (TEST_DB === 'mariadb') {
        // Serialised: one finished before the other began.
        expect([order[0].slice(2), order[1].slice(2)]).toEqual(['start', 'end']);
      }
    } finally {
      await a.close();
      await b.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
