import request from 'supertest';
import { QueryTypes } from 'sequelize';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, csrfFrom, submitForm, tokenFor, PASSWORD } from '../helpers/users';
import { createLogger } from '../../src/shared/logger';
import { User } from '../../src/auth/user-model';
import { createUser, createInvitation } from '../../src/auth';
import { AuditEntry } from '../../src/shared/audit';
import { ValidationError } from '../../src/shared/errors';
import type { Mail } from '../../src/shared/mailer';

/** Security findings of issue 13 (medium and low, accounts and sessions), over HTTP on a real database. */
let t: TestApp;
const mails: Mail[] = [];
const logLines: string[] = [];
let ipCounter = 0;
/** Each test speaks from its own client IP, so the per-IP limits of one test do not touch another. */
const newIp = () => `192.0.2.${++ipCounter}`;

let adminUser: Awaited<ReturnType<typeof makeUser>>;
let adminAgent: Awaited<ReturnType<typeof loginAs>>;
let tutorAgent: Awaited<ReturnType<typeof loginAs>>;
beforeAll(async () => {
  const logger = createLogger('info', false, false, {
    write: (line: string) => {
      logLines.push(line);
    },
  });
  t = await createTestApp(
    { TRUST_PROXY: '1', LOGIN_MAX_PER_IP: '8', ACCOUNT_MAILS_PER_IP: '5', ACCOUNT_MAILS_PER_ADDRESS: '3' },
    { logger },
  );
  t.ctx.mailer.send = async (mail) => {
    mails.push(mail);
  };
  // Logged in once for the file: every bcrypt hash and check costs about a second on a busy machine.
  adminUser = await makeUser('admin');
  adminAgent = await loginAs(t.app, adminUser);
  tutorAgent = await loginAs(t.app, await makeUser('tutor'));
}, 60_000);
afterAll(() => t.close());

const lastLink = (to: string, path: RegExp) => path.exec(mails.filter((m) => m.to === to).pop()?.text ?? '')![0];
const sessionRows = async () =>
  Number(
    (await t.ctx.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM sessions', { type: QueryTypes.SELECT }))[0]
      .n,
  );
const cookieValues = (res: request.Response) =>
  ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0].split('=').slice(1).join('='))
    .filter((v) => v.length > 8);

describe('logs', () => {
  it('when a real request cycle runs, then no cookie, session id or link token appears in the log', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    const page = await agent.get('/login').expect(200);
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: PASSWORD })
      .expect(303);
    await agent.get('/').expect(200);
    // The SCORM runtime's token routes are mounted before the request log (issue 14), so their token must
    // not surface in an error line either; a page request with a token in its query is logged, redacted.
    await agent.post('/api/v1/attempts/999/keepalive?token=geheimes-attempt-token-123&x=1');
    await agent.get('/?token=geheimes-query-token-456&x=1').expect(200);
    const forgot = request.agent(t.app);
    await submitForm(forgot, '/password/forgot', '/password/forgot', { email: user.email }, 303);
    await t.ctx.services.outbox.drain();
    const resetLink = lastLink(user.email, /\/password\/reset\/[\w-]+/);
    await forgot.get(resetLink).expect(200);
    const { token: inviteToken } = await createInvitation(
      {
        email: `eingeladen-${Date.now()}@example.org`,
        firstName: 'Ina',
        lastName: 'Eingeladen',
        role: 'lotse',
        region: 'saarland',
      },
      user.id,
    );
    await request(t.app).get(`/invitation/${inviteToken}`).expect(200);

    const secrets = [
      ...cookieValues(page),
      ...cookieValues(login),
      resetLink.split('/').pop()!,
      inviteToken,
      'geheimes-attempt-token-123',
      'geheimes-query-token-456',
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const log = logLines.join('');
    // The requests were logged (so the absence below means something) …
    expect(log).toContain('/password/reset/[redacted]');
    expect(log).toContain('/invitation/[redacted]');
    expect(log).toContain('token=[redacted]&x=1');
    expect(log).toContain('"token":"[redacted]"');
    expect(log).toMatch(/"set-cookie":"\[redacted\]"/);
    // … and none of the secrets is in it.
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/gezu\.sid=/);
  }, 60_000); // a whole cycle with two bcrypt logins, on a shared machine
});

