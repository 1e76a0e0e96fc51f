/**
 * The physical reference of the commit benchmark: Express plus the database driver and nothing
 * else — no session, no token, no validation — doing one primary-key UPDATE of the same
 * sco_attempts row with the same body. Same number of worker processes as the app under test.
 * Started by commit-bench.ts with BARE_PORT, BARE_DB (mysql URL or sqlite file) and BARE_WORKERS.
 */
import cluster from 'node:cluster';
import express from 'express';

const port = Number(process.env.BARE_PORT);
const db = String(process.env.BARE_DB);
const workers = Number(process.env.BARE_WORKERS ?? 1);

type Update = (body: string, id: number) => Promise<void>;

async function openUpdate(): Promise<Update> {
  const sql = 'UPDATE sco_attempts SET cmi_json = ?, last_commit_at = ? WHERE id = ?';
  if (db.startsWith('mysql:')) {
    const mysql = await import('mysql2/promise');
    const pool = mysql.createPool({ uri: db, connectionLimit: 20, charset: 'utf8mb4' });
    return async (body, id) => {
      await pool.execute(sql, [body, new Date(), id]);
    };
  }
  const sqlite3 = (await import('sqlite3')).default;
  const handle = new sqlite3.Database(db);
  handle.configure('busyTimeout', 15000);
  await new Promise<void>((resolve) =>
    handle.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;', () => resolve()),
  );
  return (body, id) =>
    new Promise((resolve, reject) =>
      handle.run(sql, [body, new Date().toISOString(), id], (err) => (err ? reject(err) : resolve())),
    );
}

async function serve(): Promise<void> {
  const update = await openUpdate();
  const app = express();
  app.get('/ready', (_req, res) => {
    res.send('ok');
  });
  app.post('/bare/:id', express.text({ type: () => true, limit: '4mb' }), async (req, res) => {
    await update(String(req.body), Number(req.params.id));
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
