import request from 'supertest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startServer, type RunningServer } from '../e2e/helpers/browser';
import { LtiPlatformEmulator, makeKey } from '../helpers/lti-platform';
import { importLtiTechnikModule } from '../helpers/lti-module';
import { makeUser, loginAs, csrfFrom } from '../helpers/users';
import { addPlatform } from '../../src/lti';
import { User } from '../../src/auth';
import { AuditEntry } from '../../src/shared/audit';
import { LtiGradeLink } from '../../src/lti/lti-models';
import { enqueue } from '../../src/outbox';
import { ATTEMPT_RESULT_CHANGED } from '../../src/player';

let srv: RunningServer;
let platform: LtiPlatformEmulator;
let packageId: number;
type Agent = ReturnType<typeof request.agent>;

beforeAll(async () => {
  srv = await startServer({ LTI_JWKS_COOLDOWN_SECONDS: '0', OUTBOX_RETRY_SECONDS: '1' });
  platform = await LtiPlatformEmulator.start();
  platform.toolJwksUrl = `${srv.baseUrl}/lti/jwks`;
  await addPlatform(srv.ctx.sequelize, platform.registration(), null);
  packageId = await importLtiTechnikModule(srv);
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  await srv?.stop();
});

let seq = 0;
const uniq = (p: string) => `${p}-${process.pid}-${++seq}-${Date.now()}`;

/** Starts the OIDC login like a platform does; returns the agent (with the state cookie), state and nonce. */
async function beginLogin(agent: Agent = request.agent(srv.app), hint = uniq('hint')) {
  const res = await agent
    .get('/lti/login')
    .query({
      iss: platform.issuer,
      login_hint: hint,
      target_link_uri: `${srv.baseUrl}/lti/launch`,
      lti_message_hint: 'msg-1',
      client_id: platform.clientId,
      lti_deployment_id: platform.deploymentId,
    })
    .expect(302);
  const location = new URL(res.headers.location);
  return { agent, location, state: location.searchParams.get('state')!, nonce: location.searchParams.get('nonce')! };
}

async function launch(agent: Agent, idToken: string, state: string, status: number) {
  return agent.post('/lti/launch').type('form').send({ id_token: idToken, state }).expect(status);
}

const codeOf = (html: string) => /data-code="([A-Z_]+)"/.exec(html)?.[1];

