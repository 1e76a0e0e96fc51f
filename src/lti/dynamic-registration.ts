/**
 * LTI Dynamic Registration 1.0 (1EdTech), tool side: the platform opens
 * `/lti/register?openid_configuration=<url>&registration_token=<token>` for an admin here; we read the
 * platform's OpenID configuration (its `issuer` must be on the configuration URL's origin), send our client
 * registration to its `registration_endpoint`, and register the platform (issuer, client_id, deployment_id
 * from the answer, auth/token/JWKS URLs) through `addPlatform`, like the admin page and `lti:platform:add`.
 */
import type { Sequelize } from 'sequelize';
import { addPlatform, type PlatformView } from './platforms';
import { ltiError } from './launch-validation';
import { MESSAGE, SCOPE } from './claims';
import { writeAudit } from '../shared/audit';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
const TIMEOUT_MS = 10_000;

export interface OpenIdConfiguration {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  registration_endpoint: string;
  [PLATFORM_CONFIG]?: { product_family_code?: string };
}

const isHttpUrl = (v: unknown): v is string => {
  if (typeof v !== 'string' || v.length > 500) return false;
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** Our client registration (Dynamic Registration §3.1, LTI tool configuration §3.2). */
export function clientRegistration(baseUrl: string): Record<string, unknown> {
  const base = baseUrl.replace(/\/$/, '');
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${base}/lti/login`,
    redirect_uris: [`${base}/lti/launch`],
    client_name: 'GeZu-Lernplattform',
    jwks_uri: `${base}/lti/jwks`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: [SCOPE.lineitem, SCOPE.score, SCOPE.resultRead, SCOPE.nrps].join(' '),
    [TOOL_CONFIG]: {
      domain: new URL(base).host,
      target_link_uri: `${base}/lti/launch`,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        { type: MESSAGE.resourceLink, target_link_uri: `${base}/lti/launch` },
        { type: MESSAGE.deepLinking, target_link_uri: `${base}/lti/launch`, label: 'GeZu-Modul wählen' },
      ],
    },
  };
}

async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  try {
    const res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: res.status, body };
  } catch {
    return { status: 0, body: null };
  }
}

/** The platform's configuration, checked: its issuer lives on the origin we fetched it from. */
export async function fetchConfiguration(configUrl: string): Promise<OpenIdConfiguration> {
  if (!isHttpUrl(configUrl)) throw ltiError('LTI_REGISTRATION_CONFIG_INVALID');
  const { status, body } = await getJson(configUrl, { headers: { Accept: 'application/json' } });
  if (status !== 200 || !body || typeof body !== 'object') throw ltiError('LTI_REGISTRATION_CONFIG_INVALID', 502);
  const c = body as Record<string, unknown>;
  for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'registration_endpoint'])
    if (!isHttpUrl(c[key])) throw ltiError('LTI_REGISTRATION_CONFIG_INVALID', 502);
  if (new URL(c.issuer as string).origin !== new URL(configUrl).origin)
    throw ltiError('LTI_REGISTRATION_ISSUER_MISMATCH');
  return c as unknown as OpenIdConfiguration;
}

export async function registerWithPlatform(
  sequelize: Sequelize,
  opts: { baseUrl: string; configUrl: string; registrationToken?: string; actorId: number },
): Promise<PlatformView> {
  const config = await fetchConfiguration(opts.configUrl);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (opts.registrationToken) headers.Authorization = `Bearer ${opts.registrationToken}`;
  const { status, body } = await getJson(config.registration_endpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify(clientRegistration(opts.baseUrl)),
  });
  const answer = (body ?? {}) as Record<string, unknown>;
  const toolConfig = (answer[TOOL_CONFIG] ?? {}) as Record<string, unknown>;
  if (status < 200 || status > 299 || typeof answer.client_id !== 'string' || !answer.client_id)
    throw ltiError('LTI_REGISTRATION_FAILED', 502);
  if (typeof toolConfig.deployment_id !== 'string' || !toolConfig.deployment_id)
    throw ltiError('LTI_REGISTRATION_FAILED', 502);
  const product = config[PLATFORM_CONFIG]?.product_family_code;
  const platform = await addPlatform(
    sequelize,
    {
      issuer: config.issuer,
      clientId: answer.client_id,
      name: typeof product === 'string' ? product.slice(0, 100) : undefined,
      deploymentIds: [toolConfig.deployment_id],
      authUrl: config.authorization_endpoint,
      tokenUrl: config.token_endpoint,
      jwksUrl: config.jwks_uri,
    },
    opts.actorId,
  );
  await writeAudit({
    actorId: opts.actorId,
    action: 'lti.platform.registered',
    subjectType: 'lti_platform',
    subjectId: platform.id,
    after: {
      configUrl: opts.configUrl,
      registrationEndpoint: config.registration_endpoint,
      clientId: platform.clientId,
    },
  });
  return platform;
}
