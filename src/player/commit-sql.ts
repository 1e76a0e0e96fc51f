/**
 * The commit's hot statements on the driver itself, without the ORM (issue #14: Sequelize's query
 * building, escaping of the 14 KB body and its transaction bookkeeping were half of a commit's CPU).
 * A small seam, not a second ORM: one transaction runner with two calls (`rows`, `run`), the SQL
 * stays in commit-store.ts, shared with the Sequelize path.
 *
 * - MariaDB/MySQL: two mysql2 pools of its own (same DATABASE_URL, `poolSize` connections each per
 *   process) using prepared statements (`execute`: the body travels as a binary parameter, nothing
 *   is escaped). The transaction pool's connections run with autocommit off, so a transaction starts
 *   with its first statement: a locking commit is three round trips (locking read, one UPDATE of the
 *   SCO row and the attempt together, COMMIT) instead of five. Every use ends with COMMIT or ROLLBACK;
 *   a connection whose ROLLBACK fails is destroyed. The autocommit pool runs the optimistic commit of
 *   one-SCO packages (commit.ts): a plain read and one guarded UPDATE, two round trips.
 *   ("UPDATE …; COMMIT" as one multi-statement query was measured too: slower — the text protocol
 *   escapes and the server parses the 14 KB body, which costs more than the round trip it saves.)
 * - SQLite (a file): one long-lived handle with prepared statements (Sequelize opens and closes a
 *   handle per transaction), run in the process's transaction queue (shared/db/connection.ts), so it
 *   never waits on a lock held by this process's other transactions.
 * An in-memory SQLite database has no second handle: no driver, the Sequelize path does all.
 */
import type { Sequelize } from 'sequelize';
import { sqliteFileOf, runSqliteExclusive } from '../shared/db/connection';

export type SqlParam = string | number | null | Date;
export type SqlRow = Record<string, unknown>;

export interface CommitSqlTx {
  rows(sql: string, params: SqlParam[]): Promise<SqlRow[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params: SqlParam[]): Promise<number>;
}