describe('LTI 1.3 login and launch', () => {
  it('when a platform starts the login, then the browser is sent to its auth URL with every OIDC parameter and a state cookie', async () => {
    const agent = request.agent(srv.app);
    const res = await agent
      .post('/lti/login')
      .type('form')
      .send({
        iss: platform.issuer,
        login_hint: 'u-1',
        target_link_uri: `${srv.baseUrl}/lti/launch`,
        lti_message_hint: 'mh',
      })
      .expect(302);
    const u = new URL(res.headers.location);
    expect(`${u.origin}${u.pathname}`).toBe(platform.authUrl);
    const q = Object.fromEntries(u.searchParams);
    expect(q).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${srv.baseUrl}/lti/launch`,
      login_hint: 'u-1',
      lti_message_hint: 'mh',
    });
    expect(q.state).toMatch(/^[\w-]{20,}$/);
    expect(q.nonce).toMatch(/^[\w-]{20,}$/);
    expect(String(res.headers['set-cookie'])).toContain(`gezu.lti.${q.state}=`);
  });

  it('when an unknown platform starts a login, then it is refused with LTI_PLATFORM_UNKNOWN (a German page, no 500)', async () => {
    const res = await request(srv.app)
      .get('/lti/login')
      .query({ iss: 'https://unbekannt.example', login_hint: 'x', target_link_uri: `${srv.baseUrl}/lti/launch` })
      .expect(400);
    expect(codeOf(res.text)).toBe('LTI_PLATFORM_UNKNOWN');
    expect(res.text).toContain('nicht registriert');
  });

  it('when a learner launches for the first time, then a Lotse account is created, linked, logged in, and the line item remembered', async () => {
    const sub = uniq('sub');
    const { agent, state, nonce } = await beginLogin();
    const token = await platform.sign(
      platform.claimsFor({ sub, email: `${sub}@schule.example`, givenName: 'Lea', familyName: 'Lernt' }, nonce, ''),
    );
    const res = await launch(agent, token, state, 200);
    expect(res.text).toContain(`/play/${packageId}`);
    const session = await agent.get('/lti/session').expect(200);
    const user = await User.findByPk(session.body.userId);
    expect(user).toMatchObject({ role: 'lotse', email: `${sub}@schule.example`, firstName: 'Lea', lastName: 'Lernt' });
    const link = await LtiGradeLink.findOne({ where: { userId: user!.id } });
    expect(link).toMatchObject({ packageId, lineitemUrl: platform.lineitemUrl(), sub });
    // The platform may frame the launch and the player of this session (and only of this session).
    expect(res.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${platform.url}`);
    const play = await agent.get(`/play/${packageId}`).expect(200);
    expect(play.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${platform.url}`);
    expect(play.headers['x-frame-options']).toBeUndefined();
    const plain = await (await loginAs(srv.app, await makeUser('lotse'))).get(`/play/${packageId}`).expect(200);
    expect(plain.headers['content-security-policy']).toContain("frame-ancestors 'self';");
    // A second launch of the same person finds the same account.
    const again = await beginLogin();
    await launch(again.agent, await platform.sign(platform.claimsFor({ sub }, again.nonce, '')), again.state, 200);
    expect((await again.agent.get('/lti/session')).body.userId).toBe(user!.id);
    expect(await AuditEntry.count({ where: { action: 'lti.launch', subjectUserId: user!.id } })).toBe(2);
  });

  it('when an Instructor launches, then the new account is a tutor (never an admin)', async () => {
    const sub = uniq('teacher');
    const { agent, state, nonce } = await beginLogin();
    const claims = platform.claimsFor(
      {
        sub,
        roles: [
          'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
          'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
        ],
      },
      nonce,
      '',
    );
    await launch(agent, await platform.sign(claims), state, 200);
    const user = await User.findByPk((await agent.get('/lti/session')).body.userId);
    expect(user!.role).toBe('tutor');
  });

  it('when the email of a launch belongs to an existing account, then it is linked only after that person logged in once', async () => {
    const existing = await makeUser('lotse');
    const sub = uniq('sub');
    const first = await beginLogin();
    const res = await launch(
      first.agent,
      await platform.sign(platform.claimsFor({ sub, email: existing.email }, first.nonce, '')),
      first.state,
      200,
    );
    expect((await first.agent.get('/lti/session')).body.userId).toBeNull();
    const linkUrl = decodeURIComponent(/href="\/login\?next(?:=|&#x3D;)([^"]+)"/.exec(res.text)![1]);
    // Someone else logged in cannot take the link.
    const other = await loginAs(srv.app, await makeUser('lotse'));
    expect(codeOf((await other.get(linkUrl).expect(403)).text)).toBeUndefined();
    const owner = await loginAs(srv.app, existing);
    await owner.get(linkUrl).expect(303);
    const next = await beginLogin();
    await launch(
      next.agent,
      await platform.sign(platform.claimsFor({ sub, email: existing.email }, next.nonce, '')),
      next.state,
      200,
    );
    expect((await next.agent.get('/lti/session')).body.userId).toBe(existing.id);
  });

  it('when the platform rotated its key, then the unknown kid makes us fetch its JWKS again and the launch succeeds', async () => {
    const { agent, state, nonce } = await beginLogin();
    const before = platform.jwksFetches;
    const old = platform.signingKey;
    await platform.rotate();
    try {
      await launch(agent, await platform.sign(platform.claimsFor({ sub: uniq('sub') }, nonce, '')), state, 200);
      expect(platform.jwksFetches).toBeGreaterThan(before);
    } finally {
      platform.signingKey = old;
    }
  });
});

describe('LTI 1.3 launch refusals', () => {
  const refused = async (
    code: string,
    make: (nonce: string) => Promise<string>,
    opts: { state?: (s: string) => string; status?: number } = {},
  ) => {
    const { agent, state, nonce } = await beginLogin();
    const res = await launch(agent, await make(nonce), opts.state ? opts.state(state) : state, opts.status ?? 400);
    expect(codeOf(res.text)).toBe(code);
    expect(res.text).toContain('Start aus der Lernplattform nicht möglich');
    expect((await agent.get('/lti/session')).body.userId).toBeNull();
  };
  const claims = (nonce: string, spec = {}) => platform.claimsFor({ sub: uniq('sub'), ...spec }, nonce, '');

  it('when the token names a kid the platform does not publish, then LTI_KEY_UNKNOWN', async () => {
    const stranger = await makeKey('not-published');
    await refused('LTI_KEY_UNKNOWN', async (n) => platform.sign(claims(n), { key: stranger }));
  });

  it('when the signature does not match the published key, then LTI_SIGNATURE_INVALID', async () => {
    const forger = await makeKey();
    await refused('LTI_SIGNATURE_INVALID', async (n) =>
      platform.sign(claims(n), { key: forger, kid: platform.signingKey.kid }),
    );
  });

  it('when the token has expired, then LTI_TOKEN_EXPIRED', async () => {
    await refused('LTI_TOKEN_EXPIRED', async (n) =>
      platform.sign(claims(n), { iatOffsetSeconds: -900, expSeconds: 300 }),
    );
  });

  it('when the token is issued for another tool, then LTI_AUDIENCE_INVALID', async () => {
    await refused('LTI_AUDIENCE_INVALID', async (n) => platform.sign({ ...claims(n), aud: 'another-client' }));
  });

  it('when the deployment is not registered, then LTI_DEPLOYMENT_UNKNOWN', async () => {
    await refused('LTI_DEPLOYMENT_UNKNOWN', async (n) => platform.sign(claims(n, { deploymentId: 'dep-unknown' })));
  });

  it('when the posted state is not the one this browser started, then LTI_STATE_MISMATCH', async () => {
    await refused('LTI_STATE_MISMATCH', async (n) => platform.sign(claims(n)), {
      state: () => 'a-state-of-someone-else',
    });
  });

  it('when the nonce is not the one of the login, then LTI_NONCE_MISMATCH', async () => {
    await refused('LTI_NONCE_MISMATCH', async () => platform.sign(claims('some-other-nonce')));
  });

  it('when the message type or version is wrong, then LTI_MESSAGE_TYPE_UNSUPPORTED / LTI_VERSION_UNSUPPORTED', async () => {
    await refused('LTI_MESSAGE_TYPE_UNSUPPORTED', async (n) =>
      platform.sign({
        ...claims(n),
        'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiSubmissionReviewRequest',
      }),
    );
    await refused('LTI_VERSION_UNSUPPORTED', async (n) =>
      platform.sign({ ...claims(n), 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' }),
    );
  });

  it('when the id_token is not a JWT, then LTI_TOKEN_MALFORMED', async () => {
    await refused('LTI_TOKEN_MALFORMED', async () => 'not.a.jwt');
  });

  it('when the same launch is posted again, then LTI_NONCE_REPLAYED', async () => {
    const { agent, state, nonce } = await beginLogin();
    const token = await platform.sign(claims(nonce));
    await launch(agent, token, state, 200);
    // The same form again: its state cookie is spent.
    expect(codeOf((await launch(agent, token, state, 400)).text)).toBe('LTI_STATE_MISMATCH');
    // The captured token with a fresh login of its own: the nonce was used.
    const fresh = await beginLogin();
    const res = await launch(fresh.agent, token, fresh.state, 400);
    expect(codeOf(res.text)).toBe('LTI_NONCE_REPLAYED');
    expect(res.text).toContain('bereits verwendet');
  });

  it('when the linked module does not exist, then LTI_TARGET_UNKNOWN (404)', async () => {
    await refused(
      'LTI_TARGET_UNKNOWN',
      async (n) => platform.sign(claims(n, { custom: { module: 'gibt-es-nicht' } })),
      { status: 404 },
    );
  });
});

describe('LTI keys, deep linking and grades', () => {
  it('when /lti/jwks is fetched after a key rotation, then both keys are published with kid and RS256', async () => {
    const before = (await request(srv.app).get('/lti/jwks').expect(200)).body.keys;
    expect(before[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(before[0].d).toBeUndefined();
    const kid = await srv.ctx.services.lti.keys.rotate();
    const after = (await request(srv.app).get('/lti/jwks').expect(200)).body.keys.map((k: { kid: string }) => k.kid);
    expect(after).toEqual(expect.arrayContaining([kid, before[0].kid]));
  });

  it('when an instructor picks a module on the deep-linking page, then a signed LtiDeepLinkingResponse with a line item goes back', async () => {
    const { agent, state, nonce } = await beginLogin();
    const dl = platform.claimsFor(
      {
        sub: uniq('teacher'),
        messageType: 'LtiDeepLinkingRequest',
        roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
      },
      nonce,
      '',
    );
    const page = await launch(agent, await platform.sign(dl), state, 200);
    expect(page.text).toContain('Inhalt für Ihre Lernplattform auswählen');
    const ctx = /name="ctx" value="([^"]+)"/.exec(page.text)![1];
    const back = await agent.post('/lti/deep-link').type('form').send({ ctx, choice: 'module:technik' }).expect(200);
    expect(back.text).toContain(`action="${platform.deepLinkReturnUrl}"`);
    const jwt = /name="JWT" value="([^"]+)"/.exec(back.text)![1];
    const { payload, protectedHeader } = await jwtVerify(jwt, createRemoteJWKSet(new URL(`${srv.baseUrl}/lti/jwks`)), {
      issuer: platform.clientId,
      audience: platform.issuer,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).toBe(platform.deploymentId);
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('opaque-dl-data');
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items']).toEqual([
      expect.objectContaining({
        type: 'ltiResourceLink',
        url: `${srv.baseUrl}/lti/launch`,
        custom: { module: 'technik' },
        lineItem: expect.objectContaining({ scoreMaximum: 100 }),
      }),
    ]);
    // A learner may not open the picker.
    const learner = await beginLogin();
    const res = await launch(
      learner.agent,
      await platform.sign(
        platform.claimsFor({ sub: uniq('s'), messageType: 'LtiDeepLinkingRequest' }, learner.nonce, ''),
      ),
      learner.state,
      403,
    );
    expect(codeOf(res.text)).toBe('LTI_DEEP_LINKING_NOT_INSTRUCTOR');
  });

  it('when a launched attempt changes its result while the platform is down, then the outbox keeps the score and delivers it once the platform is back', async () => {
    const sub = uniq('sub');
    const { agent, state, nonce } = await beginLogin();
    const lineitem = platform.lineitemUrl('li-down');
    await launch(agent, await platform.sign(platform.claimsFor({ sub, lineitem }, nonce, '')), state, 200);
    const userId = (await agent.get('/lti/session')).body.userId as number;
    const result = { userId, packageId, attemptId: 0, completion: 'completed', success: 'passed', scoreScaled: 0.8 };
    platform.down = true;
    try {
      await srv.ctx.sequelize.transaction((t) => enqueue(t, ATTEMPT_RESULT_CHANGED, { ...result, at: Date.now() }));
      await srv.ctx.services.outbox.drain();
      expect(platform.scores.filter((s) => s.body.userId === sub)).toHaveLength(0);
    } finally {
      platform.down = false;
    }
    // OUTBOX_RETRY_SECONDS=1: the retry is due within a second.
    for (let i = 0; i < 30 && !platform.scores.some((s) => s.body.userId === sub); i++) {
      await new Promise((r) => setTimeout(r, 200));
      await srv.ctx.services.outbox.drain();
    }
    const posted = platform.scores.filter((s) => s.body.userId === sub);
    expect(posted).toHaveLength(1);
    expect(posted[0].lineitem).toBe(lineitem);
    expect(posted[0].body).toMatchObject({
      scoreGiven: 80,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(typeof posted[0].body.timestamp).toBe('string');
    expect(platform.tokenRequests.at(-1)!.scope).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    expect(await AuditEntry.count({ where: { action: 'lti.grade.posted', subjectUserId: userId } })).toBe(1);
    // An older result retried late is not posted over the newer one.
    await srv.ctx.sequelize.transaction((t) =>
      enqueue(t, ATTEMPT_RESULT_CHANGED, { ...result, scoreScaled: 0.1, at: Date.now() - 3600_000 }),
    );
    await srv.ctx.services.outbox.drain();
    expect(platform.scores.filter((s) => s.body.userId === sub)).toHaveLength(1);
  });
});

describe('LTI admin page', () => {
  it('when an admin registers and removes a platform on /admin/lti, then it is listed, then gone, and both are audited', async () => {
    const admin = await loginAs(srv.app, await makeUser('admin'));
    const page = await admin.get('/admin/lti').expect(200);
    expect(page.text).toContain('LTI-Plattformen');
    expect(page.text).toContain(`${srv.baseUrl}/lti/jwks`);
    const issuer = `https://moodle-${uniq('x')}.example`;
    await admin
      .post('/admin/lti')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        issuer,
        clientId: 'c-1',
        deploymentIds: 'd1 d2',
        authUrl: `${issuer}/mod/lti/auth.php`,
        tokenUrl: `${issuer}/mod/lti/token.php`,
        jwksUrl: `${issuer}/mod/lti/certs.php`,
      })
      .expect(303);
    const list = await admin.get('/admin/lti').expect(200);
    expect(list.text).toContain(issuer);
    const id = new RegExp(
      `action="/admin/lti/(\\d+)/delete">(?:(?!</form>)[^])*?: ${issuer.replace(/[.]/g, '\\.')}"`,
    ).exec(list.text)?.[1];
    expect(id).toBeDefined();
    await admin
      .post(`/admin/lti/${id}/delete`)
      .type('form')
      .send({ _csrf: csrfFrom(list.text) })
      .expect(303);
    expect((await admin.get('/admin/lti')).text).not.toContain(issuer);
    expect(await AuditEntry.count({ where: { action: 'lti.platform.added', subjectId: id } })).toBe(1);
    expect(await AuditEntry.count({ where: { action: 'lti.platform.removed', subjectId: id } })).toBe(1);
    // Invalid input: a German form error, nothing stored.
    const bad = await admin
      .post('/admin/lti')
      .type('form')
      .send({
        _csrf: csrfFrom(list.text),
        issuer: '',
        clientId: '',
        deploymentIds: '',
        authUrl: 'ftp://x',
        tokenUrl: '',
        jwksUrl: '',
      })
      .expect(422);
    expect(bad.text).toContain('Bitte den Issuer der Plattform angeben.');
    // A Lotse may not see the page.
    const lotse = await loginAs(srv.app, await makeUser('lotse'));
    await lotse.get('/admin/lti').expect(403);
  });
});
