import { AsyncLocalStorage } from 'node:async_hooks';
import { Sequelize, Transaction } from 'sequelize';
import type { Logger } from '../logger';

export type Dialect = 'sqlite' | 'mysql';

/**
 * How long the app waits for MySQL/MariaDB before it gives up (docs/operations.md, "Timeouts"). A server
 * that is frozen (stopped process, hung host, full disk) still accepts TCP connections but never answers,
 * so only timeouts on this side end the wait: for a new connection's handshake (`connectMs`, mysql2
 * `connectTimeout`), for a free connection of the pool (`acquireMs`, Sequelize `pool.acquire`) and for each
 * statement (`queryMs`; 0 = none). A statement that runs out of time fails, and its connection is closed
 * and leaves the pool — its answer may still come, and the connection is in an unknown state.
 */
export interface DbTimeouts {
  connectMs: number;
  acquireMs: number;
  queryMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 5_000, acquireMs: 10_000, queryMs: 30_000 };

/** Statements inside `fn` have no time limit (start-up: migrations, waiting for the migration lock). */
const unlimited = new AsyncLocalStorage<boolean>();
export function withoutQueryTimeout<T>(fn: () => Promise<T>): Promise<T> {
  return unlimited.run(true, fn);
}

/**
 * Opens the database named by the URL: `sqlite:<file>` (the embedded default) or `mysql://…`
 * (MySQL 8 / MariaDB 10.11+ in production).
 */
export function openDatabase(
  databaseUrl: string,
  logger?: Logger,
  timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS,
): Sequelize {
  const logging = logger ? (sql: string) => logger.trace({ sql }, 'sql') : false;
  if (databaseUrl.startsWith('sqlite:')) {
    const storage = databaseUrl.slice('sqlite:'.length);
    const sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging,
      // IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of deadlocking
      // on a lock upgrade half-way through a transaction.
      transactionType: Transaction.TYPES.IMMEDIATE,
      define: { underscored: true },
    });
    configureSqliteConnections(sequelize);
    queueSqliteTransactions(sequelize);
    return sequelize;
  }
  const url = databaseUrl.replace(/^mariadb:/, 'mysql:');
  const sequelize = new Sequelize(url, {
    dialect: 'mysql',
    logging,
    pool: { max: 20, min: 0, idle: 10000, acquire: timeouts.acquireMs },
    dialectOptions: {
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: false,
      connectTimeout: timeouts.connectMs,
    },
    define: { underscored: true, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
  });
  if (timeouts.queryMs > 0) {
    sequelize.addHook('afterConnect', (connection) => {
      limitStatements(connection as unknown as Mysql2Connection, timeouts.queryMs, logger);
    });
  }
  return sequelize;
}

interface Mysql2Connection {
  on(event: 'error', listener: (err: unknown) => void): unknown;
  query(...args: unknown[]): unknown;
  execute(...args: unknown[]): unknown;
  threadId: number | null;
  destroy(): void;
  stream: { destroy(): void; destroyed: boolean };
}

/**
 * Gives every statement on this mysql2 connection `ms` to answer (mysql2's per-statement `timeout`). On
 * a timeout the caller gets the error at once and the connection is closed and its socket torn down:
 * Sequelize's ROLLBACK on it fails at once and the pool drops it, so no later request inherits a
 * connection that still waits for an old answer (the server rolls back when it sees the socket gone).
 */
