import { packageSettingsFrom } from '../../../src/packages/package-storage';
import { localStore } from '../../../src/shared/storage';
import { issueContentToken, verifyContentToken } from '../../../src/packages/content-capability';
import { loadConfig } from '../../../src/config';

const contentOf = (secret: string) => {
  const config = loadConfig({ SESSION_SECRET: secret, CONTENT_TOKEN_HOURS: '4' });
  return packageSettingsFrom(config, localStore(config.dataDir)).content;
};
const A = contentOf('a'.repeat(32));
const B = contentOf('b'.repeat(32));

describe('content capabilities', () => {
  test('when a token is issued, then it verifies to its version, user and an expiry 4–5 hours ahead on a full hour', () => {
    const now = Date.UTC(2026, 11, 2, 10, 20);
    const cap = verifyContentToken(A, issueContentToken(A, 12, 34, now), now)!;
    expect(cap).toMatchObject({ versionId: 12, userId: 34 });
    expect(cap.expiresAt.toISOString()).toBe('2026-12-02T15:00:00.000Z');
  });

  test('when the same user asks again within the hour, then the token is the same (browser caches hit)', () => {
    const now = Date.UTC(2026, 11, 2, 10, 5);
    expect(issueContentToken(A, 1, 2, now)).toBe(issueContentToken(A, 1, 2, now + 40 * 60_000));
  });

  test('when the expiry has passed, then the token is refused', () => {
    const now = Date.UTC(2026, 11, 2, 10, 20);
    const token = issueContentToken(A, 12, 34, now);
    expect(verifyContentToken(A, token, Date.UTC(2026, 11, 2, 15, 0))).toBeNull();
  });

  test('when another secret signed it, or any part was changed, then it is refused', () => {
    const token = issueContentToken(A, 12, 34);
    expect(verifyContentToken(B, token)).toBeNull();
    expect(verifyContentToken(A, token)).not.toBeNull();
    const [v, u, e, sig] = token.split('.');
    expect(verifyContentToken(A, [Number(v) + 1, u, e, sig].join('.'))).toBeNull();
    expect(verifyContentToken(A, [v, Number(u) + 1, e, sig].join('.'))).toBeNull();
    expect(verifyContentToken(A, [v, u, (parseInt(e, 36) + 3600).toString(36), sig].join('.'))).toBeNull();
    expect(verifyContentToken(A, `${token}x`)).toBeNull();
    expect(verifyContentToken(A, '')).toBeNull();
  });
});
