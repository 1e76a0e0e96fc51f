import crypto from 'node:crypto';
import { createSecretBox, decodeEncryptionKey, SecretBoxError } from '../../../src/shared/secret-box';

const keyA = crypto.randomBytes(32).toString('base64');
const keyB = crypto.randomBytes(32).toString('base64');

describe('secret box (AES-256-GCM at rest)', () => {
  it('when a value is sealed, then it opens only with the same key and context, and holds nothing readable', () => {
    const box = createSecretBox(keyA);
    const plain = '{"kty":"RSA","d":"geheim","p":"x"}';
    const sealed = box.seal(plain, 'lti_keys.private_jwk:k1');
    expect(sealed).toMatch(/^enc:v1:[\w-]{8}:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('geheim');
    expect(box.seal(plain, 'lti_keys.private_jwk:k1')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed, 'lti_keys.private_jwk:k1')).toBe(plain);
    expect(() => box.open(sealed, 'lti_keys.private_jwk:k2')).toThrow(/cannot be decrypted/);
    const [head, ct] = [sealed.slice(0, -4), sealed.slice(-4)];
    const flipped = head + (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
    expect(() => box.open(flipped, 'lti_keys.private_jwk:k1')).toThrow(SecretBoxError);
    expect(() => createSecretBox(keyB).open(sealed, 'lti_keys.private_jwk:k1')).toThrow(/another KEY_ENCRYPTION_KEY/);
    expect(() => createSecretBox(undefined).open(sealed, 'lti_keys.private_jwk:k1')).toThrow(/not set/);
  });

  it('when no key is set, then values pass through in plain', () => {
    const box = createSecretBox(undefined);
    expect(box.enabled).toBe(false);
    expect(box.seal('x', 'c')).toBe('x');
    expect(box.open('x', 'c')).toBe('x');
  });

  it('when the setting is not 32 bytes of base64, then it is refused without echoing it', () => {
    expect(decodeEncryptionKey(keyA)).toHaveLength(32);
    expect(decodeEncryptionKey(crypto.randomBytes(32).toString('base64url'))).toHaveLength(32);
    for (const bad of ['', 'kurz', crypto.randomBytes(16).toString('base64'), 'ä'.repeat(44)])
      expect(decodeEncryptionKey(bad)).toBeNull();
    expect(() => createSecretBox('kurz-und-falsch')).toThrow(SecretBoxError);
    try {
      createSecretBox('kurz-und-falsch');
    } catch (err) {
      expect(String(err)).not.toContain('kurz-und-falsch');
    }
  });
});
