/**
 * LTI Dynamic Registration 1.0 against the platform emulator (a real HTTP server with an OpenID
 * configuration and a registration endpoint): an admin confirms, our client registration arrives with the
 * registration token, the platform is stored like `lti:platform:add` and audited, and the last page tells
 * the platform to close it. Refusals: issuer not on the configuration's origin, registration endpoint
 * failing, not an admin.
 */
import request from 'supertest';
import { startServer, type RunningServer } from '../e2e/helpers/browser';
import { LtiPlatformEmulator } from '../helpers/lti-platform';
import { makeUser, loginAs, csrfFrom } from '../helpers/users';
import { LtiDeployment, LtiPlatform } from '../../src/lti/lti-models';
import { AuditEntry } from '../../src/shared/audit';

let srv: RunningServer;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  srv = await startServer();
  admin = await makeUser('admin');
}, 60_000);
afterAll(async () => {
  await srv?.stop();
});

async function withPlatform(fn: (p: LtiPlatformEmulator) => Promise<void>) {
  const p = await LtiPlatformEmulator.start();
  try {
    await fn(p);
  } finally {
    await p.stop();
  }
}

/** The admin opens the link the platform gives and confirms; returns the final answer. */
async function register(agent: ReturnType<typeof request.agent>, p: LtiPlatformEmulator) {
  const page = await agent
    .get('/lti/register')
    .query({
      openid_configuration: `${p.url}/.well-known/openid-configuration`,
      registration_token: p.registrationToken,
    })
    .expect(200);
  expect(page.text).toContain('Registrierung abschließen');
  // Opened in a window by the platform: keeps its opener (for the close message), never framable.
  expect(page.headers['cross-origin-opener-policy']).toBe('unsafe-none');
  expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
  return agent
    .post('/lti/register')
    .type('form')
    .send({
      _csrf: csrfFrom(page.text),
      openid_configuration: `${p.url}/.well-known/openid-configuration`,
      registration_token: p.registrationToken,
    });
}