function limitStatements(connection: Mysql2Connection, ms: number, logger?: Logger): void {
  // A torn-down connection also reports its loss as an 'error' event of the connection; every statement
  // has its own error already, so the event only needs a listener (without one Node ends the process).
  connection.on('error', (err: unknown) =>
    logger?.debug({ err, threadId: connection.threadId }, 'database connection closed'),
  );
  for (const name of ['query', 'execute'] as const) {
    const original = connection[name].bind(connection);
    connection[name] = (...args: unknown[]) => {
      const first = args[0];
      const plain =
        typeof first === 'string' || (first !== null && typeof first === 'object' && first.constructor === Object);
      if (unlimited.getStore() || !plain) return original(...args);
      const options = typeof first === 'string' ? { sql: first } : { ...(first as object) };
      const cb = args.findIndex((a, i) => i > 0 && typeof a === 'function');
      if (cb > 0) {
        const callback = args[cb] as (err: unknown, ...rest: unknown[]) => void;
        args[cb] = (err: unknown, ...rest: unknown[]) => {
          if ((err as { code?: string } | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT' && !connection.stream.destroyed) {
            logger?.warn(
              { threadId: connection.threadId, timeoutMs: ms },
              'database statement timed out: connection closed',
            );
            callback(err, ...rest);
            // Closed first (no further statements are taken: Sequelize's ROLLBACK fails at once and the
            // pool drops the connection), then the socket goes without waiting for the frozen server.
            connection.destroy();
            connection.stream.destroy();
            return;
          }
          callback(err, ...rest);
        };
      }
      return original({ timeout: ms, ...options }, ...args.slice(1));
    };
  }
}

export function dialectOf(sequelize: Sequelize): Dialect {
  return sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'mysql';
}

/**
 * Sequelize opens one sqlite3 handle per transaction and offers no afterConnect hook for SQLite,
 * so each new handle gets its busy timeout here; WAL lets readers go on while one process writes.
 */
function configureSqliteConnections(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as {
    getConnection: (opts?: unknown) => Promise<SqliteHandle>;
  };
  const original = manager.getConnection.bind(manager);
  const configured = new WeakSet<object>();
  manager.getConnection = async (opts?: unknown) => {
    const handle = await original(opts);
    if (!configured.has(handle)) {
      configured.add(handle);
      handle.configure('busyTimeout', 15000);
      await new Promise<void>((resolve) =>
        handle.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;', () => resolve()),
      );
    }
    return handle;
  };
}

interface SqliteHandle {
  configure(option: 'busyTimeout', value: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * SQLite has one writer at a time. Left alone, several transactions of this process would each take
 * a libuv worker thread to wait on the file lock (busy timeout), and with all four workers waiting the
 * lock holder cannot run its next statement: everything stalls until the timeout. So this process
 * runs its SQLite transactions one after another. A transaction started inside another one's callback
 * runs at once (it would otherwise wait for itself).
 */
function queueSqliteTransactions(sequelize: Sequelize): void {
  const inside = new AsyncLocalStorage<boolean>();
  const original = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  const queued = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };
  (sequelize as unknown as { transaction: unknown }).transaction = (...args: unknown[]) => {
    const managed = typeof args[args.length - 1] === 'function';
    if (!managed || inside.getStore()) return original(...args);
    const callback = args[args.length - 1] as (t: Transaction) => Promise<unknown>;
    const wrapped = [...args.slice(0, -1), (t: Transaction) => inside.run(true, () => callback(t))];
    return queued(() => original(...wrapped));
  };
  const exclusive = <T>(work: () => Promise<T>): Promise<T> =>
    inside.getStore() ? work() : queued(() => inside.run(true, work));
  (sequelize as unknown as Record<symbol, unknown>)[SQLITE_EXCLUSIVE] = exclusive;
}

const SQLITE_EXCLUSIVE = Symbol('gezu.sqliteExclusive');

/**
 * Runs `work` in this process's SQLite transaction queue (above): for a transaction on a handle of
 * its own (the commit's, src/player/commit-sql.ts), which must not wait on a lock this process holds.
 */
export function runSqliteExclusive<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  const exclusive = (sequelize as unknown as Record<symbol, unknown>)[SQLITE_EXCLUSIVE] as
    (<R>(w: () => Promise<R>) => Promise<R>) | undefined;
  return exclusive ? exclusive(work) : work();
}

/** The file of a SQLite database; null for an in-memory one (no second handle can see it). */
export function sqliteFileOf(sequelize: Sequelize): string | null {
  const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage ?? '';
  return storage && storage !== ':memory:' && !storage.startsWith('file::memory') ? storage : null;
}
