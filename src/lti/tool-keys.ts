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

export const TOKEN_TTL_SECONDS = 300;
export const RETIRED_KEY_GRACE_MS = 3600_000;

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
}

async function makeKey(sequelize: Sequelize): Promise<LtiKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = crypto.randomBytes(12).toString('base64url');
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  return sequelize.transaction(async (transaction) => {
    await LtiKey.update({ retiredAt: new Date() }, { where: { retiredAt: null }, transaction });
    return LtiKey.create({ kid, privateJwk: JSON.stringify(priv), publicJwk: JSON.stringify(pub) }, { transaction });
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
}

export function createToolKeys(sequelize: Sequelize): ToolKeys {
  const imported = new Map<string, KeyLike>();
  async function current(): Promise<SigningKey> {
    let row = await LtiKey.findOne({ where: { retiredAt: null }, order: [['id', 'DESC']] });
    if (!row) {
      try {
        row = await makeKey(sequelize);
      } catch (err) {
        // Another process made one at the same moment: take the newest.
        if (!(err instanceof UniqueConstraintError)) throw err;
        row = await LtiKey.findOne({ where: { retiredAt: null }, order: [['id', 'DESC']] });
        if (!row) throw err;
      }
    }
    let key = imported.get(row.kid);
    if (!key) {
      key = (await importJWK(JSON.parse(row.privateJwk) as JWK, 'RS256')) as KeyLike;
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
      return (await makeKey(sequelize)).kid;
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
