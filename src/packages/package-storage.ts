/**
 * Where package files live. Set once at boot by `initPackages(config)` (the server's route table
 * and the CLI call it), so the import never reads process.env and tests can point it anywhere.
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
  /** Content origin (docs/security.md): where files are served, who may frame them, how long a capability lasts. */
  content: { secret: string; tokenHours: number; appOrigin: string; contentOrigin: string };
}

let settings: PackageSettings | null = null;

/** Accepts the app's Config (only the keys below are read). Calling it again replaces the settings. */
export function initPackages(config: {
  dataDir: string;
  ZIP_MAX_ENTRIES: number;
  ZIP_MAX_TOTAL_BYTES: number;
  ZIP_MAX_RATIO: number;
  MANIFEST_MAX_ITEMS?: number;
  UPLOAD_MAX_BYTES: number;
  sessionSecret: string;
  CONTENT_TOKEN_HOURS: number;
  appOrigin: string;
  contentOrigin: string;
}): void {
  settings = {
    dataDir: config.dataDir,
    limits: {
      maxEntries: config.ZIP_MAX_ENTRIES,
      maxTotalBytes: config.ZIP_MAX_TOTAL_BYTES,
      maxRatio: config.ZIP_MAX_RATIO,
      maxManifestItems: config.MANIFEST_MAX_ITEMS,
    },
    uploadMaxBytes: config.UPLOAD_MAX_BYTES,
    content: {
      secret: config.sessionSecret,
      tokenHours: config.CONTENT_TOKEN_HOURS,
      appOrigin: config.appOrigin,
      contentOrigin: config.contentOrigin,
    },
  };
}

export function packageSettings(): PackageSettings {
  if (!settings) throw new Error('packages: initPackages(config) was not called at boot');
  return settings;
}

export function tmpDir(): string {
  return path.join(packageSettings().dataDir, 'tmp');
}

export function contentBaseDir(): string {
  return path.join(packageSettings().dataDir, 'content');
}

/** Absolute folder holding imsmanifest.xml of a version (its storage folder + content root). */
export function versionRootDir(version: { storageDir: string; contentRoot: string }): string {
  return path.join(contentBaseDir(), version.storageDir, ...version.contentRoot.split('/').filter(Boolean));
}

/** The stored imsmanifest.xml of a version, for readers that need more than the parsed manifest
 * (the sequencing builder re-reads rules the parsed form does not keep); undefined if unreadable. */
export async function readManifestXml(version: {
  storageDir: string;
  contentRoot: string;
}): Promise<string | undefined> {
  return fs.promises.readFile(path.join(versionRootDir(version), 'imsmanifest.xml'), 'utf8').catch(() => undefined);
}
