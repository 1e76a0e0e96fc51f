import multer from 'multer';
import type { Request, RequestHandler } from 'express';

/** A file as multer hands it over (memory storage). */
export interface SubmittedFile {
  buffer: Buffer;
  originalname: string;
}

/**
 * Receives up to `files` files of one field into memory (documents are small: DOCUMENT_MAX_BYTES, 10 MB
 * by default), so a refused file never touches the disk. A file over the limit is not an exception
 * here: the route re-renders the form with a clear message (`req.documentTooLarge`); too many files
 * likewise (`req.tooManyDocuments`). The CSRF check runs before (token in the header or action URL).
 */
export function documentUpload(maxBytes: number, field = 'document', files = 1): RequestHandler {
  const m = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files, fields: 10, fieldSize: 64 * 1024 },
  });
  const upload = files === 1 ? m.single(field) : m.array(field, files);
  return (req, res, next) => {
    upload(req, res, (err: unknown) => {
      const flags = req as Request & { documentTooLarge?: boolean; tooManyDocuments?: boolean };
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        flags.documentTooLarge = true;
        req.file = undefined;
        req.files = undefined;
        return next();
      }
      if (
        err instanceof multer.MulterError &&
        (err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE')
      ) {
        flags.tooManyDocuments = true;
        req.file = undefined;
        req.files = undefined;
        return next();
      }
      if (err instanceof multer.MulterError) return next(Object.assign(new Error(err.message), { status: 400 }));
      next(err as Error | undefined);
    });
  };
}

/** The files one upload brought (single or array field), never undefined. */
export function uploadedFiles(req: Request): SubmittedFile[] {
  if (Array.isArray(req.files)) return req.files;
  return req.file ? [req.file] : [];
}
