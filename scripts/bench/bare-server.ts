/**
 * The physical reference of the commit benchmark: Express plus the database driver and nothing
 * else — no session, no token, no validation — doing one primary-key UPDATE of the same
 * sco_attempts row with the same body. Same number of worker processes as the app under test.
 * Started by commit-bench.ts with BARE_PORT, BARE_DB (mysql URL or sqlite file) and BARE_WORKERS.
 *
 * A second route, `/bare-tx/:attemptId/:rowId`, sends the locking commit's statements and nothing else
 * — one locking read of the attempt with its rows, one UPDATE of the SCO row and the attempt together
 * (two on SQLite), COMMIT — with no token, validation or merge: the ceiling of the one-locking-read
 * design on this machine, to tell what the statements cost from what the app adds on top.
 */
import cluster from 'node:cluster';
import express from 'express';

const port = Number(process.env.BARE_PORT);
const db = String(process.env.BARE_DB);
const workers = Number(process.env.BARE_WORKERS ?? 1);

type Update = (body: string, id: number) => Promise<void>;
type Transact = (body: string, attemptId: number, rowId: number) => Promise<void>;

const UPDATE = 'UPDATE sco_attempts SET cmi_json = ?, last_commit_at = ? WHERE id = ?';
const LOCK = `SELECT a.user_id, a.completion_status, a.total_time_cs, s.id, s.seq, s.total_time_cs AS row_total
  FROM attempts a JOIN sco_attempts s ON s.attempt_id = a.id WHERE a.id = ?`;

async function openMysql(): Promise<{ update: Update; transact: Transact }> {
  const mysql = await import('mysql2/promise');
  const pool = mysql.createPool({ uri: db, connectionLimit: 20, charset: 'utf8mb4' });
  const txPool = mysql.createPool({ uri: db, connectionLimit: 10, charset: 'utf8mb4' });
  const ready = new WeakSet<object>();
  const joined = `UPDATE sco_attempts s JOIN attempts a ON a.id = s.attempt_id
     SET s.seq = ?, s.cmi_json = ?, s.total_time_cs = ?, s.last_commit_at = ?, a.total_time_cs = ?, a.last_activity_at = ?
   WHERE s.id = ? AND a.id = ? AND s.seq < ?`;
  return {
    update: async (body, id) => {
      await pool.execute(UPDATE, [body, new Date(), id]);
    },
    transact: async (body, attemptId, rowId) => {
      const conn = await txPool.getConnection();
      try {
        if (!ready.has(conn)) {
          await conn.query('SET autocommit = 0');
          ready.add(conn);
        }
        const [rows] = await conn.execute(`${LOCK} FOR UPDATE`, [attemptId]);
        const row = (rows as { seq: number; row_total: number }[])[0];
        const seq = Number(row.seq) + 1;
        const total = Number(row.row_total) + 100;
        const now = new Date();
        await conn.execute(joined, [seq, body, total, now, total, now, rowId, attemptId, seq]);
        await conn.query('COMMIT');
      } catch (err) {
        await conn.query('ROLLBACK');
        throw err;
      } finally {
        conn.release();
      }
    },
  };
}

async function openSqlite(): Promise<{ update: Update; transact: Transact }> {
  const sqlite3 = (await import('sqlite3')).default;
  const handle = new sqlite3.Database(db);
  handle.configure('busyTimeout', 15000);
  await new Promise<void>((resolve) =>
    handle.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;', () => resolve()),
  );
  const run = (sql: string, params: unknown[]) =>
    new Promise<void>((resolve, reject) => handle.run(sql, params, (err) => (err ? reject(err) : resolve())));
  const get = (sql: string, params: unknown[]) =>
    new Promise<Record<string, number>>((resolve, reject) =>
      handle.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as Record<string, number>))),
    );
  // One handle: its transactions must not interleave (the app queues them the same way).
  let queue: Promise<unknown> = Promise.resolve();
  return {
    update: (body, id) => run(UPDATE, [body, new Date().toISOString(), id]),
    transact: (body, attemptId, rowId) => {
      const work = async () => {
        await run('BEGIN IMMEDIATE', []);
        try {
          const row = await get(LOCK, [attemptId]);
          const total = Number(row.row_total) + 100;
          const now = new Date().toISOString();
          await run(
            'UPDATE sco_attempts SET seq = ?, cmi_json = ?, total_time_cs = ?, last_commit_at = ? WHERE id = ? AND seq < ?',
            [Number(row.seq) + 1, body, total, now, rowId, Number(row.seq) + 1],
          );
          await run('UPDATE attempts SET total_time_cs = ?, last_activity_at = ? WHERE id = ?', [
            total,
            now,
            attemptId,
          ]);
          await run('COMMIT', []);
        } catch (err) {
          await run('ROLLBACK', []);
          throw err;
        }
      };
      const next = queue.then(work, work);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

async function serve(): Promise<void> {
  const { update, transact } = db.startsWith('mysql:') ? await openMysql() : await openSqlite();
  const app = express();
  app.get('/ready', (_req, res) => {
    res.send('ok');
  });
  app.post('/bare/:id', express.text({ type: () => true, limit: '4mb' }), async (req, res) => {
    await update(String(req.body), Number(req.params.id));
    res.json({ result: true, errorCode: 0 });
  });
  app.post('/bare-tx/:attemptId/:rowId', express.text({ type: () => true, limit: '4mb' }), async (req, res) => {
    await transact(String(req.body), Number(req.params.attemptId), Number(req.params.rowId));
    res.json({ result: true, errorCode: 0 });
  });
  app.listen(port, '127.0.0.1');
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  void serve();
}
