/**
 * Where package files live. `packageSettingsFrom(config)` is built once at boot by the composition
 * root (src/composition.ts) and handed to every caller, so the import never reads process.env and no
 * module keeps settings of its own; tests point it anywhere.
 *
 *   DATA_DIR/tmp/                 uploads and extractions in progress (same file system as content,
 *                                 so moving an extracted package into place is one rename)
 *   DATA_DIR/content/<uuid>/      one immutable folder per package version
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ZipLimits } from './inspect';

export interface PackageSettings {
  dataDir: string;
  limits: ZipLimits;
  uploadMaxBytes: number;
}

/** Accepts the app's Config (only the keys below are read). */
export function packageSettingsFrom(config: {
  dataDir: string;
  ZIP_MAX_ENTRIES: number;
  ZIP_MAX_TOTAL_BYTES: number;
  ZIP_MAX_RATIO: number;
  MANIFEST_MAX_ITEMS?: number;
  UPLOAD_MAX_BYTES: number;
}): PackageSettings {
  return {
    dataDir: config.dataDir,
    limits: { maxEntries: config.ZIP_MAX_ENTRIES, maxTotalBytes: config.ZIP_MAX_TOTAL_BYTES, maxRatio: config.ZIP_MAX_RATIO, maxManifestItems: config.MANIFEST_MAX_ITEMS },
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
  };
}

export function tmpDir(settings: PackageSettings): string {
  return path.join(settings.dataDir, 'tmp');
}

export function contentBaseDir(settings: PackageSettings): string {
  return path.join(settings.dataDir, 'content');
}

/** Absolute folder holding imsmanifest.xml of a version (its storage folder + content root). */
export function versionRootDir(settings: PackageSettings, version: { storageDir: string; contentRoot: string }): string {
  return path.join(contentBaseDir(settings), version.storageDir, ...version.contentRoot.split('/').filter(Boolean));
}

/** The stored imsmanifest.xml of a version, for readers that need more than the parsed manifest
 * (the sequencing builder re-reads rules the parsed form does not keep); undefined if unreadable. */
export async function readManifestXml(settings: PackageSettings, version: { storageDir: string; contentRoot: string }): Promise<string | undefined> {
  return fs.promises.readFile(path.join(versionRootDir(settings, version), 'imsmanifest.xml'), 'utf8').catch(() => undefined);
}
