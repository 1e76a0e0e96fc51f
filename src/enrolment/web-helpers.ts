import multer from 'multer';
import type { Request, RequestHandler } from 'express';
import { wantsJson } from '../shared/web/auth-guard';

export { wantsJson };

/**
 * Receives the field `document` into memory (documents are small: DOCUMENT_MAX_BYTES, 10 MB by
 * default), so a refused file never touches the disk. A file over the limit is not an exception
 * here: the route re-renders the form with a clear message (req.documentTooLarge).
 */
export function documentUpload(maxBytes: number): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 10_000 },
  }).single('document');
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
