/** Small HMAC-signed, expiring values (deep-linking context, new-window hand-off) under a key derived from SESSION_SECRET. */
import crypto from 'node:crypto';

export interface Signer {
  sign(value: unknown, ttlSeconds: number): string;
  /** The value, or null when tampered or expired. */
  open<T>(token: unknown): T | null;
}

export function createSigner(secret: string, purpose: string): Signer {
  const key = crypto.createHmac('sha256', secret).update(`gezu-lms lti ${purpose}`).digest();
  const mac = (body: string) => crypto.createHmac('sha256', key).update(body).digest('base64url');
  return {
    sign(value, ttlSeconds) {
      const body = Buffer.from(JSON.stringify({ v: value, e: Date.now() + ttlSeconds * 1000 })).toString('base64url');
      return `${body}.${mac(body)}`;
    },
    open<T>(token: unknown): T | null {
      if (typeof token !== 'string' || token.length > 20_000) return null;
      const [body, sig] = token.split('.');
      if (!body || !sig) return null;
      const expected = Buffer.from(mac(body));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
      try {
        const { v, e } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { v: T; e: number };
        return typeof e === 'number' && e > Date.now() ? v : null;
      } catch {
        return null;
      }
    },
  };
}