describe('LTI Dynamic Registration', () => {
  it('when an admin confirms a platform’s registration, then our client registration arrives, the platform is stored and audited, and the page closes itself', async () => {
    await withPlatform(async (p) => {
      const agent = await loginAs(srv.app, admin);
      const res = await register(agent, p);
      expect(res.status).toBe(200);
      expect(res.text).toContain('/static/js/lti/registered.js');
      expect(res.text).toContain(`data-client-id="${p.clientId}"`);
      expect(p.registrations).toHaveLength(1);
      const { body, authorization } = p.registrations[0];
      expect(authorization).toBe(`Bearer ${p.registrationToken}`);
      expect(body).toMatchObject({
        application_type: 'web',
        response_types: ['id_token'],
        grant_types: ['implicit', 'client_credentials'],
        initiate_login_uri: `${srv.baseUrl}/lti/login`,
        redirect_uris: [`${srv.baseUrl}/lti/launch`],
        jwks_uri: `${srv.baseUrl}/lti/jwks`,
        token_endpoint_auth_method: 'private_key_jwt',
      });
      expect(String(body.scope).split(' ')).toEqual(
        expect.arrayContaining([
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
        ]),
      );
      const tool = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown>;
      expect(tool.domain).toBe(new URL(srv.baseUrl).host);
      expect(tool.target_link_uri).toBe(`${srv.baseUrl}/lti/launch`);
      expect((tool.messages as { type: string }[]).map((m) => m.type)).toEqual([
        'LtiResourceLinkRequest',
        'LtiDeepLinkingRequest',
      ]);
      const stored = await LtiPlatform.findOne({ where: { issuer: p.issuer } });
      expect(stored).toMatchObject({
        clientId: p.clientId,
        authUrl: p.authUrl,
        tokenUrl: p.tokenUrl,
        jwksUrl: p.jwksUrl,
      });
      const deployments = await LtiDeployment.findAll({ where: { platformId: stored!.id } });
      expect(deployments.map((d) => d.deploymentId)).toEqual([p.deploymentId]);
      const audit = await AuditEntry.findAll({ where: { subjectType: 'lti_platform', subjectId: stored!.id } });
      expect(audit.map((a) => a.action).sort()).toEqual(['lti.platform.added', 'lti.platform.registered']);
      expect(audit.every((a) => a.actorId === admin.id)).toBe(true);
      // The platform can launch at once (it is registered like any other).
      const login = await request(srv.app)
        .get('/lti/login')
        .query({ iss: p.issuer, login_hint: 'x', target_link_uri: `${srv.baseUrl}/lti/launch` })
        .expect(302);
      expect(login.headers.location.startsWith(p.authUrl)).toBe(true);
      // A second registration of the same platform and client is refused (nothing doubled).
      const again = await register(agent, p);
      expect(again.status).toBe(409);
      expect(await LtiPlatform.count({ where: { issuer: p.issuer } })).toBe(1);
    });
  });

  it('when the configuration’s issuer is not on the configuration URL’s origin, then nothing is registered (LTI_REGISTRATION_ISSUER_MISMATCH)', async () => {
    await withPlatform(async (p) => {
      p.configIssuer = 'https://andere-plattform.example';
      const res = await register(await loginAs(srv.app, admin), p);
      expect(res.status).toBe(400);
      expect(res.text).toContain('data-code="LTI_REGISTRATION_ISSUER_MISMATCH"');
      expect(p.registrations).toHaveLength(0);
      expect(await LtiPlatform.count({ where: { issuer: p.configIssuer } })).toBe(0);
    });
  });

  it('when the registration endpoint fails or refuses the token, then nothing is stored (LTI_REGISTRATION_FAILED)', async () => {
    await withPlatform(async (p) => {
      p.registrationFails = true;
      const agent = await loginAs(srv.app, admin);
      const res = await register(agent, p);
      expect(res.status).toBe(502);
      expect(res.text).toContain('data-code="LTI_REGISTRATION_FAILED"');
      p.registrationFails = false;
      p.registrationToken = 'another-token-than-given';
      const page = await agent
        .get('/lti/register')
        .query({ openid_configuration: `${p.url}/.well-known/openid-configuration` });
      const noToken = await agent
        .post('/lti/register')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), openid_configuration: `${p.url}/.well-known/openid-configuration` });
      expect(noToken.status).toBe(502);
      expect(await LtiPlatform.count({ where: { issuer: p.issuer } })).toBe(0);
    });
  });

  it('when the configuration cannot be read, then it is refused with LTI_REGISTRATION_CONFIG_INVALID', async () => {
    const agent = await loginAs(srv.app, admin);
    await agent.get('/lti/register').query({ openid_configuration: 'javascript:alert(1)' }).expect(400);
    const page = await agent.get('/lti/register').query({ openid_configuration: 'http://127.0.0.1:1/config' });
    const res = await agent
      .post('/lti/register')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), openid_configuration: 'http://127.0.0.1:1/config' });
    expect(res.status).toBe(502);
    expect(res.text).toContain('data-code="LTI_REGISTRATION_CONFIG_INVALID"');
  });

  it('when someone who is not an admin opens or posts the registration, then it is refused and the platform is not contacted', async () => {
    await withPlatform(async (p) => {
      const tutor = await loginAs(srv.app, await makeUser('tutor'));
      await tutor
        .get('/lti/register')
        .query({ openid_configuration: `${p.url}/.well-known/openid-configuration` })
        .expect(403);
      const page = await tutor.get('/account').expect(200);
      await tutor
        .post('/lti/register')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), openid_configuration: `${p.url}/.well-known/openid-configuration` })
        .expect(403);
      const anon = await request(srv.app)
        .get('/lti/register')
        .query({ openid_configuration: `${p.url}/.well-known/openid-configuration` });
      expect([302, 303]).toContain(anon.status);
      expect(anon.headers.location).toMatch(/^\/login/);
      expect(p.registrations).toHaveLength(0);
    });
  });
});
