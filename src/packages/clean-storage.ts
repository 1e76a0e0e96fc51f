/**
 * Removes what an interrupted import can leave on disk: a content folder that was moved into place
 * but whose rows were never written (crash between rename and commit), and stale upload/extraction
 * files in tmp/. Only entries older than `minAgeMs` go, so an import running right now in another
 * process is never touched. Runs at start (src/startup), under the start-up lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PackageVersion } from './package-models';
import { contentBaseDir, tmpDir } from './package-storage';

export interface CleanResult {
  removedContent: string[];
  removedTmp: string[];
}

export async function cleanPackageStorage(minAgeMs = 3600_000, now = Date.now()): Promise<CleanResult> {
  const referenced = new Set((await PackageVersion.findAll({ attributes: ['storageDir'] })).map((v) => v.storageDir));
  const removedContent = await removeOld(contentBaseDir(), minAgeMs, now, (name) => !referenced.has(name));
  const removedTmp = await removeOld(tmpDir(), minAgeMs, now, () => true);
  return { removedContent, removedTmp };
}

async function removeOld(
  dir: string,
  minAgeMs: number,
  now: number,
  eligible: (name: string) => boolean,
): Promise<string[]> {
  const entries = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries) {
    if (!eligible(name)) continue;
    const full = path.join(dir, name);
    const stat = await fs.promises.lstat(full).catch(() => null);
    if (!stat || now - stat.mtimeMs < minAgeMs) continue;
    await fs.promises.rm(full, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
