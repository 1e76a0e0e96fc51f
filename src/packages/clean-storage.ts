/**
 * Removes what an interrupted import can leave behind, on the local folder and on S3 alike: a
 * version prefix below `content/` that no version row references and no live import claims
 * (package_staging, staging.ts), and that import's extraction folder in tmp/. Runs at every start
 * (src/startup, under the start-up lock), so a SIGKILL mid-import is cleaned at the next start.
 * Other tmp/ entries (uploads that may still be arriving on another node sharing the folder) go once
 * they are older than `minAgeMs`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PackageStaging, PackageVersion } from './package-models';
import { tmpDir, versionPrefix, type PackageSettings } from './package-storage';
import { isAbandoned } from './staging';

export interface CleanResult {
  removedContent: string[];
  removedTmp: string[];
}

export async function cleanPackageStorage(
  settings: PackageSettings,
  minAgeMs = 3600_000,
  now = Date.now(),
): Promise<CleanResult> {
  const { store } = settings;
  // Order matters: list first, then the staging rows, then the versions. An import writes its staging
  // row before its first file and deletes it when its version row commits, so every prefix listed
  // here is seen either as staged or as referenced — never wrongly as a leftover.
  const names = await store.listNames('content');
  const tmpNames = await fs.promises.readdir(tmpDir(settings)).catch(() => [] as string[]);
  const staged = await PackageStaging.findAll();
  const referenced = new Set((await PackageVersion.findAll({ attributes: ['storageDir'] })).map((v) => v.storageDir));
  const live = new Set(staged.filter((r) => !isAbandoned(r, now)).map((r) => r.storageDir));

  const removedContent: string[] = [];
  for (const name of names) {
    if (referenced.has(name) || live.has(name)) continue;
    await store.deletePrefix(versionPrefix(name));
    removedContent.push(name);
  }
  const removedTmp: string[] = [];
  for (const name of tmpNames) {
    const full = path.join(tmpDir(settings), name);
    const importOf = /^import-(.+)$/.exec(name)?.[1];
    if (importOf !== undefined ? live.has(importOf) : !(await olderThan(full, minAgeMs, now))) continue;
    await fs.promises.rm(full, { recursive: true, force: true });
    removedTmp.push(name);
  }
  // Rows of abandoned imports go last: if removing their files failed above, the next start tries again.
  const abandoned = staged.filter((r) => !live.has(r.storageDir)).map((r) => r.storageDir);
  if (abandoned.length) await PackageStaging.destroy({ where: { storageDir: abandoned } });
  return { removedContent, removedTmp };
}

async function olderThan(file: string, minAgeMs: number, now: number): Promise<boolean> {
  const stat = await fs.promises.lstat(file).catch(() => null);
  return !!stat && now - stat.mtimeMs >= minAgeMs;
}
