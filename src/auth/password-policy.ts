import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../shared/errors';

/**
 * What a new password must be, beyond the length rule of the input schemas (user-input.ts). Applied
 * wherever a password is set: registration, reset, invitation, change, `createUser` (CLI, first admin).
 *
 * 72 bytes: bcrypt reads only the first 72 bytes of its input, so two long passwords sharing those
 * bytes would be the same password. We refuse longer ones (in UTF-8, so umlauts count twice) instead
 * of pre-hashing with SHA-256: a pre-hash would change the meaning of every stored hash (a second hash
 * scheme to tell apart), and pre-hashing raw digests with bcrypt has its own pitfalls (NUL bytes).
 * 72 bytes still allow a passphrase of ten words.
 */
export const PASSWORD_MAX_BYTES = 72;
const MIN_DISTINCT_CHARS = 4;
const MIN_PERSONAL_PART = 3;

/** The list of passwords every cracker tries first, read once when the module loads (a fixed file). */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  fs
    .readFileSync(path.join(__dirname, 'common-passwords.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#')),
);

export interface PasswordOwner {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

/** The catalogue key of the first rule a password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | null {
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) return 'error.password_too_many_bytes';
  const lower = password.toLowerCase();
  if (new Set(lower).size < MIN_DISTINCT_CHARS) return 'error.password_too_simple';
  // "passwort2024!" is "passwort" with a suffix every cracker tries first.
  const stem = lower.replace(/[\p{N}\p{P}\p{S}\s]+$/u, '');
  const list = COMMON_PASSWORDS;
  if (list.has(lower) || (stem.length >= 4 && list.has(stem)) || /^\d+$/.test(lower)) return 'error.password_common';
  const email = (owner.email ?? '').toLowerCase();
  const personal = [
    email,
    email.split('@')[0],
    ...[owner.firstName, owner.lastName].flatMap((n) => (n ?? '').toLowerCase().split(/[\s-]+/)),
  ].filter((part) => part.length >= MIN_PERSONAL_PART);
  if (personal.some((part) => lower.includes(part))) return 'error.password_personal';
  return null;
}

/** Throws a ValidationError on the `password` field (code PASSWORD_WEAK) when the password breaks a rule. */
export function assertPasswordAcceptable(password: string, owner: PasswordOwner): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new ValidationError('error.check_input', { password: problem }, 'PASSWORD_WEAK');
}
