/**
 * The Security Framework's checks of an id_token posted to /lti/launch, in an order that names the
 * real problem: the state (bound to this browser by a cookie, or by the platform's storage) → its platform → signature against the
 * platform's JWKS (refetched on an unknown kid) → iss, aud/azp, exp/iat (small skew) → nonce (the
 * state's, and used once) → deployment → message type and version. Each refusal is an AppError with
 * its own code; nothing here throws anything else for input a stranger can send.
 */
import { Op, UniqueConstraintError } from 'sequelize';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { LtiLoginState, LtiNonce, LtiPlatform } from './lti-models';
import { hasDeployment } from './platforms';
import { CLAIM, MESSAGE } from './claims';
import type { PlatformKeys } from './platform-keys';
import { AppError } from '../shared/errors';

export const CLOCK_SKEW_SECONDS = 60;
/** An id_token older than this is refused even before its exp (a replay window kept small). */
const MAX_TOKEN_AGE_SECONDS = 600;

/** Each refusal code has its catalogue key `lti.refusal.<CODE>` (messages.ts names them all). */
const refusalKey = (code: string) => ['lti.refusal', code].join('.');

export function ltiError(code: string, status = 400): AppError {
  return new AppError(status, code, refusalKey(code));
}

export interface LaunchInput {
  idToken: unknown;
  state: unknown;
  cookieState: unknown;
  /**
   * The launch page found state and nonce in the platform's storage (LTI Client Side postMessages) and
   * posted again by a same-origin fetch with its header (launch-routes.ts); accepted only for a login
   * that named a storage target.
   */
  storageChecked?: boolean;
}

export interface ValidLaunch {
  platform: LtiPlatform;
  claims: JWTPayload & Record<string, unknown>;
  messageType: string;
  deploymentId: string;
  targetLinkUri: string | null;
}

export async function validateLaunch(keys: PlatformKeys, input: LaunchInput): Promise<ValidLaunch> {
  const { idToken, state, cookieState, storageChecked } = input;
  if (typeof state !== 'string' || !state || state.length > 64) throw ltiError('LTI_STATE_MISSING');
  const cookieOk = typeof cookieState === 'string' && cookieState === state;
  if (!cookieOk && !storageChecked) throw ltiError('LTI_STATE_MISMATCH');
  if (typeof idToken !== 'string' || !idToken || idToken.length > 64_000) throw ltiError('LTI_TOKEN_MISSING');
  const row = await LtiLoginState.findOne({ where: { state } });
  if (!row || row.expiresAt.getTime() < Date.now()) throw ltiError('LTI_STATE_EXPIRED');
  // Without the cookie, only a login that put its state into the platform's storage may go on.
  if (!cookieOk && !row.storageTarget) throw ltiError('LTI_STATE_MISMATCH');
  const platform = await LtiPlatform.findByPk(row.platformId);
  if (!platform) throw ltiError('LTI_PLATFORM_UNKNOWN');

  try {
    decodeProtectedHeader(idToken);
  } catch {
    throw ltiError('LTI_TOKEN_MALFORMED');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keys.forPlatform(platform), {
      algorithms: ['RS256', 'RS384', 'RS512'],
      issuer: platform.issuer,
      audience: platform.clientId,
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ['iat', 'exp', 'sub', 'nonce'],
    }));
  } catch (err) {
    throw joseRefusal(err);
  }
  const claims = payload as ValidLaunch['claims'];
  // Several audiences: the one we are must be the authorised party.
  if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== platform.clientId)
    throw ltiError('LTI_AUDIENCE_INVALID');
  if (claims.azp !== undefined && claims.azp !== platform.clientId) throw ltiError('LTI_AUDIENCE_INVALID');

  const nonce = String(claims.nonce).slice(0, 191);
  try {
    await LtiNonce.create({
      platformId: platform.id,
      nonce,
      expiresAt: new Date(((claims.exp as number) + CLOCK_SKEW_SECONDS) * 1000),
    });
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw ltiError('LTI_NONCE_REPLAYED');
    throw err;
  }
  if (nonce !== row.nonce) throw ltiError('LTI_NONCE_MISMATCH');
  // The state is spent with its nonce; a second post of the same form is a replay (above).
  const [spent] = await LtiLoginState.update({ usedAt: new Date() }, { where: { id: row.id, usedAt: null } });
  if (spent !== 1) throw ltiError('LTI_NONCE_REPLAYED');

  const deploymentId = claims[CLAIM.deploymentId];
  if (typeof deploymentId !== 'string' || !(await hasDeployment(platform.id, deploymentId)))
    throw ltiError('LTI_DEPLOYMENT_UNKNOWN');
  const messageType = claims[CLAIM.messageType];
  if (messageType !== MESSAGE.resourceLink && messageType !== MESSAGE.deepLinking)
    throw ltiError('LTI_MESSAGE_TYPE_UNSUPPORTED');
  if (claims[CLAIM.version] !== '1.3.0') throw ltiError('LTI_VERSION_UNSUPPORTED');
  if (typeof claims.sub !== 'string' || !claims.sub || claims.sub.length > 191) throw ltiError('LTI_CLAIMS_INVALID');
  const target = claims[CLAIM.targetLinkUri];
  return {
    platform,
    claims,
    messageType,
    deploymentId,
    targetLinkUri: typeof target === 'string' ? target : row.targetLinkUri,
  };
}

function joseRefusal(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return ltiError('LTI_KEY_UNKNOWN');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return ltiError('LTI_SIGNATURE_INVALID');
  if (err instanceof joseErrors.JWTExpired) return ltiError('LTI_TOKEN_EXPIRED');
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return ltiError('LTI_AUDIENCE_INVALID');
    if (err.claim === 'iss') return ltiError('LTI_ISSUER_INVALID');
    if (err.claim === 'iat' || err.claim === 'nbf') return ltiError('LTI_TOKEN_EXPIRED');
    return ltiError('LTI_CLAIMS_INVALID');
  }
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
    return ltiError('LTI_JWKS_UNREACHABLE', 502);
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return ltiError('LTI_SIGNATURE_INVALID');
  if (err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JWSInvalid)
    return ltiError('LTI_TOKEN_MALFORMED');
  // A JWKS that cannot be fetched at all (connection refused, HTTP error).
  return ltiError('LTI_JWKS_UNREACHABLE', 502);
}

/** Expired login states and nonces (the catch-up job calls this; a nonce is kept until its token expired). */
export async function purgeExpired(): Promise<void> {
  const now = new Date();
  await LtiLoginState.destroy({ where: { expiresAt: { [Op.lt]: new Date(now.getTime() - 3600_000) } } });
  await LtiNonce.destroy({ where: { expiresAt: { [Op.lt]: now } } });
}

/** A once-only value (the new-window hand-off): false when it was spent before. */
export async function spendOnce(platformId: number, value: string, ttlSeconds: number): Promise<boolean> {
  try {
    await LtiNonce.create({
      platformId,
      nonce: value.slice(0, 191),
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    });
    return true;
  } catch (err) {
    if (err instanceof UniqueConstraintError) return false;
    throw err;
  }
}
