/**
 * Object storage for package content and uploaded documents: the data folder by default, an
 * S3-compatible bucket when STORAGE_URL=s3://bucket/prefix. Built once by the composition root.
 */
import { localStore } from './local-store';
import { s3Store } from './s3-store';
import type { ObjectStore } from './object-store';

export { keySegments, readText, type ObjectStore, type StoredObject } from './object-store';
export { storageFailure } from './storage-errors';
export { localStore } from './local-store';

export function createObjectStore(config: {
  dataDir: string;
  storage: { bucket: string; prefix: string } | null;
  STORAGE_ENDPOINT?: string;
  STORAGE_REGION: string;
  STORAGE_ACCESS_KEY_ID?: string;
  STORAGE_SECRET_ACCESS_KEY?: string;
  STORAGE_FORCE_PATH_STYLE: 'true' | 'false';
}): ObjectStore {
  if (!config.storage) return localStore(config.dataDir);
  return s3Store({
    ...config.storage,
    endpoint: config.STORAGE_ENDPOINT,
    region: config.STORAGE_REGION,
    accessKeyId: config.STORAGE_ACCESS_KEY_ID,
    secretAccessKey: config.STORAGE_SECRET_ACCESS_KEY,
    forcePathStyle: config.STORAGE_FORCE_PATH_STYLE === 'true',
  });
}
