import fs from 'node:fs';
import type { Request, Response } from 'express';

/**
 * Sends a stored evidence document with the type found in its content, always as a download: the
 * file comes from a user, and a PDF or image opened in the app's origin must never run as a page
 * there (`CSP: sandbox` even if a browser shows it anyway). `<img>` previews still work, since
 * Content-Disposition does not apply to images embedded in a page. Never sniffed, never cached.
 */
export function sendDocument(
  _req: Request,
  res: Response,
  doc: { file: string; type: string; name: string; size: number },
): void {
  res.setHeader('Content-Type', doc.type);
  res.setHeader('Content-Length', String(doc.size));
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${doc.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', 'sandbox');
  res.setHeader('Cache-Control', 'private, no-store');
  const stream = fs.createReadStream(doc.file);
  stream.on('error', () => {
    if (!res.headersSent) res.status(404).end();
    else res.destroy();
  });
  stream.pipe(res);
}
