/**
 * Assignment and Grade Services 2.0: a client-credentials access token obtained with a JWT assertion
 * signed by our key (1EdTech Security Framework §4.1), then `POST <lineitem>/scores`. Tokens are kept
 * in this service until shortly before they expire (a cache: losing it costs one token request).
 */
import crypto from 'node:crypto';
import type { ToolKeys } from './tool-keys';
import type { LtiPlatform } from './lti-models';

export interface ScoreBody {
  userId: string;
  scoreGiven?: number;
  scoreMaximum: number;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
  timestamp: string;
}

export class PlatformRequestError extends Error {
  constructor(
    message: string,
    /** The HTTP status the platform answered, when it answered. */
    readonly status?: number,
    /** Which request failed: getting the token or the service call itself. */
    readonly stage: 'token' | 'service' = 'service',
  ) {
    super(message);
  }
}

/** The platform answered 2xx, but not with JSON. */
export class MalformedAnswerError extends Error {}

export interface AgsClient {
  accessToken(platform: LtiPlatform, scopes: string[]): Promise<string>;
  postScore(platform: LtiPlatform, lineitemUrl: string, scopes: string[], score: ScoreBody): Promise<void>;
  /** GET with a service token (NRPS memberships): the parsed JSON and the `Link` header. */
  getJson(
    platform: LtiPlatform,
    url: string,
    scopes: string[],
    accept: string,
  ): Promise<{ body: unknown; link: string | null }>;
}

/** `<lineitem>/scores`, keeping the line item's query string (Moodle puts `type_id` there). */
export function scoresUrl(lineitem: string): string {
  const u = new URL(lineitem);
  u.pathname = `${u.pathname.replace(/\/$/, '')}/scores`;
  return u.toString();
}

export function createAgsClient(keys: ToolKeys, timeoutMs = 10_000): AgsClient {
  const tokens = new Map<string, { token: string; until: number }>();
  const tokenKey = (platform: LtiPlatform, scopes: string[]) => `${platform.id} ${[...scopes].sort().join(' ')}`;
  async function accessToken(platform: LtiPlatform, scopes: string[]): Promise<string> {
    const cacheKey = tokenKey(platform, scopes);
    const cached = tokens.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.token;
    const assertion = await keys.sign({
      iss: platform.clientId,
      sub: platform.clientId,
      aud: platform.tokenUrl,
      jti: crypto.randomUUID(),
    });
    const res = await fetch(platform.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: scopes.join(' '),
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new PlatformRequestError(`token endpoint answered ${res.status}`, res.status, 'token');
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string')
      throw new PlatformRequestError('token endpoint sent no access_token', res.status, 'token');
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    tokens.set(cacheKey, { token: body.access_token, until: Date.now() + Math.max(0, lifetime - 60) * 1000 });
    return body.access_token;
  }
  return {
    accessToken,
    async postScore(platform, lineitemUrl, scopes, score) {
      const token = await accessToken(platform, scopes);
      const res = await fetch(scoresUrl(lineitemUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify(score),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status === 401) tokens.clear();
      if (!res.ok) throw new PlatformRequestError(`score endpoint answered ${res.status}`);
    },
    async getJson(platform, url, scopes, accept) {
      for (let attempt = 1; ; attempt++) {
        const token = await accessToken(platform, scopes);
        const res = await fetch(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: accept },
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.status === 401) {
          // The platform forgot or revoked our cached token: one more try with a fresh one (only this
          // platform's token for these scopes; the others are still good).
          tokens.delete(tokenKey(platform, scopes));
          if (attempt === 1) continue;
        }
        if (!res.ok) throw new PlatformRequestError(`${new URL(url).pathname} answered ${res.status}`, res.status);
        const text = await res.text();
        try {
          return { body: JSON.parse(text) as unknown, link: res.headers.get('link') };
        } catch {
          throw new MalformedAnswerError(`${new URL(url).pathname} answered no JSON`);
        }
      }
    },
  };
}
