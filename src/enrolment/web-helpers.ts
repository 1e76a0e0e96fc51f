import multer from 'multer';
import type { Request, RequestHandler } from 'express';
import type { ValidationError } from '../shared/errors';
import { wantsJson } from '../shared/web/auth-guard';

/** Field errors of a ValidationError in the reader's language, for re-rendering a form. */
export function fieldErrors(req: Request, err: ValidationError): Record<string, string> {
  return Object.fromEntries(Object.entries(err.fieldErrors).map(([f, key]) => [f, req.t(key)]));
}

/** Numbers from a form field that may be missing, one value or several. */
export function idList(value: unknown): number[] {
  return ([] as unknown[]).concat(value ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

export function idParam(req: Request, name = 'id'): number {
  const n = Number(req.params[name]);
  return Number.isInteger(n) && n > 0 ? n : -1;
}

export { wantsJson };

/**
 * Receives the field `document` into memory (documents are small: DOCUMENT_MAX_BYTES, 10 MB by
 * default), so a refused file never touches the disk. A file over the limit is not an exception
 * here: the route re-renders the form with a clear message (req.documentTooLarge).
 */
export function documentUpload(maxBytes: number): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 10_000 } }).single('document');
  return (req, res, next) => {
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        (req as Request & { documentTooLarge?: boolean }).documentTooLarge = true;
        req.file = undefined;
        return next();
      }
      if (err instanceof multer.MulterError) return next(Object.assign(new Error(err.message), { status: 400 }));
      next(err as Error | undefined);
    });
  };
}
