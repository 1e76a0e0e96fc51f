/**
 * Capabilities for package content: `/c/<token>/<file>` on the content origin. The token names one
 * package version and the user it was issued to, and expires; it is an HMAC the content origin can
 * check without a session (it never sees one). Relative links inside a package keep the token
 * because it is part of the path.
 *
 * Format: `<versionId>.<userId>.<expiry, base 36 seconds>.<128-bit HMAC-SHA256, base64url>`.
 * The expiry is rounded up to the next full hour, so one learner gets the same URLs (and browser
 * cache hits) for an hour; every launch asks for a fresh token, so the player renews it.
 */
import crypto from 'node:crypto';
import type { PackageSettings } from './package-storage';

type ContentSettings = PackageSettings['content'];

export interface ContentCapability {
  versionId: number;
  userId: number;
  expiresAt: Date;
}

const HOUR = 3600;

function keyOf(secret: string): Buffer {
  // A key of its own, derived from the session secret: a token can never pass for anything else.
  return crypto.createHmac('sha256', secret).update('gezu-lms content capability v1').digest();
}

function sign(key: Buffer, payload: string): string {
  return crypto.createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');
}

export function issueContentToken(
  content: ContentSettings,
  versionId: number,
  userId: number,
  now = Date.now(),
): string {
  const { secret, tokenHours } = content;
  const exp = (Math.ceil(now / 1000 / HOUR) + tokenHours) * HOUR;
  const payload = `${versionId}.${userId}.${exp.toString(36)}`;
  return `${payload}.${sign(keyOf(secret), payload)}`;
}

/** The capability a token grants, or null when it is malformed, forged or expired. */
export function verifyContentToken(
  content: ContentSettings,
  token: string,
  now = Date.now(),
): ContentCapability | null {
  const m = /^([1-9][0-9]{0,15})\.([1-9][0-9]{0,15})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(sign(keyOf(content.secret), `${m[1]}.${m[2]}.${m[3]}`));
  const given = Buffer.from(m[4]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  const exp = parseInt(m[3], 36) * 1000;
  if (!(exp > now)) return null;
  const versionId = Number(m[1]);
  const userId = Number(m[2]);
  if (!Number.isSafeInteger(versionId) || !Number.isSafeInteger(userId)) return null;
  return { versionId, userId, expiresAt: new Date(exp) };
}

/** Where the browser loads a version's files for one user: `<content origin>/c/<token>/`. */
export function contentBaseFor(
  content: ContentSettings,
  versionId: number,
  userId: number,
): { contentOrigin: string; token: string; base: string } {
  const { contentOrigin } = content;
  const token = issueContentToken(content, versionId, userId);
  return { contentOrigin, token, base: `${contentOrigin}/c/${token}/` };
}

export function contentOrigins(content: ContentSettings): { appOrigin: string; contentOrigin: string } {
  const { appOrigin, contentOrigin } = content;
  return { appOrigin, contentOrigin };
}
