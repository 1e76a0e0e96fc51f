/**
 * The platforms' public keys: one jose remote JWKS per platform and JWKS URL, built on first use and
 * kept in this service (a cache — a process that loses it only fetches again). jose caches the set
 * and fetches again when a token names a kid it does not hold (no sooner than `cooldownSeconds`
 * after the last fetch, so a stranger cannot make us hammer the platform).
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { LtiPlatform } from './lti-models';

export interface PlatformKeys {
  forPlatform(platform: Pick<LtiPlatform, 'id' | 'jwksUrl'>): JWTVerifyGetKey;
}

export function createPlatformKeys(opts: { cooldownSeconds: number; cacheMaxAgeSeconds: number }): PlatformKeys {
  const sets = new Map<string, JWTVerifyGetKey>();
  return {
    forPlatform(platform) {
      const key = `${platform.id} ${platform.jwksUrl}`;
      let set = sets.get(key);
      if (!set) {
        set = createRemoteJWKSet(new URL(platform.jwksUrl), {
          cooldownDuration: opts.cooldownSeconds * 1000,
          cacheMaxAge: opts.cacheMaxAgeSeconds * 1000,
          timeoutDuration: 5000,
        });
        sets.set(key, set);
      }
      return set;
    },
  };
}
