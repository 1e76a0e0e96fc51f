import { AppError } from '../errors';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/**
 * A failed write to the store as an error a person understands: a full data folder (507), one that
 * cannot be written (503) or an object storage that does not answer (503). Other errors stay as they are.
 */
export function storageFailure(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && FULL.has(code))
    return new AppError(507, 'STORAGE_FULL', 'storage.error.full', { cause: code });
  if (typeof code === 'string' && NOT_WRITABLE.has(code))
    return new AppError(503, 'STORAGE_NOT_WRITABLE', 'storage.error.not_writable', { cause: code });
  if (isS3Failure(err))
    return new AppError(503, 'STORAGE_UNAVAILABLE', 'storage.error.unavailable', { cause: (err as Error).name });
  return err;
}

/** Any failure of the S3 client (s3-store.ts wraps them): a service error, a refused or lost connection. */
export class StorageUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super(`object storage: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StorageUnavailableError';
  }
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH']);

/** An answer (or silence) of the object storage: the SDK's service errors carry `$metadata`, its
 * network errors are wrapped ("AWS SDK error wrapper") around the socket error in `cause`. */
function isS3Failure(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  for (
    let e = err as { $metadata?: unknown; code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e !== 'object') return false;
    if ('$metadata' in e) return true;
    if (typeof e.code === 'string' && NETWORK.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}
