/**
 * LTI inside the platform's iframe (issue #16): frame-ancestors of the app and of the content origin
 * name the registered platforms (never `*`), cookies are SameSite=None; Secure only under https, the
 * platform storage (LTI Client Side postMessages) stands in for a blocked state cookie, and the
 * "In neuem Fenster öffnen" hand-off is once-only, short-lived and for the same browser.
 */
import crypto from 'node:crypto';
import request from 'supertest';
import { startServer, type RunningServer } from '../e2e/helpers/browser';
import { LtiPlatformEmulator } from '../helpers/lti-platform';
import { importLtiTechnikModule } from '../helpers/lti-module';
import { addPlatform } from '../../src/lti';

let srv: RunningServer;
let platform: LtiPlatformEmulator;
let packageId: number;
type Agent = ReturnType<typeof request.agent>;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156 framing-test';

async function register(s: RunningServer) {
  await addPlatform(s.ctx.sequelize, platform.registration(), null);
}

beforeAll(async () => {
  srv = await startServer();
  platform = await LtiPlatformEmulator.start();
  platform.toolJwksUrl = `${srv.baseUrl}/lti/jwks`;
  await register(srv);
  packageId = await importLtiTechnikModule(srv);
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  await srv?.stop();
});

let seq = 0;
const uniq = (p: string) => `${p}-${process.pid}-${++seq}-${Date.now()}`;

/** Login (maybe with a storage target) and the platform's id_token for it. */
async function loginAndToken(agent: Agent, extra: Record<string, string> = {}) {
  const hint = uniq('hint');
  const sub = uniq('sub');
  platform.launches.set(hint, { sub, givenName: 'Fia', familyName: 'Frame' });
  const res = await agent
    .get('/lti/login')
    .set('User-Agent', UA)
    .query({
      iss: platform.issuer,
      login_hint: hint,
      target_link_uri: 'https://tool.example/lti/launch',
      client_id: platform.clientId,
      ...extra,
    });
  let auth: URL;
  if (res.status === 302) auth = new URL(res.headers.location);
  else {
    expect(res.status).toBe(200);
    auth = new URL(unescape(/data-next="([^"]+)"/.exec(res.text)![1]));
  }
  const state = auth.searchParams.get('state')!;
  const nonce = auth.searchParams.get('nonce')!;
  const idToken = await platform.sign(
    platform.claimsFor(platform.launches.get(hint)!, nonce, `${srv.baseUrl}/lti/launch`),
  );
  return { res, state, nonce, idToken, sub };
}

/** Handlebars' attribute escaping undone. */
const unescape = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const cspOf = (res: request.Response) => String(res.headers['content-security-policy']);
const ancestorsOf = (res: request.Response) => /frame-ancestors ([^;]+)/.exec(cspOf(res))?.[1] ?? '';

