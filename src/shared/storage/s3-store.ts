import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import { keySegments, type ObjectStore } from './object-store';
import { StorageUnavailableError } from './storage-errors';

export interface S3Settings {
  bucket: string;
  /** Key prefix inside the bucket ('' or without slashes at either end). */
  prefix: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Files uploaded at once by `putFolder`, and objects deleted at once by `deletePrefix`. */
const PARALLEL = 8;

/**
 * An S3-compatible bucket through `@aws-sdk/client-s3` (AWS, MinIO, Ceph RGW). Checksums are sent
 * only where the API requires them: the SDK's default CRC32 trailers (aws-chunked uploads) are not
 * understood by every S3-compatible server.
 */
export function s3Store(s: S3Settings): ObjectStore {
  // Loaded only when S3 is configured: the SDK costs a quarter of a second of start-up CPU that the
  // embedded default, the CLI and most tests do not need.
  const { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@aws-sdk/client-s3') as typeof S3;
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials:
      s.accessKeyId && s.secretAccessKey
        ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }
        : undefined,
    // Failures reach the caller as errors; the SDK's own console warnings would only repeat them.
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = s.bucket;
  // Every failure leaves the store as one error type, whatever the SDK wrapped it in.
  const send: S3.S3Client['send'] = ((command: Parameters<S3.S3Client['send']>[0]) =>
    client.send(command).catch((err: unknown) => {
      throw isNotFound(err) ? err : new StorageUnavailableError(err);
    })) as S3.S3Client['send'];
  const fullKey = (key: string) => (s.prefix ? `${s.prefix}/` : '') + keySegments(key).join('/');

  async function keysBelow(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await send(new ListObjectsV2Command({ Bucket, Prefix: `${fullKey(prefix)}/`, ContinuationToken }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return keys;
  }

  return {
    kind: 's3',
    location: `s3://${Bucket}/${s.prefix}${s.endpoint ? ` at ${s.endpoint}` : ''}`,
    async stat(key) {
      try {
        const h = await send(new HeadObjectCommand({ Bucket, Key: fullKey(key) }));
        return { size: h.ContentLength ?? 0, etag: h.ETag ?? '', lastModified: h.LastModified ?? new Date(0) };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async read(key, range) {
      const out = await send(
        new GetObjectCommand({
          Bucket,
          Key: fullKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return out.Body as Readable;
    },
    async write(key, body) {
      await send(new PutObjectCommand({ Bucket, Key: fullKey(key), Body: body, ContentLength: body.length }));
    },
    async putFolder(localDir, prefix) {
      const files = await filesBelow(localDir);
      await inParallel(files, async (rel) => {
        const local = path.join(localDir, ...rel.split('/'));
        const { size } = await fs.promises.stat(local);
        await send(
          new PutObjectCommand({
            Bucket,
            Key: fullKey(`${prefix}/${rel}`),
            Body: fs.createReadStream(local),
            ContentLength: size,
          }),
        );
      });
    },
    async listNames(prefix) {
      const names = new Set<string>();
      let ContinuationToken: string | undefined;
      const base = `${fullKey(prefix)}/`;
      do {
        const page = await send(new ListObjectsV2Command({ Bucket, Prefix: base, Delimiter: '/', ContinuationToken }));
        for (const p of page.CommonPrefixes ?? [])
          if (p.Prefix) names.add(p.Prefix.slice(base.length).replace(/\/$/, ''));
        for (const o of page.Contents ?? []) if (o.Key) names.add(o.Key.slice(base.length));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return [...names];
    },
    async deletePrefix(prefix) {
      // One DeleteObject per key: DeleteObjects needs a Content-MD5 that not every S3 server accepts from this SDK.
      await inParallel(await keysBelow(prefix), (Key) => send(new DeleteObjectCommand({ Bucket, Key })));
    },
    async delete(key) {
      await send(new DeleteObjectCommand({ Bucket, Key: fullKey(key) }));
    },
    close() {
      client.destroy();
    },
  };
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** Relative `/`-separated paths of every file below `dir`. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}
