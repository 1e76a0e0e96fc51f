/**
 * Where package files live. Built once by the composition root (`packageSettingsFrom(config, store)`,
 * `services.packages`) and handed to the import, the upload routes and the content origin, so the
 * import never reads process.env and each app (tests build several) has its own.
 *
 *   DATA_DIR/tmp/                 uploads and extractions in progress (always local; on the local
 *                                 store the same file system as content, so moving into place is one rename)
 *   content/<uuid>/               one immutable prefix per package version, in the object store
 *                                 (DATA_DIR/content/<uuid>/ or s3://bucket/prefix/content/<uuid>/)
 */
import path from 'node:path';
import type { ZipLimits } from './inspect';
import { readText, type ObjectStore } from '../shared/storage';

export interface PackageSettings {
  dataDir: string;
  limits: ZipLimits;
  uploadMaxBytes: number;
  /** Content origin (docs/security.md): where files are served, who may frame them, how long a capability lasts. */
  content: { secret: string; tokenHours: number; appOrigin: string; contentOrigin: string };
  /** Package content lives here (the composition root's store). */
  store: ObjectStore;
}

/** The package settings from the app's Config (only the keys below are read); built once by the composition root. */
export function packageSettingsFrom(
  config: {
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
  },
  store: ObjectStore,
): PackageSettings {
  return {
    store,
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

export function tmpDir(settings: { dataDir: string }): string {
  return path.join(settings.dataDir, 'tmp');
}

/** The key prefix of a version's files in the store: `content/<uuid>`. */
export function versionPrefix(storageDir: string): string {
  return `content/${storageDir}`;
}

/** Key prefix holding imsmanifest.xml of a version (its storage prefix + content root). */
export function versionRootKey(version: { storageDir: string; contentRoot: string }): string {
  return [versionPrefix(version.storageDir), ...version.contentRoot.split('/').filter(Boolean)].join('/');
}

/** The stored imsmanifest.xml of a version, for readers that need more than the parsed manifest
 * (the sequencing builder re-reads rules the parsed form does not keep); undefined if unreadable. */
export async function readManifestXml(
  store: ObjectStore,
  version: { storageDir: string; contentRoot: string },
): Promise<string | undefined> {
  return readText(store, `${versionRootKey(version)}/imsmanifest.xml`);
}
