/**
 * Cookies of an LTI launch when BASE_URL is https (TLS ends at a proxy; X-Forwarded-Proto says https):
 * the state cookie and the session begun by the launch are `SameSite=None; Secure` (a platform frames us
 * cross-site), an ordinary login stays Lax. The http case is in lti-framing.test.ts.
 */
import request from 'supertest';
import { startServer, type RunningServer } from '../e2e/helpers/browser';
import { LtiPlatformEmulator } from '../helpers/lti-platform';
import { importLtiTechnikModule } from '../helpers/lti-module';
import { addPlatform } from '../../src/lti';

let srv: RunningServer;
let platform: LtiPlatformEmulator;

beforeAll(async () => {
  srv = await startServer({ BASE_URL: 'https://lms.example', TRUST_PROXY: '1' });
  platform = await LtiPlatformEmulator.start();
  await addPlatform(srv.ctx.sequelize, platform.registration(), null);
  await importLtiTechnikModule(srv);
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  await srv?.stop();
});

const setCookies = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];

it('when BASE_URL is https, then the state cookie and the session begun by the launch are SameSite=None; Secure, while an ordinary login stays Lax', async () => {
  platform.launches.set('hint-https', { sub: 'sub-https', givenName: 'Hana', familyName: 'Https' });
  const login = await request(srv.app)
    .get('/lti/login')
    .set('X-Forwarded-Proto', 'https')
    .query({ iss: platform.issuer, login_hint: 'hint-https', target_link_uri: 'https://lms.example/lti/launch' })
    .expect(302);
  const stateCookie = setCookies(login).find((c) => c.startsWith('gezu.lti.'))!;
  expect(stateCookie).toMatch(/; Secure/i);
  expect(stateCookie).toMatch(/SameSite=None/i);
  const auth = new URL(login.headers.location);
  const state = auth.searchParams.get('state')!;
  const idToken = await platform.sign(
    platform.claimsFor(
      platform.launches.get('hint-https')!,
      auth.searchParams.get('nonce')!,
      'https://lms.example/lti/launch',
    ),
  );
  // A cookie jar keeps Secure cookies from plain http: the browser's cookie is sent by hand.
  const launch = await request(srv.app)
    .post('/lti/launch')
    .set('X-Forwarded-Proto', 'https')
    .set('Cookie', stateCookie.split(';')[0])
    .type('form')
    .send({ id_token: idToken, state })
    .expect(200);
  const session = setCookies(launch).find((c) => !c.startsWith('gezu.lti.'));
  expect(session).toMatch(/; Secure/i);
  expect(session).toMatch(/SameSite=None/i);
  const plain = await request(srv.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
  expect(setCookies(plain).length).toBeGreaterThan(0);
  for (const c of setCookies(plain)) {
    expect(c).toMatch(/; Secure/i);
    expect(c).not.toMatch(/SameSite=None/i);
  }
});
