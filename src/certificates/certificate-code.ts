import crypto from 'node:crypto';

/**
 * Certificate codes: 80 random bits as 16 Crockford base32 characters, shown as
 * GZ-XXXX-XXXX-XXXX-XXXX. Crockford's alphabet leaves out I, L, O and U, so a code read off paper
 * and typed in again survives the usual confusions (O↔0, I/L↔1), which `normaliseCode` undoes.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_BYTES = 10; // 80 bits → exactly 16 base32 characters
export const CODE_PATTERN =
  /^GZ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function generateCertificateCode(random: (n: number) => Buffer = crypto.randomBytes): string {
  const chars = base32(random(RANDOM_BYTES));
  return `GZ-${chars.match(/.{4}/g)!.join('-')}`;
}

/** Turns what a person typed ("gz 7k2m-…", lower case, O for 0) into the stored form, or null
 * when it cannot be a code — so the database is never asked about junk. */
export function normaliseCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  let s = input.toUpperCase().replace(/[\s\-_.]/g, '');
  if (s.startsWith('GZ')) s = s.slice(2);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(s)) return null;
  return `GZ-${s.match(/.{4}/g)!.join('-')}`;
}
