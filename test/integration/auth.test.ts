import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, csrfFrom, submitForm, PASSWORD } from '../helpers/users';
import { User } from '../../src/auth/user-model';
import type { Mail } from '../../src/shared/mailer';

let t: TestApp;
const mails: Mail[] = [];
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_ACCOUNT: '3', TRUST_PROXY: '1' });
  t.ctx.mailer.send = async (mail) => {
    mails.push(mail);
  };
});
afterAll(() => t.close());

async function formToken(agent: ReturnType<typeof request.agent>, url: string) {
  return csrfFrom((await agent.get(url).expect(200)).text);
}

describe('login and logout', () => {
  it('when the password is right, then the user lands on the home page with a new session id', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    const page = await agent.get('/login').expect(200);
    const before = /gezu\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: PASSWORD })
      .expect(303);
    expect(res.headers.location).toBe('/');
    const after = /gezu\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(res.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Guten Tag, Test');
  });

  it('when the password is wrong, then the form comes back with the email kept and no password', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    const token = await formToken(agent, '/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: user.email, password: 'falsch-falsch' })
      .expect(401);
    expect(res.text).toContain('E-Mail-Adresse oder Passwort ist nicht richtig.');
    expect(res.text).toContain(`value="${user.email}"`);
    expect(res.text).not.toContain('falsch-falsch');
  });

  it('when an account fails too often from one client, then that client must wait, and the owner elsewhere still logs in', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    const token = await formToken(agent, '/login');
    for (let i = 0; i < 3; i++) {
      await agent
        .post('/login')
        .set(from('203.0.113.7'))
        .type('form')
        .send({ _csrf: token, email: user.email, password: 'falsch-falsch' })
        .expect(401);
    }
    // The stranger's client waits, even with the right password (it is not checked while waiting).
    const res = await agent
      .post('/login')
      .set(from('203.0.113.7'))
      .type('form')
      .send({ _csrf: token, email: user.email, password: PASSWORD })
      .expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain('Zu viele fehlgeschlagene Anmeldeversuche');
    // Another account from the same client is not affected by this account's delay.
    const other = await makeUser('lotse');
    await agent
      .post('/login')
      .set(from('203.0.113.7'))
      .type('form')
      .send({ _csrf: token, email: other.email, password: PASSWORD })
      .expect(303);
    // The owner, from another IP, is not locked out.
    const owner = request.agent(t.app);
    const ownerToken = await formToken(owner, '/login');
    await owner
      .post('/login')
      .set(from('198.51.100.4'))
      .type('form')
      .send({ _csrf: ownerToken, email: user.email, password: PASSWORD })
      .expect(303);
  });

  it('when the CSRF token is missing, then the login is refused and nobody is logged in', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ email: user.email, password: PASSWORD }).expect(403);
    expect(res.text).toContain('Das Formular war veraltet');
    await agent.get('/').expect(303);
  });

  it('when the user logs out, then the home page asks for a login again', async () => {
    const user = await makeUser('tutor');
    const agent = await loginAs(t.app, user);
    const token = await formToken(agent, '/');
    await agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    const res = await agent.get('/').expect(303);
    expect(res.headers.location).toBe('/login?next=%2F');
  });

  it('when next points to another site, then login goes home instead', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    const token = await formToken(agent, '/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: user.email, password: PASSWORD, next: '//evil.example' })
      .expect(303);
    expect(res.headers.location).toBe('/');
  });
});

