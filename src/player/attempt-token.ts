/**
 * The per-attempt commit token. The SCORM beacon cannot send headers, so the commit URL carries
 * this token; only its SHA-256 is stored, and it authorises nothing without the owner's session.
 */
import crypto from 'node:crypto';

export function newAttemptToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(24).toString('base64url');
  return { token, hash: hashAttemptToken(token) };
}

export function hashAttemptToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function attemptTokenMatches(token: unknown, storedHash: string): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const given = Buffer.from(hashAttemptToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}
