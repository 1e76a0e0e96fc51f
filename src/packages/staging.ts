/**
 * Imports in progress (table package_staging, migration 0014). A row is written before the first
 * file of an import and deleted in the transaction that writes the version, so "unreferenced and not
 * staged" always means "left over" — and a staging row whose process is gone means the same.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { PackageStaging } from './package-models';

/** How often a running import says it is alive, and when silence means it is not. */
const HEARTBEAT_MS = 20_000;
export const STAGING_STALE_MS = 90_000;

/** host/pid/boot: the boot id tells this process from an earlier one that had the same pid (pid 1 in a container). */
const OWNER = `${os.hostname()}/${process.pid}/${crypto.randomBytes(4).toString('hex')}`;

export interface Staging {
  /** Stops the heartbeat (the row itself goes with the version's transaction or `release`). */
  stop(): void;
  /** Deletes the row: only after the import's files are gone again, or when it committed. */
  release(): Promise<void>;
}

export async function beginStaging(storageDir: string): Promise<Staging> {
  const now = new Date();
  await PackageStaging.create({ storageDir, owner: OWNER, heartbeatAt: now });
  const timer = setInterval(() => {
    PackageStaging.update({ heartbeatAt: new Date() }, { where: { storageDir } }).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    release: async () => {
      await PackageStaging.destroy({ where: { storageDir } });
    },
  };
}

/**
 * Whether the import of a staging row can no longer finish: its process is known dead (same host,
 * pid gone or taken by this very process after a restart) or it has not said so for STAGING_STALE_MS.
 */
export function isAbandoned(row: { owner: string; heartbeatAt: Date }, now: number): boolean {
  if (now - new Date(row.heartbeatAt).getTime() > STAGING_STALE_MS) return true;
  const [host, pidText] = row.owner.split('/');
  if (host !== os.hostname()) return false;
  if (row.owner === OWNER) return false;
  const pid = Number(pidText);
  return pid === process.pid || !processAlive(pid);
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
