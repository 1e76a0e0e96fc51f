import { QueryTypes } from 'sequelize';
import { TEST_DB, MARIADB_URL } from '../helpers/test-app';
import { openDatabase, withoutQueryTimeout, DEFAULT_DB_TIMEOUTS } from '../../src/shared/db/connection';
import { isDatabaseUnavailable } from '../../src/shared/web/error-handler';

/**
 * The statement limit of MySQL/MariaDB connections (DB_QUERY_TIMEOUT_SECONDS, docs/operations.md): a
 * statement that runs too long fails at once as "database unavailable" (503), its connection leaves the
 * pool, and the next statements work. SQLite has no such limit (its writers wait for the file lock).
 * The frozen server itself (SIGSTOP) is test/faults/frozen-database.test.ts.
 */
const onMaria = TEST_DB === 'mariadb' ? describe : describe.skip;

onMaria('statement timeouts on MariaDB', () => {
  const db = openDatabase(`${MARIADB_URL}/test`, undefined, { ...DEFAULT_DB_TIMEOUTS, queryMs: 500 });
  afterAll(() => db.close());
  const threadId = async () =>
    Number((await db.query<{ id: number }>('SELECT CONNECTION_ID() AS id', { type: QueryTypes.SELECT }))[0].id);

  it('when a statement runs longer than the limit, then it fails at once as unavailable, and its connection is replaced', async () => {
    let abandoned = 0;
    const started = Date.now();
    const err = await db
      .transaction(async (transaction) => {
        abandoned = Number(
          (
            await db.query<{ id: number }>('SELECT CONNECTION_ID() AS id', {
              type: QueryTypes.SELECT,
              transaction,
            })
          )[0].id,
        );
        await db.query('SELECT SLEEP(3)', { transaction });
      })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((err as { parent?: { code?: string } }).parent?.code).toBe('PROTOCOL_SEQUENCE_TIMEOUT');
    expect(isDatabaseUnavailable(err)).toBe(true);
    // The pool goes on: the next statements run, none on the abandoned connection.
    const ids = new Set<number>();
    for (let i = 0; i < 5; i++) ids.add(await threadId());
    expect(abandoned).toBeGreaterThan(0);
    expect(ids.has(abandoned)).toBe(false);
  });

  it('when a transaction statement runs out of time, then the transaction fails at once and nothing of it stays', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS db_timeouts_probe (id INT PRIMARY KEY)');
    await db.query('DELETE FROM db_timeouts_probe');
    const started = Date.now();
    await expect(
      db.transaction(async (transaction) => {
        await db.query('INSERT INTO db_timeouts_probe (id) VALUES (1)', { transaction });
        await db.query('SELECT SLEEP(3)', { transaction });
      }),
    ).rejects.toMatchObject({ parent: { code: 'PROTOCOL_SEQUENCE_TIMEOUT' } });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The server rolls back the abandoned transaction once its statement is done and it sees the socket gone.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await db.query('SELECT id FROM db_timeouts_probe', { type: QueryTypes.SELECT })).toEqual([]);
    await db.query('DROP TABLE db_timeouts_probe');
  });

  it('when work runs without a limit (migrations), then a long statement completes', async () => {
    const rows = await withoutQueryTimeout(() => db.query('SELECT SLEEP(1) AS s', { type: QueryTypes.SELECT }));
    expect(rows).toEqual([{ s: 0 }]);
  });
});
