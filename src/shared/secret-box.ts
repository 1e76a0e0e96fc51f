/**
 * Encryption at rest for secrets we must store (our LTI private keys): AES-256-GCM under the 32-byte
 * key of the setting KEY_ENCRYPTION_KEY, a random 96-bit IV per value, and the value's context (table,
 * column, row key) as additional data, so a sealed value copied to another row does not open. Stored
 * form: `enc:v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url). The key id (8 characters of a SHA-256
 * of the key, labelled) tells "sealed under another key" apart from "tampered" without revealing the key.
 * Without a key the box passes values through unchanged (the caller warns) and refuses to open sealed ones.
 */
import crypto from 'node:crypto';

const PREFIX = 'enc:v1:';

export class SecretBoxError extends Error {}

export interface SecretBox {
  /** True when a key is set: seal() encrypts. */
  readonly enabled: boolean;
  seal(plain: string, context: string): string;
  open(stored: string, context: string): string;
  isSealed(stored: string): boolean;
}

const b64 = (b: Buffer) => b.toString('base64url');

function keyIdOf(key: Buffer): string {
  return crypto.createHash('sha256').update('gezu-lms key id\0').update(key).digest('base64url').slice(0, 8);
}

/** The 32 bytes of a base64 setting, or null when it is not exactly that. */
export function decodeEncryptionKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

export function createSecretBox(keyText: string | undefined): SecretBox {
  const key = keyText ? decodeEncryptionKey(keyText) : null;
  if (keyText && !key) throw new SecretBoxError('KEY_ENCRYPTION_KEY must be 32 bytes in base64');
  const keyId = key ? keyIdOf(key) : null;
  const isSealed = (stored: string) => stored.startsWith(PREFIX);
  return {
    enabled: key !== null,
    isSealed,
    seal(plain, context) {
      if (!key) return plain;
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${keyId}:${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(ct)}`;
    },
    open(stored, context) {
      if (!isSealed(stored)) return stored;
      const [id, iv, tag, ct] = stored.slice(PREFIX.length).split(':');
      if (!key) throw new SecretBoxError(`${context} is encrypted (key id ${id}), but KEY_ENCRYPTION_KEY is not set`);
      if (id !== keyId)
        throw new SecretBoxError(
          `${context} is encrypted under another KEY_ENCRYPTION_KEY (key id ${id}; the key set has id ${keyId})`,
        );
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          `${context} cannot be decrypted: the stored value was changed or belongs to another row`,
        );
      }
    },
  };
}
