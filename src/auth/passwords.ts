import bcrypt from 'bcryptjs';
import crypto from 'node:crypto';

/** Cost 12: ~250 ms per hash on this class of machine — slow for an attacker, tolerable at login. */
export const BCRYPT_COST = 12;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, BCRYPT_COST);
}

export function checkPassword(plain: string, hash: string | null): Promise<boolean> {
  // Compare against a fixed hash when the account has none, so timing does not reveal which emails exist.
  return bcrypt.compare(plain, hash ?? DUMMY_HASH);
}

const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKcEeO1Vr0Hj3o6Qn0tC9kJ6VJx0x8p7y7x1e';

/** Random token for links; only its SHA-256 is stored, so a database leak reveals no usable link. */
export function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
