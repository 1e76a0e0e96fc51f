import fs from 'node:fs';
import type { Request, Response } from 'express';

/**
 * Sends a stored evidence document with the type found in its content, as a download or inline
 * (for the admin's preview), never sniffed by the browser and never cached by proxies.
 */
export function sendDocument(req: Request, res: Response, doc: { file: string; type: string; name: string; size: number }): void {
  const disposition = req.query.download ? 'attachment' : 'inline';
  res.setHeader('Content-Type', doc.type);
  res.setHeader('Content-Length', String(doc.size));
  res.setHeader('Content-Disposition', `${disposition}; filename="${doc.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  const stream = fs.createReadStream(doc.file);
  stream.on('error', () => {
    if (!res.headersSent) res.status(404).end();
    else res.destroy();
  });
  stream.pipe(res);
}
