import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { User } from '../../src/auth/user-model';
import { findAudit } from '../../src/shared/audit';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Every admin-only page of the foundation; later components add theirs to their own tests. */
const ADMIN_PAGES = ['/admin/users', '/admin/users/invite'];

describe('authorisation per role', () => {
  it('when nobody is logged in, then admin pages redirect to the login', async () => {
    for (const url of ADMIN_PAGES) {
      const res = await request(t.app).get(url).expect(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
  });

  it('when a lotse or a tutor opens admin pages, then they get 403 and a German page', async () => {
    for (const role of ['lotse', 'tutor'] as const) {
      const agent = await loginAs(t.app, await makeUser(role));
      for (const url of ADMIN_PAGES) {
        const res = await agent.get(url).expect(403);
        expect(res.text).toContain('Kein Zugriff');
      }
    }
  });

  it('when a lotse posts to an admin form, then nothing changes', async () => {
    const lotse = await makeUser('lotse');
    const victim = await makeUser('tutor');
    const agent = await loginAs(t.app, lotse);
    const token = await tokenFor(agent, '/');
    await agent
      .post(`/admin/users/${lotse.id}`)
      .type('form')
      .send({ _csrf: token, firstName: 'X', lastName: 'Y', role: 'admin', active: 'on' })
      .expect(403);
    await agent
      .post(`/admin/users/${victim.id}`)
      .type('form')
      .send({ _csrf: token, firstName: 'X', lastName: 'Y', role: 'lotse', active: 'on' })
      .expect(403);
    expect((await User.findByPk(lotse.id))!.role).toBe('lotse');
    expect((await User.findByPk(victim.id))!.role).toBe('tutor');
  });

  it('when an admin changes a role, then it is stored and audited with before and after', async () => {
    const admin = await makeUser('admin');
    const user = await makeUser('lotse', { region: 'saarland' });
    const agent = await loginAs(t.app, admin);
    const token = await tokenFor(agent, `/admin/users/${user.id}`);
    await agent
      .post(`/admin/users/${user.id}`)
      .type('form')
      .send({ _csrf: token, firstName: 'Neu', lastName: 'Name', role: 'tutor', region: 'rhein-ruhr', active: 'on' })
      .expect(303);
    const row = await User.findByPk(user.id);
    expect([row!.role, row!.region, row!.firstName]).toEqual(['tutor', 'rhein-ruhr', 'Neu']);
    const { entries } = await findAudit({ subjectUserId: user.id, action: 'user.role_changed' });
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].beforeJson!).role).toBe('lotse');
    expect(JSON.parse(entries[0].afterJson!).role).toBe('tutor');
    expect(entries[0].actorId).toBe(admin.id);
  });

  it('when an admin submits an invalid role, then the form says so and nothing changes', async () => {
    const admin = await makeUser('admin');
    const user = await makeUser('lotse');
    const agent = await loginAs(t.app, admin);
    const token = await tokenFor(agent, `/admin/users/${user.id}`);
    const res = await agent
      .post(`/admin/users/${user.id}`)
      .type('form')
      .send({ _csrf: token, firstName: 'Neu', lastName: '', role: 'kaiser', active: 'on' })
      .expect(422);
    expect(res.text).toContain('Bitte wählen Sie eine Rolle.');
    expect((await User.findByPk(user.id))!.role).toBe('lotse');
  });

  it('when an admin lists users, then search and role filters narrow the list', async () => {
    const admin = await makeUser('admin');
    await makeUser('tutor', { lastName: 'Zylinderkopf' });
    const agent = await loginAs(t.app, admin);
    const res = await agent.get('/admin/users?q=Zylinderkopf&role=tutor').expect(200);
    expect(res.text).toContain('Zylinderkopf');
    expect(res.text).toContain('1 Einträge');
  });

  it('when a deactivated user still has a session, then the next request is logged out', async () => {
    const admin = await makeUser('admin');
    const lotse = await makeUser('lotse');
    const lotseAgent = await loginAs(t.app, lotse);
    await lotseAgent.get('/').expect(200);
    const agent = await loginAs(t.app, admin);
    const token = await tokenFor(agent, `/admin/users/${lotse.id}`);
    await agent
      .post(`/admin/users/${lotse.id}`)
      .type('form')
      .send({ _csrf: token, firstName: 'A', lastName: 'B', role: 'lotse', region: 'saarland' })
      .expect(303);
    await lotseAgent.get('/').expect(303);
  });
});

describe('pages for everyone', () => {
  it('when a route does not exist, then a German 404 page answers (and JSON under /api)', async () => {
    const res = await request(t.app).get('/gibt-es-nicht').expect(404);
    expect(res.text).toContain('Seite nicht gefunden');
    const api = await request(t.app).get('/api/v1/gibt-es-nicht').expect(404);
    expect(api.body.code).toBe('NOT_FOUND');
  });

  it('when a page is served, then security headers are set', async () => {
    const res = await request(t.app).get('/login').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
  });

  it('when ?lang=en is chosen, then the page is in English', async () => {
    const res = await request(t.app).get('/login?lang=en').expect(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Log in with your email address and password.');
  });
});
