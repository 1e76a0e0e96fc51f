import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, csrfFrom, submitForm, PASSWORD } from '../helpers/users';
import { User } from '../../src/auth/user-model';
import type { Mail } from '../../src/shared/mailer';

let t: TestApp;
const mails: Mail[] = [];
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_PER_ACCOUNT: '3' });
  t.ctx.mailer.send = async (mail) => { mails.push(mail); };
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
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: user.email, password: PASSWORD }).expect(303);
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
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: 'falsch-falsch' }).expect(401);
    expect(res.text).toContain('E-Mail-Adresse oder Passwort ist nicht richtig.');
    expect(res.text).toContain(`value="${user.email}"`);
    expect(res.text).not.toContain('falsch-falsch');
  });

  it('when an account fails too often, then it is locked out with a clear message, even with the right password', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    for (let i = 0; i < 3; i++) {
      await submitForm(agent, '/login', '/login', { email: user.email, password: 'falsch-falsch' }, 401);
    }
    const res = await submitForm(agent, '/login', '/login', { email: user.email, password: PASSWORD }, 429);
    expect(res.text).toContain('Zu viele Anmeldeversuche');
    // Another account from the same client is not affected by this account's limit.
    const other = await makeUser('lotse');
    await submitForm(agent, '/login', '/login', { email: other.email, password: PASSWORD }, 303);
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
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: PASSWORD, next: '//evil.example' }).expect(303);
    expect(res.headers.location).toBe('/');
  });
});

describe('registration', () => {
  const valid = { firstName: 'Jürgen', lastName: 'Weiß', region: 'rhein-ruhr', password: 'ein-gutes-passwort', passwordConfirm: 'ein-gutes-passwort' };

  it('when the form is valid, then a lotse account with a bcrypt(12) hash exists and the person is logged in', async () => {
    const agent = request.agent(t.app);
    const email = `neu-${Date.now()}@example.org`;
    await submitForm(agent, '/register', '/register', { ...valid, email }, 303);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Willkommen, Jürgen!');
    const row = await User.findOne({ where: { email } });
    expect(row?.role).toBe('lotse');
    expect(row?.region).toBe('rhein-ruhr');
    expect(row?.passwordHash).toMatch(/^\$2[aby]\$12\$/);
  });

  it('when fields are invalid, then each gets a message, typed values stay, passwords do not, and nothing is written', async () => {
    const agent = request.agent(t.app);
    const email = `kaputt-${Date.now()}@example.org`;
    const res = await submitForm(agent, '/register', '/register', { firstName: 'Anna', lastName: '', email, region: 'mars', password: 'kurz', passwordConfirm: 'anders' }, 422);
    expect(res.text).toContain('Bitte geben Sie Ihren Nachnamen ein.');
    expect(res.text).toContain('Bitte wählen Sie eine Region.');
    expect(res.text).toContain('Das Passwort muss mindestens 10 Zeichen haben.');
    expect(res.text).toContain('value="Anna"');
    expect(res.text).toContain(`value="${email}"`);
    expect(res.text).not.toContain('value="kurz"');
    expect(await User.count({ where: { email } })).toBe(0);
  });

  it('when the email is taken, then the form says so and no second account appears', async () => {
    const existing = await makeUser('lotse');
    const agent = request.agent(t.app);
    const res = await submitForm(agent, '/register', '/register', { ...valid, email: existing.email.toUpperCase() }, 422);
    expect(res.text).toContain('Zu dieser E-Mail-Adresse gibt es schon ein Konto.');
    expect(await User.count({ where: { email: existing.email } })).toBe(1);
  });
});

describe('password reset and invitation links', () => {
  it('when a reset is requested, then the mailed link sets a new password once', async () => {
    const user = await makeUser('lotse');
    const agent = request.agent(t.app);
    mails.length = 0;
    await submitForm(agent, '/password/forgot', '/password/forgot', { email: user.email }, 303);
    expect(mails).toHaveLength(1);
    const link = /http:\/\/[^/]+(\/password\/reset\/\S+)/.exec(mails[0].text)![1];
    const token = await formToken(agent, link);
    await agent.post(link).type('form').send({ _csrf: token, password: 'ganz-neues-passwort', passwordConfirm: 'ganz-neues-passwort' }).expect(303);
    await loginAs(t.app, user, 'ganz-neues-passwort');
    const again = await agent.get(link).expect(410);
    expect(again.text).toContain('abgelaufen oder wurde schon benutzt');
  });

  it('when the email is unknown, then the answer is the same and no mail goes out', async () => {
    const agent = request.agent(t.app);
    mails.length = 0;
    const res = await submitForm(agent, '/password/forgot', '/password/forgot', { email: 'niemand@example.org' }, 303);
    expect(res.headers.location).toBe('/login');
    expect(mails).toHaveLength(0);
  });

  it('when an admin invites someone, then the invitation link lets them set a password and log in', async () => {
    const admin = await makeUser('admin');
    const agent = await loginAs(t.app, admin);
    const email = `eingeladen-${Date.now()}@example.org`;
    const res = await submitForm(agent, '/admin/users/invite', '/admin/users/invite', { firstName: 'Ida', lastName: 'Öztürk', email, role: 'tutor', region: 'saarland' }, 201);
    const link = /value="http:\/\/[^/]+(\/invitation\/[^"]+)"/.exec(res.text)![1];
    const guest = request.agent(t.app);
    const form = await guest.get(link).expect(200);
    expect(form.text).toContain('Ida Öztürk');
    await guest.post(link).type('form').send({ _csrf: csrfFrom(form.text), password: 'mein-eigenes-pw', passwordConfirm: 'mein-eigenes-pw' }).expect(303);
    const tutor = await loginAs(t.app, { email }, 'mein-eigenes-pw');
    expect((await tutor.get('/').expect(200)).text).toContain('Lernstand der Lotsen');
  });
});
