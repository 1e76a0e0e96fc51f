/**
 * DATABASE_READ_URL (issue #15): reports and exports read from a real MariaDB replica, everything else
 * from the primary. Two own servers: a primary with a binary log and a replica that follows it
 * (CHANGE MASTER TO … ; START SLAVE). With replication stopped, a Lotse added on the primary is missing
 * from the dashboard and its CSV export (they read the replica) but present in the admin's user list
 * (the primary); once replication runs again, the dashboard shows it.
 */
import type { Express } from 'express';
import { OwnMariaDb } from './helpers/mariadb';
import { loginAs, makeUser } from '../helpers/users';
import { loadConfig } from '../../src/config';
import { createContext, type AppContext } from '../../src/context';
import { buildApp } from '../../src/app';
import { createLogger } from '../../src/shared/logger';
import fs from 'node:fs';
import path from 'node:path';

let primary: OwnMariaDb;
let replica: OwnMariaDb;
let ctx: AppContext;
let app: Express;

/** Waits until the replica has applied everything the primary has written so far. */
async function caughtUp(): Promise<void> {
  const [status] = await primary.query<{ File: string; Position: number }>('mysql', 'SHOW MASTER STATUS');
  const [row] = await replica.query<{ r: number | null }>('mysql', 'SELECT MASTER_POS_WAIT(?, ?, 60) AS r', [
    status.File,
    status.Position,
  ]);
  if (row.r === null || row.r < 0) throw new Error(`replica did not catch up: ${JSON.stringify(row)}`);
}

beforeAll(async () => {
  [primary, replica] = await Promise.all([
    OwnMariaDb.create('primary', ['--log-bin=primary-bin', '--server-id=1', '--binlog-format=ROW']),
    OwnMariaDb.create('replica', ['--skip-log-bin', '--server-id=2']),
  ]);
  const [status] = await primary.query<{ File: string; Position: number }>('mysql', 'SHOW MASTER STATUS');
  const c = await replica.connect();
  await c.query(
    `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_LOG_FILE=?, MASTER_LOG_POS=?`,
    [status.File, status.Position],
  );
  await c.query('START SLAVE');
  await c.end();
  const databaseUrl = await primary.createDatabase('gezu');
  await caughtUp();
  const dataDir = path.join(primary.dir, 'app-data');
  fs.mkdirSync(dataDir);
  ctx = await createContext(
    loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      DATABASE_READ_URL: `${replica.rootUrl}/gezu`,
      SESSION_SECRET: 'replica-secret-replica-secret',
      IMPORT_COURSES: 'false',
    }),
    { logger: createLogger('silent') },
  );
  app = buildApp(ctx);
  await caughtUp();
}, 180_000);
afterAll(async () => {
  await ctx?.close();
  await Promise.all([replica?.destroy(), primary?.destroy()]);
});

describe('DATABASE_READ_URL', () => {
  it('when replication is stopped, then reports and exports still show the replica while the rest shows the primary', async () => {
    expect(ctx.readSequelize).not.toBe(ctx.sequelize);
    const admin = await makeUser('admin');
    await makeUser('lotse', { lastName: 'Replikant' });
    await caughtUp();
    const agent = await loginAs(app, admin);
    const before = await agent.get('/api/v1/reports/matrix').expect(200);
    expect(before.text).toContain('Replikant');

    await replica.query('mysql', 'STOP SLAVE');
    await makeUser('lotse', { lastName: 'Nurprimär' });
    const users = await agent.get('/admin/users?q=Nurprim%C3%A4r').expect(200);
    expect(users.text).toContain('Nurprimär'); // the primary has it
    const matrix = await agent.get('/api/v1/reports/matrix').expect(200);
    expect(matrix.text).toContain('Replikant');
    expect(matrix.text).not.toContain('Nurprimär'); // the report reads the replica
    const csv = await agent.get('/reports/export/matrix.csv').expect(200);
    expect(csv.text).toContain('Replikant');
    expect(csv.text).not.toContain('Nurprimär');

    await replica.query('mysql', 'START SLAVE');
    await caughtUp();
    const after = await agent.get('/api/v1/reports/matrix').expect(200);
    expect(after.text).toContain('Nurprimär');
  }, 120_000);
});
