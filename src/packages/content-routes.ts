/**
 * GET /c/<token>/<path> on the content origin: the files of one immutable package version, to
 * whoever holds a valid capability for it (content-capability.ts). No session, no cookies: this
 * router runs in the content app (content-app.ts), never in the app. Ranges, ETag and 304 come
 * from `res.sendFile`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { findVersionStorage } from './package-queries';
import { versionRootDir, packageSettings } from './package-storage';
import { contentTypeFor } from './content-types';
import { verifyContentToken } from './content-capability';
import { contentHeaders } from './content-headers';
import { AppError, NotFoundError } from '../shared/errors';
import { tokenStanding } from '../auth';

/** Version folders found once stay valid for the life of the process (versions are immutable). */
const rootCache = new Map<number, string>();

export function contentRoutes(): Router {
  const r = Router();
  r.get('/:token/*path', serveContentFile);
  return r;
}

async function serveContentFile(req: Request, res: Response, next: NextFunction): Promise<void> {
  const capability = verifyContentToken(String(req.params.token));
  // One answer for forged, expired and malformed: the link has run out, the player makes a new one.
  if (!capability) return next(new AppError(403, 'CONTENT_TOKEN_INVALID', 'packages.error.content_token_invalid'));
  // A deactivated account's open links stop too (same cached standing as the launch tokens: one
  // primary-key read per user every few seconds, whatever the number of files a page loads).
  const standing = await tokenStanding(capability.userId);
  if (!standing?.active)
    return next(new AppError(403, 'CONTENT_TOKEN_INVALID', 'packages.error.content_token_invalid'));
  const segments = pathSegments(req.originalUrl);
  if (!segments) return next(new AppError(400, 'CONTENT_PATH_INVALID', 'packages.error.content_path_invalid'));

  const root = await versionRoot(capability.versionId);
  if (!root) return next(new NotFoundError('packages.error.version_not_found', 'PACKAGE_VERSION_NOT_FOUND'));
  const file = await findFile(root, segments);
  if (!file) return next(new NotFoundError('packages.error.content_not_found', 'CONTENT_NOT_FOUND'));

  const type = contentTypeFor(file);
  const { appOrigin, tokenHours } = packageSettings().content;
  for (const [k, v] of Object.entries(contentHeaders(type, appOrigin))) res.setHeader(k, v);
  res.setHeader('Content-Type', type);
  // The URL holds the token, so a cached copy is only ever found by the same link.
  res.setHeader('Cache-Control', `private, max-age=${(tokenHours + 1) * 3600}, immutable`);
  res.sendFile(file, { dotfiles: 'allow', cacheControl: false, lastModified: true, etag: true }, (err) => {
    // Aborted downloads (a video seek) are normal; only report what the client can still see.
    if (err && !res.headersSent) next(err);
  });
}

/**
 * The path after /c/<token>/, taken from the raw URL so that encoded separators stay visible:
 * `%2f`, `%5c`, backslashes, NUL and control characters, `.`/`..` and empty segments are refused.
 */
export function pathSegments(originalUrl: string): string[] | null {
  const raw = originalUrl
    .split('?')[0]
    .split('#')[0]
    .replace(/^\/c\/[^/]+\//, '');
  if (raw === '' || /%2f|%5c|\\/i.test(raw)) return null;
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(part);
    } catch {
      return null;
    }
    // eslint-disable-next-line no-control-regex
    if (s === '' || s === '.' || s === '..' || /[\x00-\x1f\\/]/.test(s)) return null;
    segments.push(s);
  }
  return segments;
}

/**
 * The file as named, else its NFC/NFD spelling: zips made on macOS hold decomposed names while
 * manifests and links are usually composed (the inspection compares them the same way).
 */
async function findFile(root: string, segments: string[]): Promise<string | null> {
  const rel = segments.join('/');
  for (const candidate of new Set([rel, rel.normalize('NFC'), rel.normalize('NFD')])) {
    const file = path.resolve(root, candidate);
    // Belt and braces: the segments cannot climb, and the resolved path must still be inside.
    if (!file.startsWith(root + path.sep)) return null;
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat?.isFile()) return file;
  }
  return null;
}

async function versionRoot(versionId: number): Promise<string | null> {
  const cached = rootCache.get(versionId);
  if (cached) return cached;
  const storage = await findVersionStorage(versionId);
  if (!storage) return null;
  const root = path.resolve(versionRootDir(storage));
  rootCache.set(versionId, root);
  return root;
}
