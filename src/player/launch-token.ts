/**
 * Signed launch tokens: what authorises the runtime routes (commit, keep-alive, sequencing save)
 * without a session or user lookup. Format `<payload>.<mac>`, both base64url; the payload is JSON
 * `{u: user, a: attempt, s: SCO, l: launch number, e: expiry (unix s), p: user's token epoch}`; the
 * MAC is HMAC-SHA256 under a key derived from SESSION_SECRET (so every app process can check it).
 * Plain node:crypto rather than JWS: one fixed algorithm, nothing to negotiate, no header to parse.
 *
 * The token is issued by the session-checked launch API and renewed by the keep-alive. A commit's
 * URL must name the token's attempt and SCO and a launch number up to the token's (older launches'
 * bodies are resent by the page's queue; the sequence guard keeps them from overwriting anything).
 * Revocation: the epoch (auth: bumpTokenEpoch) and the account's active flag, checked per request
 * through auth's short cache.
 */
import crypto from 'node:crypto';
import { tokenStanding } from '../auth';
import { AppError } from '../shared/errors';

export interface LaunchClaims {
  userId: number;
  attemptId: number;
  scoId: number;
  launch: number;
  /** Unix seconds. */
  expiresAt: number;
  epoch: number;
}

let key: Buffer | null = null;
let ttlSeconds = 2 * 3600;

/** Called once at boot (context.ts) with the server's secret; tests and the CLI get it the same way. */
export function initLaunchTokens(secret: string, ttlMinutes: number): void {
  key = crypto.createHmac('sha256', secret).update('gezu-lms launch token v1').digest();
  ttlSeconds = Math.max(60, Math.round(ttlMinutes * 60));
}

function mac(payload: string): Buffer {
  if (!key) throw new Error('launch tokens are not initialised (initLaunchTokens)');
  return crypto.createHmac('sha256', key).update(payload).digest();
}

export function signLaunchToken(claims: Omit<LaunchClaims, 'expiresAt'> & { expiresAt?: number }): {
  token: string;
  expiresAt: number;
} {
  const expiresAt = claims.expiresAt ?? Math.floor(Date.now() / 1000) + ttlSeconds;
  const payload = Buffer.from(
    JSON.stringify({
      u: claims.userId,
      a: claims.attemptId,
      s: claims.scoId,
      l: claims.launch,
      e: expiresAt,
      p: claims.epoch,
    }),
  ).toString('base64url');
  return { token: `${payload}.${mac(payload).toString('base64url')}`, expiresAt };
}

/** The refusal of a runtime request; `{result: false, errorCode: 101}` for the SCO (token-routes.ts). */
export class LaunchTokenError extends AppError {}

const refuse = (status: number, code: string, message: string) => new LaunchTokenError(status, code, message);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Signature and expiry only (no I/O); throws LaunchTokenError. */
export function readLaunchToken(token: unknown, now = Date.now()): LaunchClaims {
  if (typeof token !== 'string' || token.length === 0 || token.length > 600)
    throw refuse(401, 'LAUNCH_TOKEN_MISSING', 'Der Zugangsschlüssel dieses Starts fehlt.');
  const dot = token.indexOf('.');
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(payload);
  if (dot < 1 || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw refuse(403, 'LAUNCH_TOKEN_INVALID', 'Der Zugangsschlüssel dieses Starts ist ungültig.');
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw refuse(403, 'LAUNCH_TOKEN_INVALID', 'Der Zugangsschlüssel dieses Starts ist ungültig.');
  }
  const { u, a, s, l, e, p } = raw;
  if (!isId(u) || !isId(a) || !isId(s) || !isId(l) || !isId(e) || !isId(p))
    throw refuse(403, 'LAUNCH_TOKEN_INVALID', 'Der Zugangsschlüssel dieses Starts ist ungültig.');
  if (e * 1000 <= now)
    throw refuse(
      401,
      'LAUNCH_TOKEN_EXPIRED',
      'Der Zugangsschlüssel dieses Starts ist abgelaufen. Bitte öffnen Sie das Modul neu.',
    );
  return { userId: u, attemptId: a, scoId: s, launch: l, expiresAt: e, epoch: p };
}

/**
 * The whole check of a runtime request: signature, expiry, the attempt (and SCO) in the URL, and
 * that the user still stands behind the token (same epoch, account active) — one cached read.
 * The attempt's owner is compared with `userId` where the attempt row is read anyway (commit.ts).
 */
export async function authoriseLaunchToken(
  token: unknown,
  want: { attemptId: number; scoId?: number; launch?: number },
): Promise<LaunchClaims> {
  const claims = readLaunchToken(token);
  if (claims.attemptId !== want.attemptId)
    throw refuse(403, 'LAUNCH_TOKEN_WRONG_ATTEMPT', 'Dieser Zugangsschlüssel gilt nicht für diesen Versuch.');
  if (want.scoId !== undefined && claims.scoId !== want.scoId)
    throw refuse(403, 'LAUNCH_TOKEN_WRONG_ATTEMPT', 'Dieser Zugangsschlüssel gilt nicht für diese Lerneinheit.');
  if (want.launch !== undefined && want.launch > claims.launch)
    throw refuse(403, 'LAUNCH_TOKEN_WRONG_ATTEMPT', 'Dieser Zugangsschlüssel gilt nicht für diesen Start.');
  const standing = await tokenStanding(claims.userId);
  if (!standing || !standing.active || standing.epoch !== claims.epoch)
    throw refuse(401, 'LAUNCH_TOKEN_REVOKED', 'Sie wurden abgemeldet. Bitte melden Sie sich neu an.');
  return claims;
}

/** The same claims with a fresh expiry (keep-alive). */
export function renewLaunchToken(claims: LaunchClaims): { token: string; expiresAt: number } {
  return signLaunchToken({ ...claims, expiresAt: undefined });
}
