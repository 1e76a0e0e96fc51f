/**
 * OIDC third-party initiated login (LTI 1.3 Core §5.1.1): the platform names itself (`iss`, maybe
 * `client_id`), we make a state and a nonce, remember them for 10 minutes and send the browser to the
 * platform's auth URL. The state also goes into a cookie, so only the browser that started the login
 * can finish it; when the platform names `lti_storage_target` (1EdTech LTI Client Side postMessages),
 * state and nonce are also put into the platform's storage, which stands in for a blocked cookie.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { LtiLoginState, LtiPlatform } from './lti-models';
import { platformOrigins } from './frame-origins';
import { findPlatform, hasDeployment } from './platforms';
import { ltiError, purgeExpired } from './launch-validation';

export const STATE_TTL_MS = 10 * 60_000;

const loginSchema = z.object({
  iss: z.string().min(1).max(191),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().url().max(500),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().min(1).max(191).optional(),
  lti_deployment_id: z.string().min(1).max(191).optional(),
  // LTI Client Side postMessages: the frame that keeps the platform's storage (`_parent` or a frame name).
  lti_storage_target: z
    .string()
    .min(1)
    .max(191)
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .optional(),
});

export interface LoginRedirect {
  url: string;
  state: string;
  nonce: string;
  /** Set when the platform offers its storage: state and nonce go there too (client-side postMessages). */
  storage: StorageLogin | null;
}

export interface StorageLogin {
  target: string;
  /** The platform's OIDC auth URL origin: postMessage goes to it, and answers must come from it. */
  origin: string;
  /** Origins that may frame these pages (the platform's). */
  frameOrigins: string[];
}

function storageOf(platform: { issuer: string; authUrl: string }, target: string | null): StorageLogin | null {
  if (!target) return null;
  return { target, origin: new URL(platform.authUrl).origin, frameOrigins: platformOrigins(platform) };
}

export async function initiateLogin(input: unknown, redirectUri: string): Promise<LoginRedirect> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) throw ltiError('LTI_LOGIN_INVALID');
  const v = parsed.data;
  const platform = await findPlatform(v.iss, v.client_id ?? null);
  if (!platform) throw ltiError('LTI_PLATFORM_UNKNOWN');
  if (v.lti_deployment_id && !(await hasDeployment(platform.id, v.lti_deployment_id)))
    throw ltiError('LTI_DEPLOYMENT_UNKNOWN');
  // Old states and nonces go now and then (indexed deletes; one in 50 logins is enough to keep the tables small).
  if (crypto.randomInt(50) === 0) await purgeExpired();
  const state = crypto.randomBytes(24).toString('base64url');
  const nonce = crypto.randomBytes(24).toString('base64url');
  await LtiLoginState.create({
    state,
    nonce,
    platformId: platform.id,
    targetLinkUri: v.target_link_uri,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
    storageTarget: v.lti_storage_target ?? null,
  });
  const url = new URL(platform.authUrl);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: redirectUri,
    login_hint: v.login_hint,
    state,
    nonce,
  };
  if (v.lti_message_hint !== undefined) params.lti_message_hint = v.lti_message_hint;
  for (const [k, val] of Object.entries(params)) url.searchParams.set(k, val);
  return { url: url.toString(), state, nonce, storage: storageOf(platform, v.lti_storage_target ?? null) };
}

/**
 * A launch whose state cookie did not come back: when its login named a storage target (and is fresh
 * and unspent), the launch page may check state and nonce in the platform's storage instead.
 */
export async function pendingStorageLogin(state: string): Promise<{ nonce: string; storage: StorageLogin } | null> {
  if (!state || state.length > 64) return null;
  const row = await LtiLoginState.findOne({ where: { state } });
  if (!row || !row.storageTarget || row.usedAt || row.expiresAt.getTime() < Date.now()) return null;
  const platform = await LtiPlatform.findByPk(row.platformId);
  if (!platform) return null;
  return { nonce: row.nonce, storage: storageOf(platform, row.storageTarget)! };
}
