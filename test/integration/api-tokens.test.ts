/**
 * API tokens: scoped by role, revocable at once, stored hashed, last use recorded, audited; the admin
 * page "API-Zugänge" (CSRF) shows the secret once; bearer requests need no CSRF, session requests to
 * /api/v1 keep it.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm, tokenFor } from '../helpers/users';
import { issueApiToken, AuthToken } from '../../src/auth';
import { AuditEntry } from '../../src/shared/audit';
import type { UserView } from '../../src/auth/user-model';

let t: TestApp;
let admin: UserView;
let tutor: UserView;
let lotse: UserView;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const make = async (user: UserView, scope?: string) =>
  (await issueApiToken(user.id, { label: `test ${scope ?? ''}`, scope }, admin.id)).token;

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser('admin');
  tutor = await makeUser('tutor', { region: 'saarland' });
  lotse = await makeUser('lotse');
});
afterAll(() => t.close());

describe('API token scopes', () => {
  it('when an admin token reads the users, then it works; a tutor-scoped token of the same admin is refused 403', async () => {
    const ok = await request(t.app)
      .get('/api/v1/users')
      .set(bearer(await make(admin, 'admin')))
      .expect(200);
    expect(ok.body.users.map((u: UserView) => u.id)).toContain(tutor.id);
    const res = await request(t.app)
      .get('/api/v1/users')
      .set(bearer(await make(admin, 'tutor')))
      .expect(403);
    expect(res.body.code).toBe('NO_PERMISSION');
    // …but it may do what tutors do.
    await request(t.app)
      .get('/api/v1/workshops')
      .set(bearer(await make(admin, 'tutor')))
      .expect(200);
  });

  it('when a token has the read scope, then it reads with the owner role but every write is 403 API_SCOPE_INSUFFICIENT', async () => {
    const token = await make(admin, 'read');
    await request(t.app).get('/api/v1/users').set(bearer(token)).expect(200);
    const res = await request(t.app)
      .post('/api/v1/workshops')
      .set(bearer(token))
      .send({ startsAt: '2031-02-10T09:30', region: 'saarland', capacity: 10, place: 'Saarbrücken' })
      .expect(403);
    expect(res.body.code).toBe('API_SCOPE_INSUFFICIENT');
  });

  it('when a scope goes beyond the owner role, then the token is refused at creation (422 API_SCOPE_ABOVE_ROLE)', async () => {
    await expect(issueApiToken(tutor.id, { label: 'x', scope: 'admin' }, admin.id)).rejects.toMatchObject({
      code: 'API_SCOPE_ABOVE_ROLE',
    });
    await expect(issueApiToken(lotse.id, { label: 'x', scope: 'tutor' }, admin.id)).rejects.toMatchObject({
      code: 'API_SCOPE_ABOVE_ROLE',
    });
  });

  it('when the owner is demoted after the token was made, then the admin token acts no more than the new role', async () => {
    const owner = await makeUser('admin');
    const token = await make(owner, 'admin');
    await request(t.app).get('/api/v1/users').set(bearer(token)).expect(200);
    await request(t.app)
      .patch(`/api/v1/users/${owner.id}`)
      .set(bearer(await make(admin, 'admin')))
      .send({ role: 'lotse' })
      .expect(200);
    await request(t.app).get('/api/v1/users').set(bearer(token)).expect(401);
  });

  it('when a token is revoked, then the next request with it is 401 and the revocation is audited', async () => {
    const issued = await issueApiToken(admin.id, { label: 'bald weg', scope: 'admin' }, admin.id);
    await request(t.app).get('/api/v1/users').set(bearer(issued.token)).expect(200);
    const agent = await loginAs(t.app, admin);
    await submitForm(agent, '/admin/api-tokens', `/admin/api-tokens/${issued.id}/revoke`, {}, 303);
    const res = await request(t.app).get('/api/v1/users').set(bearer(issued.token)).expect(401);
    expect(res.body.code).toBe('API_TOKEN_INVALID');
    const audit = await AuditEntry.findAll({ where: { subjectType: 'api_token', subjectId: issued.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(['api_token.created', 'api_token.revoked']);
  });

  it('when a token is used, then only its hash is stored and its last use is recorded', async () => {
    const issued = await issueApiToken(tutor.id, { label: 'hash' }, null);
    const row = (await AuthToken.findByPk(issued.id))!;
    expect(row.tokenHash).not.toContain(issued.token);
    expect(row.scope).toBe('tutor');
    expect(row.lastUsedAt).toBeNull();
    await request(t.app).get('/api/v1/workshops').set(bearer(issued.token)).expect(200);
    await row.reload();
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe('the page "API-Zugänge"', () => {
  it('when an admin creates a token there, then the secret is shown once and works; the list never shows it again', async () => {
    const agent = await loginAs(t.app, admin);
    const res = await submitForm(
      agent,
      '/admin/api-tokens',
      '/admin/api-tokens',
      { label: 'Moodle-Abgleich', email: tutor.email, scope: 'read' },
      201,
    );
    const token = /id="tok-secret"[^>]*value="([^"]+)"/.exec(res.text)?.[1];
    expect(token).toBeTruthy();
    const me = await request(t.app).get('/api/v1/workshops').set(bearer(token!)).expect(200);
    expect(Array.isArray(me.body.workshops)).toBe(true);
    const list = await agent.get('/admin/api-tokens').expect(200);
    expect(list.text).toContain('Moodle-Abgleich');
    expect(list.text).not.toContain(token!);
  });

  it('when the scope is above the chosen account role, then the form answers 422 with the field error', async () => {
    const agent = await loginAs(t.app, admin);
    const res = await submitForm(
      agent,
      '/admin/api-tokens',
      '/admin/api-tokens',
      { label: 'zu viel', email: lotse.email, scope: 'admin' },
      422,
    );
    expect(res.text).toContain('über die Rolle des Kontos hinaus');
  });

  it('when the form is posted without its CSRF token, then nothing is made (403)', async () => {
    const agent = await loginAs(t.app, admin);
    await agent.get('/admin/api-tokens').expect(200);
    const before = await AuthToken.count({ where: { purpose: 'api' } });
    await agent.post('/admin/api-tokens').type('form').send({ label: 'ohne', email: admin.email }).expect(403);
    expect(await AuthToken.count({ where: { purpose: 'api' } })).toBe(before);
  });

  it('when a tutor opens the page, then it is refused', async () => {
    const agent = await loginAs(t.app, tutor);
    await agent.get('/admin/api-tokens').expect(403);
  });

  it('when a session (not a token) calls a writing /api/v1 route, then it still needs the CSRF header', async () => {
    const agent = await loginAs(t.app, admin);
    await agent.post(`/api/v1/users/${tutor.id}/sessions/end`).expect(403);
    const csrf = await tokenFor(agent, '/admin/api-tokens');
    await agent.post(`/api/v1/users/${tutor.id}/sessions/end`).set('x-csrf-token', csrf).expect(200);
  });
});
