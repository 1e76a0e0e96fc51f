import { initPackages } from '../../../src/packages/package-storage';
import { issueContentToken, verifyContentToken } from '../../../src/packages/content-capability';
import { loadConfig } from '../../../src/config';

const config = (secret: string) => loadConfig({ SESSION_SECRET: secret, CONTENT_TOKEN_HOURS: '4' });

describe('content capabilities', () => {
  beforeEach(() => initPackages(config('a'.repeat(32))));

  test('when a token is issued, then it verifies to its version, user and an expiry 4–5 hours ahead on a full hour', () => {
    const now = Date.UTC(2026, 11, 2, 10, 20);
    const cap = verifyContentToken(issueContentToken(12, 34, now), now)!;
    expect(cap).toMatchObject({ versionId: 12, userId: 34 });
    expect(cap.expiresAt.toISOString()).toBe('2026-12-02T15:00:00.000Z');
  });

  test('when the same user asks again within the hour, then the token is the same (browser caches hit)', () => {
    const now = Date.UTC(2026, 11, 2, 10, 5);
    expect(issueContentToken(1, 2, now)).toBe(issueContentToken(1, 2, now + 40 * 60_000));
  });

  test('when the expiry has passed, then the token is refused', () => {
    const now = Date.UTC(2026, 11, 2, 10, 20);
    const token = issueContentToken(12, 34, now);
    expect(verifyContentToken(token, Date.UTC(2026, 11, 2, 15, 0))).toBeNull();
  });

  test('when another secret signed it, or any part was changed, then it is refused', () => {
    const token = issueContentToken(12, 34);
    initPackages(config('b'.repeat(32)));
    expect(verifyContentToken(token)).toBeNull();
    initPackages(config('a'.repeat(32)));
    expect(verifyContentToken(token)).not.toBeNull();
    const [v, u, e, sig] = token.split('.');
    expect(verifyContentToken([Number(v) + 1, u, e, sig].join('.'))).toBeNull();
    expect(verifyContentToken([v, Number(u) + 1, e, sig].join('.'))).toBeNull();
    expect(verifyContentToken([v, u, (parseInt(e, 36) + 3600).toString(36), sig].join('.'))).toBeNull();
    expect(verifyContentToken(`${token}x`)).toBeNull();
    expect(verifyContentToken('')).toBeNull();
  });
});
