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
 * Revocation: the epoch (auth: TokenStandings.bump) and the account's active flag, checked per request
 * through auth's short cache.
 */
import crypto from 'node:crypto';
import type { TokenStandings } from '../auth';
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

/** The refusal of a runtime request; `{result: false, errorCode: 101}` for the SCO (token-routes.ts). */
export class LaunchTokenError extends AppError {}

const refuse = (status: number, code: string, message: string) => new LaunchTokenError(status, code, message);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export interface LaunchTokens {
  sign(claims: Omit<LaunchClaims, 'expiresAt'> & { expiresAt?: number }): { token: string; expiresAt: number };
  /** Signature and expiry only (no I/O); throws LaunchTokenError. */
  read(token: unknown, now?: number): LaunchClaims;
  /**
   * The whole check of a runtime request: signature, expiry, the attempt (and SCO) in the URL, and
   * that the user still stands behind the token (same epoch, account active) — one cached read.
   * The attempt's owner is compared with `userId` where the attempt row is read anyway (commit.ts).
   */
  authorise(token: unknown, want: { attemptId: number; scoId?: number; launch?: number }): Promise<LaunchClaims>;
  /** The same claims with a fresh expiry (keep-alive). */
  renew(claims: LaunchClaims): { token: string; expiresAt: number };
}

/** Built once per app by the composition root with the server's secret (every process derives the same key). */
export function createLaunchTokens(opts: {
  secret: string;
  ttlMinutes: number;
  standings: TokenStandings;
}): LaunchTokens {
  const key = crypto.createHmac('sha256', opts.secret).update('gezu-lms launch token v1').digest();
  const ttlSeconds = Math.max(60, Math.round(opts.ttlMinutes * 60));
  const mac = (payload: string): Buffer => crypto.createHmac('sha256', key).update(payload).digest();

  const sign: LaunchTokens['sign'] = (claims) => {
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
  };

  const read: LaunchTokens['read'] = (token, now = Date.now()) => {
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
  };

  return {
    sign,
    read,
    async authorise(token, want) {
      const claims = read(token);
      if (claims.attemptId !== want.attemptId)
        throw refuse(403, 'LAUNCH_TOKEN_WRONG_ATTEMPT', 'Dieser Zugangsschlüssel gilt nicht für diesen Versuch.');
      if (want.scoId !== undefined && claims.scoId !== want.scoId)
        throw refuse(403, 'LAUNCH_TOKEN_WRONG_ATTEMPT', 'Dieser Zugangsschlüssel gilt nicht für diese Lerneinheit.');
      if (want.launch !== undefined && want.launch > claims.launch)
        throw refuse(403, 'LAUNCH_TOKEN_WRONG_ATTEMPT', 'Dieser Zugangsschlüssel gilt nicht für diesen Start.');
      const standing = await opts.standings.of(claims.userId);
      if (!standing || !standing.active || standing.epoch !== claims.epoch)
        throw refuse(401, 'LAUNCH_TOKEN_REVOKED', 'Sie wurden abgemeldet. Bitte melden Sie sich neu an.');
      return claims;
    },
    renew: (claims) => sign({ ...claims, expiresAt: undefined }),
  };
}
