/**
 * GET /c/<token>/<path> on the content origin: the files of one immutable package version, to
 * whoever holds a valid capability for it (content-capability.ts). No session, no cookies: this
 * router runs in the content app (content-app.ts), never in the app. The files come from the object
 * store (data folder or S3); ranges, ETag and 304 from `sendObject`, the same for both.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import { findVersionStorage } from './package-queries';
import { versionRootKey, type PackageSettings } from './package-storage';
import { storageFailure, type ObjectStore, type StoredObject } from '../shared/storage';
import { sendObject } from '../shared/web/send-object';
import { contentTypeFor } from './content-types';
import { verifyContentToken } from './content-capability';
import { contentHeaders } from './content-headers';
import { AppError, NotFoundError } from '../shared/errors';
import type { TokenStandings } from '../auth';

interface ContentDeps {
  store: ObjectStore;
  content: PackageSettings['content'];
  standings: TokenStandings;
  /** Version folders found once stay valid for the life of the app (versions are immutable). */
  roots: Map<number, string>;
  framers: { origins(): Promise<string[]> };
}

export function contentRoutes(
  packages: PackageSettings,
  standings: TokenStandings,
  framers: ContentDeps['framers'],
): Router {
  const deps: ContentDeps = {
    store: packages.store,
    content: packages.content,
    standings,
    roots: new Map(),
    framers,
  };
  const r = Router();
  r.get('/:token/*path', (req, res, next) => serveContentFile(deps, req, res, next));
  return r;
}

async function serveContentFile(deps: ContentDeps, req: Request, res: Response, next: NextFunction): Promise<void> {
  const { store } = deps;
  const capability = verifyContentToken(deps.content, String(req.params.token));
  // One answer for forged, expired and malformed: the link has run out, the player makes a new one.
  if (!capability) return next(new AppError(403, 'CONTENT_TOKEN_INVALID', 'packages.error.content_token_invalid'));
  // A deactivated account's open links stop too (same cached standing as the launch tokens: one
  // primary-key read per user every few seconds, whatever the number of files a page loads).
  const standing = await deps.standings.of(capability.userId);
  if (!standing?.active)
    return next(new AppError(403, 'CONTENT_TOKEN_INVALID', 'packages.error.content_token_invalid'));
  const segments = pathSegments(req.originalUrl);
  if (!segments) return next(new AppError(400, 'CONTENT_PATH_INVALID', 'packages.error.content_path_invalid'));

  const root = await versionRoot(deps.roots, capability.versionId);
  if (!root) return next(new NotFoundError('packages.error.version_not_found', 'PACKAGE_VERSION_NOT_FOUND'));
  // A store that does not answer is a 503 (storage.error.unavailable), not a 500.
  const file = await findFile(store, root, segments).catch((err) => Promise.reject(storageFailure(err)));
  if (!file) return next(new NotFoundError('packages.error.content_not_found', 'CONTENT_NOT_FOUND'));

  const type = contentTypeFor(file.key);
  const { appOrigin, tokenHours } = deps.content;
  const framers = await deps.framers.origins();
  for (const [k, v] of Object.entries(contentHeaders(type, appOrigin, framers))) res.setHeader(k, v);
  res.setHeader('Content-Type', type);
  // The URL holds the token, so a cached copy is only ever found by the same link.
  res.setHeader('Cache-Control', `private, max-age=${(tokenHours + 1) * 3600}, immutable`);
  try {
    await sendObject(req, res, store, file.key, file.object);
  } catch (err) {
    if (!res.headersSent) next(storageFailure(err));
    else res.destroy();
  }
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
async function findFile(
  store: ObjectStore,
  root: string,
  segments: string[],
): Promise<{ key: string; object: StoredObject } | null> {
  const rel = segments.join('/');
  for (const candidate of new Set([rel, rel.normalize('NFC'), rel.normalize('NFD')])) {
    // The segments were checked (no `.`, `..`, separators); the store refuses such keys as well.
    const key = `${root}/${candidate}`;
    const object = await store.stat(key);
    if (object) return { key, object };
  }
  return null;
}

async function versionRoot(rootCache: Map<number, string>, versionId: number): Promise<string | null> {
  const cached = rootCache.get(versionId);
  if (cached) return cached;
  const storage = await findVersionStorage(versionId);
  if (!storage) return null;
  const root = versionRootKey(storage);
  rootCache.set(versionId, root);
  return root;
}
