import type { Readable } from 'node:stream';

/** What the stores know about one object; `etag` is quoted, as it goes into an HTTP header. */
export interface StoredObject {
  size: number;
  etag: string;
  lastModified: Date;
}

/**
 * Where package content and uploaded documents live: the data folder (embedded default) or an
 * S3-compatible bucket (MinIO, Ceph, AWS). Keys are `/`-separated relative names such as
 * `content/<uuid>/index.html` or `documents/<uuid>`; a key with `.`, `..` or empty segments is refused.
 * Built once by the composition root and handed to the components that store files.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** Where the objects are, for logs and the start line (no credentials). */
  readonly location: string;
  /** null when there is no such object. */
  stat(key: string): Promise<StoredObject | null>;
  /** The object's bytes, or `start`..`end` (inclusive) of them. Rejects when it is missing. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Writes one object whole (documents: small, in memory). */
  write(key: string, body: Buffer): Promise<void>;
  /**
   * Moves every file below a local folder to `prefix/<relative path>`. Local store: one rename
   * (the folder is on the data folder's file system); S3: one upload per file. The caller makes the
   * result visible afterwards (a database row), so a half-written prefix is never read.
   */
  putFolder(localDir: string, prefix: string): Promise<void>;
  /** The names one level below `prefix` (e.g. the version folders below `content`). */
  listNames(prefix: string): Promise<string[]>;
  /** Every object below `prefix` (nothing when there is none). */
  deletePrefix(prefix: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Stops the client (S3 keeps sockets open). */
  close(): void;
}

/** The segments of a key, or an error for names that could climb out of the store. */
export function keySegments(key: string): string[] {
  const segments = key.split('/');
  for (const s of segments) {
    // eslint-disable-next-line no-control-regex
    if (s === '' || s === '.' || s === '..' || /[\x00\\]/.test(s))
      throw new Error(`storage: invalid key ${JSON.stringify(key)}`);
  }
  return segments;
}

/** Reads a whole (small) object as text, or undefined when it is missing or unreadable. */
export async function readText(store: ObjectStore, key: string): Promise<string | undefined> {
  try {
    const chunks: Buffer[] = [];
    for await (const c of await store.read(key)) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return undefined;
  }
}