describe('sessions', () => {
  it('when anonymous visitors open the public pages, then no session row is written, and the login form still works', async () => {
    const before = await sessionRows();
    const agent = request.agent(t.app);
    for (const url of ['/', '/reports', '/login', '/register', '/password/forgot', '/verify/UNBEKANNT-123'])
      await agent.get(url);
    await request(t.app).get('/login').expect(200);
    expect(await sessionRows()).toBe(before);
    const user = await makeUser('tutor');
    const page = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: PASSWORD })
      .expect(303);
    await agent.get('/').expect(200);
    expect(await sessionRows()).toBe(before + 1);
    // A token from someone else's anonymous visit is worthless without their cookie.
    const other = await request(t.app).get('/login');
    await request
      .agent(t.app)
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(other.text), email: user.email, password: PASSWORD })
      .expect(403);
  });

  it('when a password is reset by mail, then every session of the account ends', async () => {
    const user = await makeUser('lotse');
    const laptop = await loginAs(t.app, user);
    const phone = await loginAs(t.app, user);
    const anon = request.agent(t.app);
    await submitForm(anon, '/password/forgot', '/password/forgot', { email: user.email }, 303);
    await t.ctx.services.outbox.drain();
    const link = lastLink(user.email, /\/password\/reset\/[\w-]+/);
    await submitForm(
      anon,
      link,
      link,
      { password: 'ganz-neue-wendung-77', passwordConfirm: 'ganz-neue-wendung-77' },
      303,
    );
    await laptop.get('/').expect(303);
    await phone.get('/').expect(303);
    await loginAs(t.app, user, 'ganz-neue-wendung-77');
  }, 60_000); // bcrypt-bound (several logins and hashes)

  it('when a person changes their password, then their other sessions end and this one goes on', async () => {
    const user = await makeUser('lotse');
    const here = await loginAs(t.app, user);
    const elsewhere = await loginAs(t.app, user);
    // A wrong current password changes nothing.
    await submitForm(
      here,
      '/account',
      '/account/password',
      { currentPassword: 'falsch-falsch', password: 'gruene-wiese-am-see', passwordConfirm: 'gruene-wiese-am-see' },
      422,
    );
    await elsewhere.get('/').expect(200);
    await submitForm(
      here,
      '/account',
      '/account/password',
      { currentPassword: PASSWORD, password: 'gruene-wiese-am-see', passwordConfirm: 'gruene-wiese-am-see' },
      303,
    );
    await here.get('/account').expect(200);
    await elsewhere.get('/').expect(303);
    const audit = await AuditEntry.findOne({ where: { action: 'user.password_changed', subjectUserId: user.id } });
    expect(audit?.actorId).toBe(user.id);
  }, 60_000); // bcrypt-bound (several logins and hashes)

  it('when a person logs out everywhere, then all their sessions end, this one included, and others keep theirs', async () => {
    const user = await makeUser('tutor');
    const bystander = tutorAgent;
    const a = await loginAs(t.app, user);
    const b = await loginAs(t.app, user);
    expect((await a.get('/account').expect(200)).text).toContain('Überall abmelden');
    const res = await submitForm(a, '/account', '/account/sessions/end', {}, 303);
    expect(res.headers.location).toBe('/login');
    expect((await a.get('/login').expect(200)).text).toContain('Sie wurden auf allen Geräten abgemeldet.');
    await a.get('/').expect(303);
    await b.get('/').expect(303);
    await bystander.get('/').expect(200);
  });

  it("when an admin ends a user's sessions, then that user is logged out everywhere and it is audited; a tutor may not", async () => {
    const user = await makeUser('lotse');
    const session = await loginAs(t.app, user);
    const admin = adminAgent;
    await submitForm(tutorAgent, '/', `/admin/users/${user.id}/sessions/end`, {}, 403);
    await session.get('/').expect(200);
    expect((await admin.get(`/admin/users/${user.id}`).expect(200)).text).toContain(
      'Aktive Sitzungen dieses Kontos: 1.',
    );
    await admin.post(`/admin/users/${user.id}/sessions/end`).type('form').send({}).expect(403); // no CSRF token
    await submitForm(admin, `/admin/users/${user.id}`, `/admin/users/${user.id}/sessions/end`, {}, 303);
    await session.get('/').expect(303);
    await admin.get('/admin/users').expect(200);
    const audit = await AuditEntry.findOne({ where: { action: 'user.sessions_ended', subjectUserId: user.id } });
    expect(audit?.actorId).toBe(adminUser.id);
    await submitForm(admin, '/admin/users', '/admin/users/999999/sessions/end', {}, 404);
  });
});

