/**
 * The one place uploaded package files are received and deleted. Multer streams the file to
 * DATA_DIR/tmp (never whole in memory) with the configured size limit; whatever happens next —
 * import, refusal, error, a client that hangs up — the temporary file is removed when the response
 * closes. `importUpload` removes it as soon as the import is done, before the answer goes out.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import multer from 'multer';
import type { Request, RequestHandler } from 'express';
import { tmpDir, type PackageSettings } from './package-storage';
import { importPackage, type ImportedPackage } from './import-package';
import { AppError, RejectedInputError, keyedProblem } from '../shared/errors';

const UPLOADS = Symbol('package uploads');
type WithUploads = Request & { [UPLOADS]?: string[] };

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toLocaleString('de-DE', { maximumFractionDigits: 1 })} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MiB`;
  if (n >= 1024) return `${(n / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} KiB`;
  return `${n} Bytes`;
}

async function removeUploads(req: WithUploads): Promise<void> {
  const files = req[UPLOADS] ?? [];
  req[UPLOADS] = [];
  await Promise.all(files.map((f) => fs.promises.rm(f, { force: true })));
}

/** Receives the multipart field `package` (one file) plus text fields into req.file / req.body. */
export const packageUpload =
  (settings: PackageSettings): RequestHandler =>
  (req, res, next) => {
    const r = req as WithUploads;
    r[UPLOADS] = [];
    res.once('close', () => void removeUploads(r));
    const max = settings.uploadMaxBytes;
    const tmp = tmpDir(settings);
    const storage = multer.diskStorage({
      destination: (_req, _file, cb) => fs.mkdir(tmp, { recursive: true }, (err) => cb(err ?? null, tmp)),
      filename: (_req, _file, cb) => {
        const name = `upload-${crypto.randomUUID()}`;
        r[UPLOADS]!.push(path.join(tmp, name));
        cb(null, name);
      },
    });
    const upload = multer({ storage, limits: { fileSize: max, files: 1, fields: 20, fieldSize: 64 * 1024 } }).single(
      'package',
    );
    upload(req, res, async (err: unknown) => {
      if (!err) {
        if (!req.file) return next(new RejectedInputError([keyedProblem('UPLOAD_NO_FILE', 'packages.error.no_file')]));
        return next();
      }
      await removeUploads(r);
      next(uploadError(err, max));
    });
  };

function uploadError(err: unknown, max: number): unknown {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      return new AppError(413, 'UPLOAD_TOO_LARGE', 'packages.error.upload_too_large', undefined, {
        max: formatBytes(max),
      });
    }
    if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') {
      return new RejectedInputError([keyedProblem('UPLOAD_FIELD_UNEXPECTED', 'packages.error.one_file')]);
    }
    return new AppError(400, 'UPLOAD_INVALID', 'packages.error.upload_invalid');
  }
  // busboy's parse errors (cut-off or malformed multipart bodies) are the client's, not ours.
  if (err instanceof Error && !(err instanceof AppError) && /multipart|unexpected end|boundary/i.test(err.message)) {
    return new AppError(400, 'UPLOAD_INVALID', 'packages.error.upload_invalid');
  }
  return err;
}

/** Form fields arrive as strings; empty means "not given". */
function optionalInt(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new RejectedInputError([
      keyedProblem('UPLOAD_FIELD_INVALID', 'packages.error.package_id_invalid', 'packageId'),
    ]);
  return n;
}

/** Imports the uploaded file with the form's `moduleKey` and `packageId`, then deletes it. */
export async function importUpload(settings: PackageSettings, req: Request): Promise<ImportedPackage> {
  try {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const moduleKey = typeof body.moduleKey === 'string' && body.moduleKey !== '' ? body.moduleKey : undefined;
    return await importPackage(settings, req.file!.path, {
      actorId: req.user?.id ?? null,
      moduleKey,
      packageId: optionalInt(body.packageId),
      sourceName: req.file!.originalname,
    });
  } finally {
    await removeUploads(req as WithUploads);
  }
}
