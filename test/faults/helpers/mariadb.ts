/**
 * A MariaDB server of the test's own: a fresh data folder (mariadb-install-db), its own port and socket
 * on 127.0.0.1, started and stopped by the test. The machine's shared server on 3306 is never touched.
 * `--no-defaults` keeps the machine's my.cnf (user, log paths, binlog settings) out of it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'].find((p) => fs.existsSync(p));
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/sbin/mariadb-install-db'].find((p) => fs.existsSync(p));

/** Why the fault suite cannot run here, or null when it can. */
export function mariadbMissing(): string | null {
  if (!MARIADBD) return 'no mariadbd binary (apt-get install -y mariadb-server)';
  if (!INSTALL_DB) return 'no mariadb-install-db binary (apt-get install -y mariadb-server)';
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/** A server or app of a test must not outlive the Jest worker that started it, however that worker ends. */
export function killOnExit(child: ChildProcess): void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class OwnMariaDb {
  private child: ChildProcess | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  /** Root URL without a database: `mysql://root@127.0.0.1:<port>`. */
  get rootUrl(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Installs a data folder and starts the server; `extraArgs` e.g. `--log-bin` or `--server-id=2`. */
  static async create(name: string, extraArgs: string[] = []): Promise<OwnMariaDb> {
    const missing = mariadbMissing();
    if (missing) throw new Error(missing);
    const dir = OwnMariaDb.installDataFolder(name);
    const db = new OwnMariaDb(dir, await freePort(), extraArgs);
    await db.start();
    return db;
  }

  /**
   * `mariadb-install-db` into a fresh folder. Its bootstrap failed once in CI while three other servers
   * were being installed beside it (the output named no cause), so a failed install is tried again in a
   * new folder; the error keeps the bootstrap's own output of every try.
   */
  private static installDataFolder(name: string): string {
    const failures: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gezu-faults-${name}-`));
      const install = spawnSync(
        INSTALL_DB!,
        [
          '--no-defaults',
          `--datadir=${path.join(dir, 'data')}`,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
          '--user=root',
        ],
        { encoding: 'utf8' },
      );
      if (install.status === 0) return dir;
      failures.push(
        `try ${attempt} (exit ${install.status}):\n${install.stderr.slice(-1500)}\n${install.stdout.slice(-500)}`,
      );
      fs.rmSync(dir, { recursive: true, force: true });
      spawnSync('sleep', [String(attempt)]);
    }
    throw new Error(`mariadb-install-db failed three times:\n${failures.join('\n')}`);
  }

  async start(): Promise<void> {
    this.child = spawn(
      MARIADBD!,
      [
        '--no-defaults',
        `--datadir=${path.join(this.dir, 'data')}`,
        `--port=${this.port}`,
        `--socket=${path.join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${path.join(this.dir, 'mysqld.pid')}`,
        `--log-error=${path.join(this.dir, 'error.log')}`,
        '--bind-address=127.0.0.1',
        '--skip-networking=0',
        '--user=root',
        // Small and quick: the tests hold a few MB; durability per commit stays on (flush at commit).
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=32M',
        '--max-connections=500',
        '--skip-name-resolve',
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    killOnExit(this.child);
    for (let i = 0; i < 300; i++) {
      if (this.child.exitCode !== null) break;
      try {
        const c = await mysql.createConnection({ host: '127.0.0.1', port: this.port, user: 'root' });
        await c.end();
        return;
      } catch {
        await sleep(100);
      }
    }
    const log = fs.existsSync(path.join(this.dir, 'error.log'))
      ? fs.readFileSync(path.join(this.dir, 'error.log'), 'utf8').slice(-2000)
      : '';
    throw new Error(`own mariadbd on port ${this.port} did not come up:\n${log}`);
  }

  /** A clean shutdown (SIGTERM), waiting until the process is gone and the port is free. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    });
    this.child = null;
  }

  /** One connection for the test's own look at the rows; closed by the caller. */
  connect(database?: string): Promise<mysql.Connection> {
    return mysql.createConnection({ host: '127.0.0.1', port: this.port, user: 'root', database });
  }

  async query<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const c = await this.connect(database);
    try {
      const [rows] = await c.query(sql, params);
      return rows as T[];
    } finally {
      await c.end();
    }
  }

  async createDatabase(name: string): Promise<string> {
    const c = await this.connect();
    await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    return `${this.rootUrl}/${name}`;
  }

  /** Stops the server and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
