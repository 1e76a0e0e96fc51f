/**
 * The commit's driver seam (src/player/commit-sql.ts) on the test database (SQLite file or MariaDB):
 * its transactions commit or roll back as a whole, serialise read-modify-write, and read and write
 * values exactly as the Sequelize path does (FLOAT columns, dates), since both paths share the rows.
 */
import { QueryTypes } from 'sequelize';
import { createTestApp, type TestApp } from '../helpers/test-app';
import type { CommitSql } from '../../src/player';

let t: TestApp;
let sql: CommitSql;

beforeAll(async () => {
  t = await createTestApp();
  sql = t.ctx.services.player.commitSql!;
  await t.ctx.sequelize.query(
    'CREATE TABLE commit_sql_probe (id INTEGER PRIMARY KEY, n INTEGER, v FLOAT, at DATETIME)',
  );
  await t.ctx.sequelize.query(
    'INSERT INTO commit_sql_probe (id, n, v, at) VALUES (1, 0, NULL, NULL), (2, 0, NULL, NULL)',
  );
});
afterAll(() => t.close());

const readBack = (id: number) =>
  t.ctx.sequelize.query<{ n: number; v: number | null; at: unknown }>(
    'SELECT n, v, at FROM commit_sql_probe WHERE id = ?',
    {
      replacements: [id],
      type: QueryTypes.SELECT,
    },
  );

describe('the commit driver', () => {
  it('exists for a file database, on the dialect of the app', () => {
    expect(sql).toBeTruthy();
    expect(sql.dialect).toBe(t.ctx.sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql');
  });

  it('when the work throws after a write, then nothing of it is stored and the error comes through', async () => {
    await expect(
      sql.transaction(async (tx) => {
        expect(await tx.run('UPDATE commit_sql_probe SET n = 99 WHERE id = ?', [1])).toBe(1);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await readBack(1))[0].n).toBe(0);
  });

  it('reads a FLOAT and writes a date as Sequelize does', async () => {
    const at = new Date('2026-12-02T21:30:05.123Z');
    await sql.transaction((tx) => tx.run('UPDATE commit_sql_probe SET v = ?, at = ? WHERE id = ?', [0.8, at, 1]));
    await t.ctx.sequelize.query('UPDATE commit_sql_probe SET v = ?, at = ? WHERE id = ?', {
      replacements: [0.8, at, 2],
    });
    const [[ours], [theirs]] = await Promise.all([readBack(1), readBack(2)]);
    expect(ours).toEqual(theirs);
    const [viaDriver] = await sql.transaction((tx) => tx.rows('SELECT v, at FROM commit_sql_probe WHERE id = ?', [1]));
    expect(Number(viaDriver.v)).toBe(Number(theirs.v));
    expect(Number(viaDriver.v)).toBe(0.8);
  });

  it('serialises read-modify-write transactions (no lost update)', async () => {
    const forUpdate = sql.dialect === 'mysql' ? ' FOR UPDATE' : '';
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sql.transaction(async (tx) => {
          const [row] = await tx.rows(`SELECT n FROM commit_sql_probe WHERE id = ?${forUpdate}`, [2]);
          await tx.run('UPDATE commit_sql_probe SET n = ? WHERE id = ?', [Number(row.n) + 1, 2]);
        }),
      ),
    );
    expect((await readBack(2))[0].n).toBe(20);
  });
});
