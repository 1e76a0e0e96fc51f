/**
 * Deep Linking 2.0: an instructor's LtiDeepLinkingRequest shows a page to pick a Q1 module or a
 * package; the choice goes back as a signed LtiDeepLinkingResponse (iss = our client id, aud = the
 * platform) with one ltiResourceLink that carries the custom parameter and a line item (max 100).
 */
import crypto from 'node:crypto';
import type { ToolKeys } from './tool-keys';
import { CLAIM, MESSAGE } from './claims';

export interface DeepLinkContext {
  platformId: number;
  issuer: string;
  clientId: string;
  deploymentId: string;
  returnUrl: string;
  data: string | null;
}

export interface DeepLinkChoice {
  title: string;
  custom: Record<string, string>;
}

export function readDeepLinkSettings(
  claims: Record<string, unknown>,
): { returnUrl: string; data: string | null } | null {
  const s = claims[CLAIM.dlSettings] as Record<string, unknown> | undefined;
  if (!s || typeof s.deep_link_return_url !== 'string') return null;
  try {
    new URL(s.deep_link_return_url);
  } catch {
    return null;
  }
  return { returnUrl: s.deep_link_return_url, data: typeof s.data === 'string' ? s.data : null };
}

export async function deepLinkingResponse(
  keys: ToolKeys,
  ctx: DeepLinkContext,
  choice: DeepLinkChoice,
  launchUrl: string,
): Promise<string> {
  return keys.sign({
    iss: ctx.clientId,
    aud: ctx.issuer,
    nonce: crypto.randomBytes(16).toString('base64url'),
    [CLAIM.messageType]: MESSAGE.deepLinkingResponse,
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: ctx.deploymentId,
    [CLAIM.dlContentItems]: [
      {
        type: 'ltiResourceLink',
        title: choice.title,
        url: launchUrl,
        custom: choice.custom,
        lineItem: { scoreMaximum: 100, label: choice.title, resourceId: Object.values(choice.custom)[0] },
      },
    ],
    ...(ctx.data !== null ? { [CLAIM.dlData]: ctx.data } : {}),
  });
}
