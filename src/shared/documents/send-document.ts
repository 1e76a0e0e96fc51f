import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { ObjectStore } from '../storage';

/**
 * Sends a stored evidence document with the type found in its content, always as a download: the
 * file comes from a user, and a PDF or image opened in the app's origin must never run as a page
 * there (`CSP: sandbox` even if a browser shows it anyway). `<img>` previews still work, since
 * Content-Disposition does not apply to images embedded in a page. Never sniffed, never cached.
 */
export async function sendDocument(
  _req: Request,
  res: Response,
  doc: { store: ObjectStore; key: string; type: string; name: string; size: number },
): Promise<void> {
  // Opened before any header goes out, so a missing object is a clean 404, not a cut-off download.
  const body = await doc.store.read(doc.key).catch(() => null);
  if (!body) {
    res.status(404).end();
    return;
  }
  res.setHeader('Content-Type', doc.type);
  res.setHeader('Content-Length', String(doc.size));
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${doc.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', 'sandbox');
  res.setHeader('Cache-Control', 'private, no-store');
  await pipeline(body, res).catch(() => {
    body.destroy();
    res.destroy();
  });
}