describe('input a stranger can send', () => {
  it('when page is 1e309, negative, text or repeated, then the admin lists answer 200', async () => {
    const admin = adminAgent;
    for (const list of ['/admin/users', '/admin/audit', '/admin/certificates', '/admin/authorisations']) {
      for (const page of ['1e309', '-1', 'abc', '2.5', '99999999999999999999', '1&page=2']) {
        await admin.get(`${list}?page=${page}`).expect(200);
      }
    }
  });

  it('when a login sends an object or an array as email or password, then it is refused with 400 and nothing else happens', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    const token = await tokenFor(agent, '/login');
    for (const body of [
      { email: { $gt: '' }, password: PASSWORD },
      { email: [user.email], password: PASSWORD },
      { email: user.email, password: { a: 1 } },
    ]) {
      const res = await agent
        .post('/login')
        .set('x-csrf-token', token)
        .set('Accept', 'application/json')
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('LOGIN_INPUT_INVALID');
    }
    await agent.get('/').expect(303);
  });
});

describe('registration and reset requests', () => {
  const form = (email: string, password = 'blauer-kran-im-hafen') => ({
    firstName: 'Rita',
    lastName: 'Reger',
    region: 'saarland',
    email,
    password,
    passwordConfirm: password,
  });

  it('when one address is asked for too often, then further requests wait, from any IP, and no more mails go out', async () => {
    const user = await makeUser('lotse');
    const sent = () => mails.filter((m) => m.to === user.email).length;
    await t.ctx.services.outbox.drain();
    const before = sent();
    for (let i = 0; i < 3; i++) {
      const agent = request.agent(t.app);
      const ip = newIp();
      const token = await tokenFor(agent, '/password/forgot');
      await agent
        .post('/password/forgot')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ _csrf: token, email: user.email })
        .expect(303);
    }
    await t.ctx.services.outbox.drain();
    expect(sent()).toBe(before + 3);
    const agent = request.agent(t.app);
    const token = await tokenFor(agent, '/register');
    await agent
      .post('/register')
      .set('X-Forwarded-For', newIp())
      .type('form')
      .send({ _csrf: token, ...form(user.email) })
      .expect(429);
    await t.ctx.services.outbox.drain();
    expect(sent()).toBe(before + 3);
  });

  it('when one IP asks for many addresses, then it is limited too', async () => {
    const ip = newIp();
    const agent = request.agent(t.app);
    const token = await tokenFor(agent, '/password/forgot');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await agent
            .post('/password/forgot')
            .set('X-Forwarded-For', ip)
            .type('form')
            .send({ _csrf: token, email: `niemand-${i}-${Date.now()}@example.org` })
        ).status,
      );
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
  });
});

