/**
 * Our LTI private keys at rest: with KEY_ENCRYPTION_KEY the row holds no key material (AES-256-GCM);
 * keys stored in plain before the setting are encrypted at start; a start with another key or without
 * one (while keys are encrypted) stops with a clear error; without the setting the server works and
 * warns once. Every step is a fresh app context on the same database, as a restart would be.
 */
import crypto from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { QueryTypes } from 'sequelize';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { loadConfig } from '../../src/config';
import { createContext, type AppContext } from '../../src/context';
import { createLogger } from '../../src/shared/logger';
import { secureStoredKeys } from '../../src/startup';

jest.setTimeout(60_000);

const keyA = crypto.randomBytes(32).toString('base64');
const keyB = crypto.randomBytes(32).toString('base64');
let t: TestApp;
let lines: string[];

beforeAll(async () => {
  // Only the database (made and dropped by the helper); each step below opens its own context on it.
  t = await createTestApp();
});
afterAll(() => t?.close());

async function restart(env: Record<string, string>, fn: (ctx: AppContext) => Promise<void>): Promise<void> {
  lines = [];
  const logger = createLogger('info', false, false, { write: (l: string) => void lines.push(l) });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: t.dataDir,
    DATABASE_URL: t.config.databaseUrl,
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    IMPORT_COURSES: 'false',
    ...env,
  });
  const ctx = await createContext(config, { logger });
  try {
    await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function storedKeys(ctx: AppContext) {
  return ctx.sequelize.query<{ kid: string; private_jwk: string }>(
    'SELECT kid, private_jwk FROM lti_keys ORDER BY id',
    {
      type: QueryTypes.SELECT,
    },
  );
}

async function signsVerifiably(ctx: AppContext): Promise<string> {
  const token = await ctx.services.lti.keys.sign({ iss: 'test' });
  const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(await ctx.services.lti.keys.jwks()));
  return protectedHeader.kid!;
}

describe('LTI private keys at rest', () => {
  let plainKid: string;

  it('when KEY_ENCRYPTION_KEY is not set, then keys are stored in plain, the server signs, and the start warns once', async () => {
    await restart({}, async (ctx) => {
      await secureStoredKeys(ctx);
      plainKid = await signsVerifiably(ctx);
      const [row] = await storedKeys(ctx);
      expect(JSON.parse(row.private_jwk)).toHaveProperty('d');
      await secureStoredKeys(ctx);
    });
    const warnings = lines.filter((l) => l.includes('KEY_ENCRYPTION_KEY is not set'));
    // Once per start: the test ran the start step twice.
    expect(warnings).toHaveLength(2);
  });

  it('when the server starts with KEY_ENCRYPTION_KEY, then the plain key is encrypted (same kid) and no row holds key material', async () => {
    await restart({ KEY_ENCRYPTION_KEY: keyA }, async (ctx) => {
      await secureStoredKeys(ctx);
      expect(lines.some((l) => l.includes('"encrypted":1'))).toBe(true);
      expect(await signsVerifiably(ctx)).toBe(plainKid);
      const newKid = await ctx.services.lti.keys.rotate();
      expect(await signsVerifiably(ctx)).toBe(newKid);
      const rows = await storedKeys(ctx);
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.private_jwk).toMatch(/^enc:v1:/);
        expect(row.private_jwk).not.toMatch(/"d"|"p"|"q"|PRIVATE KEY|"kty"/);
      }
    });
    expect(lines.join('\n')).not.toContain(keyA);
    expect(lines.some((l) => l.includes('KEY_ENCRYPTION_KEY is not set'))).toBe(false);
  });

  it('when the server starts with another key, then the start stops with a clear error and changes nothing', async () => {
    await restart({ KEY_ENCRYPTION_KEY: keyB }, async (ctx) => {
      const before = await storedKeys(ctx);
      await expect(secureStoredKeys(ctx)).rejects.toThrow(/encrypted under another KEY_ENCRYPTION_KEY/);
      await expect(ctx.services.lti.keys.sign({ iss: 'x' })).rejects.toThrow(/another KEY_ENCRYPTION_KEY/);
      expect(await storedKeys(ctx)).toEqual(before);
    });
    expect(lines.join('\n')).not.toContain(keyB);
  });

  it('when the server starts without the key while keys are encrypted, then the start stops naming the setting', async () => {
    await restart({}, async (ctx) => {
      await expect(secureStoredKeys(ctx)).rejects.toThrow(/encrypted .*but KEY_ENCRYPTION_KEY is not set/);
    });
  });

  it('when the setting is not 32 bytes of base64, then the configuration is refused without echoing it', () => {
    expect(() => loadConfig({ KEY_ENCRYPTION_KEY: 'zu-kurz' })).toThrow(/KEY_ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => loadConfig({ KEY_ENCRYPTION_KEY: 'zu-kurz' })).not.toThrow(/zu-kurz/);
  });
});