describe('registration', () => {
  const valid = {
    firstName: 'Jürgen',
    lastName: 'Weiß',
    region: 'rhein-ruhr',
    password: 'ein-gutes-passwort',
    passwordConfirm: 'ein-gutes-passwort',
  };

  it('when the form is valid, then an unconfirmed lotse account with a bcrypt(12) hash exists and can log in after the mailed link', async () => {
    const agent = request.agent(t.app);
    const email = `neu-${Date.now()}@example.org`;
    const res = await submitForm(agent, '/register', '/register', { ...valid, email }, 200);
    expect(res.text).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    const row = await User.findOne({ where: { email } });
    expect(row?.role).toBe('lotse');
    expect(row?.region).toBe('rhein-ruhr');
    expect(row?.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(row?.emailConfirmedAt).toBeNull();
    await submitForm(agent, '/login', '/login', { email, password: valid.password }, 403);
    await t.ctx.services.outbox.drain();
    const link = /\/register\/confirm\/[\w-]+/.exec(mails.filter((m) => m.to === email).pop()!.text)![0];
    expect((await agent.get(link).expect(200)).text).toContain('Ihre E-Mail-Adresse ist bestätigt');
    await agent.get(link).expect(410);
    await submitForm(agent, '/login', '/login', { email, password: valid.password }, 303);
    expect((await agent.get('/').expect(200)).text).toContain('Guten Tag, Jürgen');
  });

  it('when fields are invalid, then each gets a message, typed values stay, passwords do not, and nothing is written', async () => {
    const agent = request.agent(t.app);
    const email = `kaputt-${Date.now()}@example.org`;
    const res = await submitForm(
      agent,
      '/register',
      '/register',
      { firstName: 'Anna', lastName: '', email, region: 'mars', password: 'kurz', passwordConfirm: 'anders' },
      422,
    );
    expect(res.text).toContain('Bitte geben Sie Ihren Nachnamen ein.');
    expect(res.text).toContain('Bitte wählen Sie eine Region.');
    expect(res.text).toContain('Das Passwort muss mindestens 10 Zeichen haben.');
    expect(res.text).toContain('value="Anna"');
    expect(res.text).toContain(`value="${email}"`);
    expect(res.text).not.toContain('value="kurz"');
    expect(await User.count({ where: { email } })).toBe(0);
  });

  it('when the email is taken, then the page answers as for a new address, the owner gets a mail and nothing changes', async () => {
    const existing = await makeUser('lotse');
    const before = (await User.findOne({ where: { email: existing.email } }))!;
    const agent = request.agent(t.app);
    const known = await submitForm(
      agent,
      '/register',
      '/register',
      { ...valid, email: existing.email.toUpperCase() },
      200,
    );
    const fresh = await submitForm(
      request.agent(t.app),
      '/register',
      '/register',
      { ...valid, email: `frei-${Date.now()}@example.org` },
      200,
    );
    const strip = (html: string) =>
      html.replace(/<input type="hidden" name="_csrf"[^>]*>/g, '').replace(/[\w.+-]+@example\.org/gi, 'ADDR');
    expect(strip(known.text)).toBe(strip(fresh.text));
    expect(await User.count({ where: { email: existing.email } })).toBe(1);
    const after = (await User.findOne({ where: { email: existing.email } }))!;
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.firstName).toBe(before.firstName);
    await t.ctx.services.outbox.drain();
    const mail = mails.filter((m) => m.to === existing.email).pop()!;
    expect(mail.subject).toBe('Registrierung mit Ihrer E-Mail-Adresse');
    expect(mail.text).not.toMatch(/register\/confirm/);
  });
});

describe('password reset and invitation links', () => {
  it('when a reset is requested, then the mailed link sets a new password once', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    mails.length = 0;
    await submitForm(agent, '/password/forgot', '/password/forgot', { email: user.email }, 303);
    await t.ctx.services.outbox.drain();
    expect(mails).toHaveLength(1);
    const link = /http:\/\/[^/]+(\/password\/reset\/\S+)/.exec(mails[0].text)![1];
    const token = await formToken(agent, link);
    await agent
      .post(link)
      .type('form')
      .send({ _csrf: token, password: 'ganz-neues-passwort', passwordConfirm: 'ganz-neues-passwort' })
      .expect(303);
    await loginAs(t.app, user, 'ganz-neues-passwort');
    const again = await agent.get(link).expect(410);
    expect(again.text).toContain('abgelaufen oder wurde schon benutzt');
  });

  it('when the email is unknown, then the answer is the same and no mail goes out', async () => {
    const agent = request.agent(t.app);
    mails.length = 0;
    const res = await submitForm(agent, '/password/forgot', '/password/forgot', { email: 'niemand@example.org' }, 303);
    expect(res.headers.location).toBe('/login');
    await t.ctx.services.outbox.drain();
    expect(mails).toHaveLength(0);
  });

  it('when an admin invites someone, then the invitation link lets them set a password and log in', async () => {
    const admin = await makeUser('admin');
    const agent = await loginAs(t.app, admin);
    const email = `eingeladen-${Date.now()}@example.org`;
    const res = await submitForm(
      agent,
      '/admin/users/invite',
      '/admin/users/invite',
      { firstName: 'Ida', lastName: 'Öztürk', email, role: 'tutor', region: 'saarland' },
      201,
    );
    const link = /value="http:\/\/[^/]+(\/invitation\/[^"]+)"/.exec(res.text)![1];
    const guest = request.agent(t.app);
    const form = await guest.get(link).expect(200);
    expect(form.text).toContain('Ida Öztürk');
    await guest
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), password: 'mein-eigenes-pw', passwordConfirm: 'mein-eigenes-pw' })
      .expect(303);
    const tutor = await loginAs(t.app, { email }, 'mein-eigenes-pw');
    expect((await tutor.get('/').expect(200)).text).toContain('Lernstand der Lotsen');
  });
});
