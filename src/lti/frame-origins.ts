/**
 * Which origins may frame us for LTI: a platform's issuer and auth URL origins (where its course page
 * and its OIDC endpoint live). The app adds them per session (framing.ts); the content origin, which
 * has no session, adds those of every registered platform (read from the database, kept for
 * `ttlMs`), because `frame-ancestors` is checked against every ancestor: a SCO below our player below
 * a platform's page is shown only when the platform's origin is named at each level. Never `*`.
 */
import { LtiPlatform } from './lti-models';

export function platformOrigins(p: { issuer: string; authUrl: string }): string[] {
  const out = new Set<string>();
  for (const u of [p.issuer, p.authUrl]) {
    try {
      const origin = new URL(u).origin;
      if (/^https?:\/\/[^\s;,'"]+$/.test(origin)) out.add(origin);
    } catch {
      // An issuer need not be a URL.
    }
  }
  return [...out];
}

export interface FrameAncestorSource {
  /** Origins (besides the app) allowed to frame content; a failing database gives none. */
  origins(): Promise<string[]>;
}

export function createPlatformFrameAncestors(ttlMs = 30_000): FrameAncestorSource {
  let cached: { at: number; origins: string[] } | null = null;
  let pending: Promise<string[]> | null = null;
  const load = async (): Promise<string[]> => {
    const rows = await LtiPlatform.findAll({ attributes: ['issuer', 'authUrl'] });
    const origins = [...new Set(rows.flatMap((r) => platformOrigins(r)))].sort();
    cached = { at: Date.now(), origins };
    return origins;
  };
  return {
    async origins() {
      if (cached && Date.now() - cached.at < ttlMs) return cached.origins;
      pending ??= load().finally(() => {
        pending = null;
      });
      try {
        return await pending;
      } catch {
        return cached?.origins ?? [];
      }
    },
  };
}