export interface CommitSql {
  dialect: 'mysql' | 'sqlite';
  /** Runs `work` in one transaction; rolls back (and rethrows) when it throws. */
  transaction<T>(work: (tx: CommitSqlTx) => Promise<T>): Promise<T>;
  /**
   * MariaDB/MySQL only: runs `work` on a connection where every statement commits by itself (no
   * transaction, no locks held between statements) — the optimistic commit (commit.ts), whose one
   * write carries its own guard. Absent on SQLite, where a transaction costs no round trip.
   */
  autocommit?<T>(work: (q: CommitSqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Pool size and the timeouts of DB_*_TIMEOUT_SECONDS (docs/operations.md "Timeouts"); unset = none. */
export interface CommitSqlOptions {
  databaseUrl: string;
  poolSize: number;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  acquireTimeoutMs?: number;
}

/** Built once per app by the composition root; null when the database has no second handle (in-memory SQLite). */
export function openCommitSql(sequelize: Sequelize, opts: CommitSqlOptions): CommitSql | null {
  if (sequelize.getDialect() === 'sqlite') {
    const file = sqliteFileOf(sequelize);
    return file ? sqliteCommitSql(sequelize, file) : null;
  }
  return mysqlCommitSql(opts);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** As Sequelize writes a DATE on MySQL/MariaDB (UTC, whole seconds). */
const mysqlDate = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
/** As Sequelize writes a DATE on SQLite (`2026-12-02 21:30:00.123 +00:00`): stored text compares with its own. */
const sqliteDate = (d: Date) => `${mysqlDate(d)}.${pad(d.getUTCMilliseconds(), 3)} +00:00`;

const MYSQL_TYPE_FLOAT = 4;

/**
 * FLOAT columns as the text protocol (Sequelize's) reads them: the binary protocol gives the stored
 * single-precision value (0.800000011920929 for 0.8), which would compare unequal with the roll-up's
 * 0.8 and count as a changed result on every commit. Six significant digits = the server's text form.
 */
function asText(rows: SqlRow[], fields: { name: string; columnType: number }[]): SqlRow[] {
  const floats = fields.filter((f) => f.columnType === MYSQL_TYPE_FLOAT).map((f) => f.name);
  if (floats.length > 0)
    for (const row of rows)
      for (const name of floats) {
        const v = row[name];
        if (typeof v === 'number') row[name] = Number(v.toPrecision(6));
      }
  return rows;
}

function mysqlCommitSql(opts: CommitSqlOptions): CommitSql {
  // Loaded only on MySQL/MariaDB (a dependency anyway: Sequelize's dialect).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2') as typeof import('mysql2');
  const createPool = () =>
    mysql.createPool({
      uri: opts.databaseUrl.replace(/^mariadb:/, 'mysql:'),
      connectionLimit: opts.poolSize,
      maxIdle: Math.min(opts.poolSize, 4),
      idleTimeout: 30_000,
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: false,
      ...(opts.connectTimeoutMs ? { connectTimeout: opts.connectTimeoutMs } : {}),
    });
  // Two pools, so no connection ever switches modes (a SET would be one more round trip):
  // transactions (autocommit off) and single self-committing statements (autocommit on).
  const pool = createPool();
  const autoPool = createPool();
  type Pool = typeof pool;
  type Conn = import('mysql2').PoolConnection;
  const ready = new WeakSet<object>();
  const timeout = opts.statementTimeoutMs;
  const call = <T>(conn: Conn, sql: string, params: SqlParam[] | undefined, text = false): Promise<T> =>
    new Promise((resolve, reject) => {
      const values = params?.map((p) => (p instanceof Date ? mysqlDate(p) : p));
      const cb = (err: unknown, result: unknown, fields: unknown) =>
        err
          ? reject(err as Error)
          : resolve(
              (Array.isArray(result) && Array.isArray(fields) ? asText(result as SqlRow[], fields) : result) as T,
            );
      const q = { sql, values, ...(timeout ? { timeout } : {}) };
      if (text) conn.query(q, cb as Parameters<Conn['query']>[1] & object);
      else conn.execute(q, cb as Parameters<Conn['execute']>[1] & object);
    });
  // mysql2's pool waits for a free connection without a limit: a frozen server would hold every commit.
  const getConnection = (from: Pool = pool): Promise<Conn> =>
    new Promise((resolve, reject) => {
      let waiting = true;
      const timer = opts.acquireTimeoutMs
        ? setTimeout(() => {
            waiting = false;
            reject(Object.assign(new Error('no database connection free in time'), { code: 'ETIMEDOUT' }));
          }, opts.acquireTimeoutMs)
        : undefined;
      from.getConnection((err, c) => {
        if (timer) clearTimeout(timer);
        if (!waiting) return void (err ? undefined : c.release());
        if (err) reject(err);
        else resolve(c);
      });
    });
  /**
   * A statement that ran out of time still waits for its answer on that connection: a ROLLBACK would
   * queue behind it (and wait as long). The connection is torn down instead; the server rolls back
   * the transaction when it sees the connection gone.
   */
  const abandon = (conn: Conn) => {
    conn.destroy();
    (conn as unknown as { stream?: { destroy(): void } }).stream?.destroy();
  };
  const timedOut = (err: unknown) => (err as { code?: string } | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT';
  const statementsOn = (conn: Conn): CommitSqlTx => ({
    rows: (sql, params) => call<SqlRow[]>(conn, sql, params),
    run: async (sql, params) => (await call<{ affectedRows: number }>(conn, sql, params)).affectedRows,
  });

  return {
    dialect: 'mysql',
    async transaction(work) {
      const conn = await getConnection();
      try {
        if (!ready.has(conn)) {
          // Like Sequelize's connections: UTC; and no autocommit, so the first statement begins the transaction.
          await call(conn, "SET time_zone = '+00:00', autocommit = 0", undefined, true);
          ready.add(conn);
        }
        const result = await work(statementsOn(conn));
        await call(conn, 'COMMIT', undefined, true);
        conn.release();
        return result;
      } catch (err) {
        if (timedOut(err)) {
          abandon(conn);
          throw err;
        }
        try {
          await call(conn, 'ROLLBACK', undefined, true);
          conn.release();
        } catch {
          conn.destroy();
        }
        throw err;
      }
    },
    async autocommit(work) {
      const conn = await getConnection(autoPool);
      try {
        if (!ready.has(conn)) {
          await call(conn, "SET time_zone = '+00:00'", undefined, true);
          ready.add(conn);
        }
        const result = await work(statementsOn(conn));
        conn.release();
        return result;
      } catch (err) {
        // Nothing to roll back: each statement committed (or failed) by itself.
        if (timedOut(err)) abandon(conn);
        else conn.release();
        throw err;
      }
    },
    close: () =>
      Promise.all([pool, autoPool].map((p) => new Promise<void>((resolve) => p.end(() => resolve())))).then(
        () => undefined,
      ),
  };
}

function sqliteCommitSql(sequelize: Sequelize, file: string): CommitSql {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sqlite3 = require('sqlite3') as typeof import('sqlite3');
  type Db = import('sqlite3').Database;
  type Statement = import('sqlite3').Statement;
  let opened: Promise<Db> | null = null;
  const statements = new Map<string, Statement>();
  const open = (): Promise<Db> =>
    (opened ??= new Promise<Db>((resolve, reject) => {
      const db = new sqlite3.Database(file, (err) => {
        if (err) return reject(err);
        db.configure('busyTimeout', 15000);
        db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;', (e) => (e ? reject(e) : resolve(db)));
      });
    }));
  const exec = (db: Db, sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));
  const statement = (db: Db, sql: string): Statement => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const values = (params: SqlParam[]) => params.map((p) => (p instanceof Date ? sqliteDate(p) : p));

  return {
    dialect: 'sqlite',
    transaction: (work) =>
      runSqliteExclusive(sequelize, async () => {
        const db = await open();
        await exec(db, 'BEGIN IMMEDIATE');
        try {
          const result = await work({
            rows: (sql, params) =>
              new Promise((resolve, reject) =>
                statement(db, sql).all(values(params), (e: Error | null, rows: SqlRow[]) =>
                  e ? reject(e) : resolve(rows),
                ),
              ),
            run: (sql, params) =>
              new Promise((resolve, reject) =>
                statement(db, sql).run(values(params), function (this: { changes: number }, e: Error | null) {
                  return e ? reject(e) : resolve(this.changes);
                }),
              ),
          });
          await exec(db, 'COMMIT');
          return result;
        } catch (err) {
          await exec(db, 'ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    async close() {
      if (!opened) return;
      const db = await opened.catch(() => null);
      opened = null;
      if (!db) return;
      for (const s of statements.values()) await new Promise<void>((resolve) => s.finalize(() => resolve()));
      statements.clear();
      await new Promise<void>((resolve) => db.close(() => resolve()));
    },
  };
}