describe('LTI in the platform iframe: headers and cookies', () => {
  it('when a launch succeeds, then the launch page and the player may be framed by the platform only (no X-Frame-Options, never *), and other pages stay unframable', async () => {
    const agent = request.agent(srv.app);
    const { state, idToken } = await loginAndToken(agent);
    const res = await agent.post('/lti/launch').type('form').send({ id_token: idToken, state }).expect(200);
    expect(ancestorsOf(res)).toBe(`'self' ${platform.url}`);
    expect(res.headers['x-frame-options']).toBeUndefined();
    const play = await agent.get(`/play/${packageId}`).expect(200);
    expect(ancestorsOf(play)).toBe(`'self' ${platform.url}`);
    expect(cspOf(play)).not.toMatch(/frame-ancestors[^;]*\*/);
    // A session not begun by a launch is not framable by anyone else.
    const other = await request(srv.app).get('/login').expect(200);
    expect(ancestorsOf(other)).toBe("'self'");
    expect(other.headers['x-frame-options']).toBeDefined();
  });

  it('when content is served, then the content origin names the app and the registered platforms in frame-ancestors (the SCO may be shown below the player below the platform)', async () => {
    const agent = request.agent(srv.app);
    const { state, idToken } = await loginAndToken(agent);
    await agent.post('/lti/launch').type('form').send({ id_token: idToken, state }).expect(200);
    const play = await agent.get(`/play/${packageId}`).expect(200);
    const base = /https?:\/\/127\.0\.0\.1:\d+\/c\/[^/"]+\//.exec(play.text)?.[0];
    expect(base).toBeDefined();
    const file = await request(srv.contentApp)
      .get(`${new URL(base!).pathname}shared/launchpage.html`)
      .expect(200);
    const ancestors = ancestorsOf(file).split(' ');
    expect(ancestors).toEqual(["'self'", srv.ctx.services.packages.content.appOrigin, platform.url]);
    const launcher = await request(srv.contentApp).get('/launcher').expect(200);
    expect(ancestorsOf(launcher).split(' ')).toEqual([srv.ctx.services.packages.content.appOrigin, platform.url]);
  });

  it('when BASE_URL is http, then the state and session cookies stay SameSite=Lax without Secure', async () => {
    const agent = request.agent(srv.app);
    const { res, state, idToken } = await loginAndToken(agent);
    const stateCookie = String(res.headers['set-cookie']);
    expect(stateCookie).toMatch(/SameSite=Lax/i);
    expect(stateCookie).not.toMatch(/Secure/i);
    const launch = await agent.post('/lti/launch').type('form').send({ id_token: idToken, state }).expect(200);
    const session = (launch.headers['set-cookie'] as unknown as string[]).find((c) => !c.startsWith('gezu.lti.'));
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
  });
});

describe('LTI platform storage (client-side postMessages) instead of the state cookie', () => {
  it('when the login names lti_storage_target, then a page framable by the platform puts state and nonce into its storage before going to the auth URL', async () => {
    const agent = request.agent(srv.app);
    const { res, state, nonce } = await loginAndToken(agent, { lti_storage_target: '_parent' });
    expect(res.text).toContain('data-mode="put"');
    expect(res.text).toContain('data-target="_parent"');
    expect(res.text).toContain(`data-origin="${platform.url}"`);
    expect(res.text).toContain(`data-state="${state}"`);
    expect(res.text).toContain(`data-nonce="${nonce}"`);
    expect(ancestorsOf(res)).toBe(`'self' ${platform.url}`);
  });

  it('when the state cookie did not come back, then the launch page asks the storage, and the checked re-post (same origin, header) leads once to the launch page', async () => {
    const first = request.agent(srv.app);
    const { state, idToken } = await loginAndToken(first, { lti_storage_target: '_parent' });
    const fresh = request.agent(srv.app); // the frame without cookies
    const check = await fresh.post('/lti/launch').type('form').send({ id_token: idToken, state }).expect(200);
    expect(check.text).toContain('data-mode="get"');
    expect(ancestorsOf(check)).toBe(`'self' ${platform.url}`);
    // A cross-site form cannot send the header; a fetch from elsewhere has another Origin.
    const foreign = await fresh
      .post('/lti/launch')
      .set('X-LTI-Storage', 'checked')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ id_token: idToken, state })
      .expect(400);
    expect(foreign.body.code).toBe('LTI_STATE_MISMATCH');
    const ok = await fresh
      .post('/lti/launch')
      .set('X-LTI-Storage', 'checked')
      .set('Origin', new URL(srv.baseUrl).origin)
      .set('User-Agent', UA)
      .type('form')
      .send({ id_token: idToken, state })
      .expect(200);
    expect(ok.body.next).toMatch(/^\/lti\/resume\?t=/);
    const page = await fresh.get(ok.body.next).set('User-Agent', UA).expect(200);
    expect(page.text).toContain('In neuem Fenster öffnen');
    expect(ancestorsOf(page)).toBe(`'self' ${platform.url}`);
    await fresh.get(ok.body.next).expect(400);
    // The id_token was spent: posting it again is a replay.
    const again = await fresh
      .post('/lti/launch')
      .set('X-LTI-Storage', 'checked')
      .set('Origin', new URL(srv.baseUrl).origin)
      .type('form')
      .send({ id_token: idToken, state })
      .expect(400);
    expect(again.body.code).toBe('LTI_NONCE_REPLAYED');
  });

  it('when a login did not name a storage target, then neither a missing cookie nor the storage header lets its launch through', async () => {
    const { state, idToken } = await loginAndToken(request.agent(srv.app));
    const fresh = request.agent(srv.app);
    const page = await fresh.post('/lti/launch').type('form').send({ id_token: idToken, state }).expect(400);
    expect(page.text).toContain('data-code="LTI_STATE_MISMATCH"');
    const res = await fresh
      .post('/lti/launch')
      .set('X-LTI-Storage', 'checked')
      .set('Origin', new URL(srv.baseUrl).origin)
      .type('form')
      .send({ id_token: idToken, state })
      .expect(400);
    expect(res.body.code).toBe('LTI_STATE_MISMATCH');
  });
});

describe('"In neuem Fenster öffnen": the once-only hand-off', () => {
  async function launchPage() {
    const agent = request.agent(srv.app);
    const { state, idToken } = await loginAndToken(agent);
    const res = await agent
      .post('/lti/launch')
      .set('User-Agent', UA)
      .type('form')
      .send({ id_token: idToken, state })
      .expect(200);
    return unescape(/id="lti-new-window" href="([^"]+)"/.exec(res.text)![1]);
  }

  it('when the link is opened in a new window of the same browser, then that window is logged in and sent to the player; a second use is refused', async () => {
    const link = await launchPage();
    const win = request.agent(srv.app);
    const res = await win.get(link).set('User-Agent', UA).expect(303);
    expect(res.headers.location).toBe(`/play/${packageId}`);
    await win.get(`/play/${packageId}`).set('User-Agent', UA).expect(200);
    const replay = await request(srv.app).get(link).set('User-Agent', UA).expect(400);
    expect(replay.text).toContain('data-code="LTI_HANDOFF_INVALID"');
  });

  it('when the link is opened in another browser, then it is refused', async () => {
    const link = await launchPage();
    const res = await request(srv.app).get(link).set('User-Agent', 'Mozilla/5.0 Firefox/140 other').expect(400);
    expect(res.text).toContain('data-code="LTI_HANDOFF_INVALID"');
    // …and it stays usable for the browser it was made for (the refusal did not spend it).
    await request(srv.app).get(link).set('User-Agent', UA).expect(303);
  });

  it('when the link has expired or was tampered with, then it is refused', async () => {
    const signer = srv.ctx.services.lti.handoffSigner;
    const b = crypto.createHash('sha256').update(UA).digest('base64url').slice(0, 16);
    const value = { userId: 1, path: `/play/${packageId}`, platformId: 1, n: crypto.randomUUID(), b };
    const expired = signer.sign(value, -1);
    const res = await request(srv.app)
      .get(`/lti/continue?t=${encodeURIComponent(expired)}`)
      .set('User-Agent', UA)
      .expect(400);
    expect(res.text).toContain('data-code="LTI_HANDOFF_INVALID"');
    const good = signer.sign(value, 60);
    const tampered = `${good.slice(0, -2)}${good.endsWith('A') ? 'B' : 'A'}A`;
    await request(srv.app)
      .get(`/lti/continue?t=${encodeURIComponent(tampered)}`)
      .set('User-Agent', UA)
      .expect(400);
  });
});
