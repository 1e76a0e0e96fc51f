import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { ObjectStore, StoredObject } from '../storage';

/**
 * Answers a GET/HEAD for one stored object with the HTTP caching and range rules browsers and media
 * players rely on, the same for the local folder and S3: `ETag` + `If-None-Match` → 304, one
 * `Range` (`bytes=a-b`, `a-`, `-n`) → 206 with `Content-Range` (honouring `If-Range`), an unsatisfiable
 * one → 416, several ranges → the whole object (allowed by RFC 9110). Headers set before the call
 * (type, CSP, cache) are kept. Resolves once the body is sent or the client went away.
 */
export async function sendObject(
  req: Request,
  res: Response,
  store: ObjectStore,
  key: string,
  object: StoredObject,
): Promise<void> {
  res.setHeader('ETag', object.etag);
  res.setHeader('Last-Modified', object.lastModified.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  if (etagMatches(req.get('if-none-match'), object.etag)) {
    res.status(304).end();
    return;
  }
  const range = wantedRange(req, object);
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${object.size}`);
    res.removeHeader('Content-Type');
    res.status(416).end();
    return;
  }
  if (range) {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.setHeader('Content-Length', String(object.size));
  }
  if (req.method === 'HEAD' || object.size === 0) {
    res.end();
    return;
  }
  const body = await store.read(key, range ?? undefined);
  try {
    await pipeline(body, res);
  } catch {
    // The client went away (a video seek, a closed tab): nothing to answer any more.
    body.destroy();
  }
}

/** `If-None-Match` holds a list of tags (or `*`); weak comparison, as RFC 9110 asks for GET. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header || !etag) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

function wantedRange(req: Request, object: StoredObject): { start: number; end: number } | null | 'unsatisfiable' {
  const header = req.get('range');
  if (!header) return null;
  const ifRange = req.get('if-range');
  // A range of an older copy: send the whole current object instead.
  if (ifRange && ifRange.replace(/^W\//, '') !== object.etag.replace(/^W\//, '')) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const size = object.size;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