describe('password rules', () => {
  const weak: [string, string][] = [
    ['aaaaaaaaaa', 'error.password_too_simple'],
    ['1234567890', 'error.password_common'],
    ['passwort2024!', 'error.password_common'],
    ['sonnenschein', 'error.password_common'],
    ['ä'.repeat(37), 'error.password_too_many_bytes'],
  ];

  it('when a registration uses a weak password, then it is refused with a message and no account is made', async () => {
    for (const [password] of [...weak, ['Reger-ist-mein-name', ''], ['rita.reger-geheim', '']]) {
      const email = `rita.reger-${Date.now()}-${ipCounter++}@example.org`;
      const agent = request.agent(t.app);
      const token = await tokenFor(agent, '/register');
      const res = await agent
        .post('/register')
        .set('X-Forwarded-For', newIp())
        .type('form')
        .send({
          _csrf: token,
          firstName: 'Rita',
          lastName: 'Reger',
          region: 'saarland',
          email,
          password,
          passwordConfirm: password,
        })
        .expect(422);
      expect(res.text).toContain('field--invalid');
      expect(await User.count({ where: { email } })).toBe(0);
    }
  });

  it('when createUser (CLI user:add, first admin) gets a weak password, then it throws PASSWORD_WEAK with the rule broken', async () => {
    for (const [password, key] of weak) {
      const err = await createUser({
        email: `cli-${Date.now()}@example.org`,
        password,
        firstName: 'Cleo',
        lastName: 'Kommandozeile',
        role: 'tutor',
      }).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.code).toBe('PASSWORD_WEAK');
      expect(err.fieldErrors.password).toBe(key);
    }
  });

  it('when a reset, an invitation or a change sets a weak password, then it is refused and the old state stays', async () => {
    const user = await makeUser('lotse', { firstName: 'Waltraud' });
    const anon = request.agent(t.app);
    const forgotToken = await tokenFor(anon, '/password/forgot');
    await anon
      .post('/password/forgot')
      .set('X-Forwarded-For', newIp())
      .type('form')
      .send({ _csrf: forgotToken, email: user.email })
      .expect(303);
    await t.ctx.services.outbox.drain();
    const link = lastLink(user.email, /\/password\/reset\/[\w-]+/);
    await submitForm(anon, link, link, { password: 'waltraud-1234567', passwordConfirm: 'waltraud-1234567' }, 422);
    await anon.get(link).expect(200); // the link is not spent
    const session = await loginAs(t.app, user);
    await submitForm(
      session,
      '/account',
      '/account/password',
      { currentPassword: PASSWORD, password: 'qwertzuiop', passwordConfirm: 'qwertzuiop' },
      422,
    );
    await loginAs(t.app, user);
    const { token } = await createInvitation(
      { email: `inv-${Date.now()}@example.org`, firstName: 'Ida', lastName: 'Neu', role: 'tutor' },
      adminUser.id,
    );
    await submitForm(
      request.agent(t.app),
      `/invitation/${token}`,
      `/invitation/${token}`,
      { password: '1111111111', passwordConfirm: '1111111111' },
      422,
    );
    await request(t.app).get(`/invitation/${token}`).expect(200);
  }, 60_000); // bcrypt-bound (several logins and hashes)
});

describe('login delays', () => {
  it('when the delay has passed, then the right password works again from that client', async () => {
    const user = await makeUser('lotse');
    const ip = newIp();
    const agent = request.agent(t.app);
    const token = await tokenFor(agent, '/login');
    const post = (password: string) =>
      agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, email: user.email, password });
    for (let i = 0; i < 3; i++) await post('falsch-falsch').expect(401);
    const waiting = await post(PASSWORD).expect(429);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(10);
    expect(Number(waiting.headers['retry-after'])).toBeLessThanOrEqual(15);
    // Time passes: the wait is over (moved into the past rather than slept through).
    await t.ctx.sequelize.query("UPDATE rate_limits SET reset_at = ? WHERE `key` LIKE 'login-delay:%'", {
      replacements: [new Date(Date.now() - 1000)],
    });
    await post('falsch-falsch').expect(401);
    const longer = await post(PASSWORD).expect(429);
    expect(Number(longer.headers['retry-after'])).toBeGreaterThan(15); // each further failure doubles the wait
    await t.ctx.sequelize.query("UPDATE rate_limits SET reset_at = ? WHERE `key` LIKE 'login-delay:%'", {
      replacements: [new Date(Date.now() - 1000)],
    });
    await post(PASSWORD).expect(303);
  }, 60_000); // bcrypt-bound (several logins and hashes)

  it('when one IP sprays a password over many accounts, then the per-IP limit stops it', async () => {
    const ip = newIp();
    const agent = request.agent(t.app);
    const token = await tokenFor(agent, '/login');
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push(
        (
          await agent
            .post('/login')
            .set('X-Forwarded-For', ip)
            .type('form')
            .send({ _csrf: token, email: `opfer-${i}@example.org`, password: 'Sommer2024!' })
        ).status,
      );
    }
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
  }, 60_000); // bcrypt-bound (several logins and hashes)
});
