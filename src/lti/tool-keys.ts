/**
 * Our own RSA signing keys (RS256): made and stored at first use, so every app process signs with
 * the same key. Rotation makes a new key current and retires the old one; a retired public key stays
 * in the JWKS for `RETIRED_KEY_GRACE_MS`, longer than any token we sign lives (TOKEN_TTL_SECONDS), so
 * a platform can still check what we signed just before the rotation.
 */
import crypto from 'node:crypto';
import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { LtiKey } from './lti-models';
import type { SecretBox } from '../shared/secret-box';

export const TOKEN_TTL_SECONDS = 300;
export const RETIRED_KEY_GRACE_MS = 3600_000;

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
}

/** Additional data of a sealed private key: it opens only in its own row. */
const sealContext = (kid: string) => `lti_keys.private_jwk:${kid}`;

async function makeKey(sequelize: Sequelize, box: SecretBox): Promise<LtiKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = crypto.randomBytes(12).toString('base64url');
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  return sequelize.transaction(async (transaction) => {
    await LtiKey.update({ retiredAt: new Date() }, { where: { retiredAt: null }, transaction });
    return LtiKey.create(
      { kid, privateJwk: box.seal(JSON.stringify(priv), sealContext(kid)), publicJwk: JSON.stringify(pub) },
      { transaction },
    );
  });
}

export interface ToolKeys {
  /** The current key, made on first use. */
  current(): Promise<SigningKey>;
  /** Public keys: the current one and those retired less than the grace period ago. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** A new current key; the old one stays published for the grace period. Returns the new kid. */
  rotate(): Promise<string>;
  /** Signs a JWT with the current key (RS256, `kid` in the header, iat/exp/jti set here). */
  sign(payload: JWTPayload, ttlSeconds?: number): Promise<string>;
  /**
   * At start: with KEY_ENCRYPTION_KEY, encrypts every private key still stored in plain; in any case
   * opens every sealed one, so a missing or wrong key stops the start with a clear error (SecretBoxError)
   * instead of the first launch failing. Returns how many were encrypted now and how many are still plain.
   */
  secureStored(): Promise<{ encrypted: number; plain: number }>;
}

export function createToolKeys(sequelize: Sequelize, box: SecretBox): ToolKeys {
  const imported = new Map<string, KeyLike>();
  async function current(): Promise<SigningKey> {
    let row = await LtiKey.findOne({ where: { retiredAt: null }, order: [['id', 'DESC']] });
    if (!row) {
      try {
        row = await makeKey(sequelize, box);
      } catch (err) {
        // Another process made one at the same moment: take the newest.
        if (!(err instanceof UniqueConstraintError)) throw err;
        row = await LtiKey.findOne({ where: { retiredAt: null }, order: [['id', 'DESC']] });
        if (!row) throw err;
      }
    }
    let key = imported.get(row.kid);
    if (!key) {
      key = (await importJWK(JSON.parse(box.open(row.privateJwk, sealContext(row.kid))) as JWK, 'RS256')) as KeyLike;
      imported.set(row.kid, key);
    }
    return { kid: row.kid, privateKey: key };
  }
  return {
    current,
    async jwks() {
      await current();
      const rows = await LtiKey.findAll({
        where: {
          [Op.or]: [{ retiredAt: null }, { retiredAt: { [Op.gt]: new Date(Date.now() - RETIRED_KEY_GRACE_MS) } }],
        },
        order: [['id', 'DESC']],
      });
      return { keys: rows.map((r) => JSON.parse(r.publicJwk) as JWK) };
    },
    async rotate() {
      return (await makeKey(sequelize, box)).kid;
    },
    async secureStored() {
      let encrypted = 0;
      let plain = 0;
      for (const row of await LtiKey.findAll({ order: [['id', 'ASC']] })) {
        if (box.isSealed(row.privateJwk)) {
          box.open(row.privateJwk, sealContext(row.kid));
        } else if (box.enabled) {
          const sealed = box.seal(row.privateJwk, sealContext(row.kid));
          await LtiKey.update({ privateJwk: sealed }, { where: { id: row.id, privateJwk: row.privateJwk } });
          encrypted++;
        } else plain++;
      }
      return { encrypted, plain };
    },
    async sign(payload, ttlSeconds = TOKEN_TTL_SECONDS) {
      const { kid, privateKey } = await current();
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(crypto.randomUUID())
        .sign(privateKey);
    },
  };
}
