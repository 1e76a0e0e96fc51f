import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { loginAs, makeUser } from '../helpers/users';
import { createApiToken } from '../../src/auth/users';
import { CohortEnrolment, CohortTutor, Cohort } from '../../src/curriculum/cohort-models';
import { parseCsv } from '../../src/shared/csv';
import { q1Setup, seedAttempt } from './reports-fixtures';
import type { UserView } from '../../src/auth/user-model';

let t: TestApp;
let tutor: UserView;
let own: UserView;
let foreign: UserView;
let viaCohort: UserView;

beforeAll(async () => {
  t = await createTestApp();
  const pkgs = await q1Setup();
  tutor = await makeUser('tutor', { region: 'saarland' });
  own = await makeUser('lotse', { region: 'saarland', firstName: 'Änne', lastName: 'Saar-Müller' });
  foreign = await makeUser('lotse', { region: 'rhein-ruhr', firstName: 'Bernd', lastName: 'Ruhr-Zöllner' });
  viaCohort = await makeUser('lotse', { region: 'rhein-ruhr', firstName: 'Cem', lastName: 'Kohorten-Öztürk' });
  for (const u of [own, foreign, viaCohort]) await seedAttempt(u.id, pkgs[0], { timeCs: 6000 });
  const cohort = await Cohort.create({
    title: 'Kohorte Ruhr',
    region: 'rhein-ruhr',
    format: 'praesenz',
    startsOn: '2026-01-10',
    endsOn: '2026-03-10',
    capacity: 10,
    requiredAttendance: 0.8,
  });
  await CohortTutor.create({ cohortId: cohort.id, userId: tutor.id });
  await CohortEnrolment.create({
    cohortId: cohort.id,
    userId: viaCohort.id,
    status: 'enrolled',
    requestedAt: new Date(),
    enrolledAt: new Date(),
  });
});
afterAll(() => t.close());

describe('who sees which Lotsen in the reports', () => {
  it('when a tutor opens the dashboard, then it lists the Lotsen of their region and cohorts and nobody else', async () => {
    const agent = await loginAs(t.app, tutor);
    const res = await agent.get('/reports').expect(200);
    expect(res.text).toContain(`/reports/lotsen/${own.id}"`);
    expect(res.text).toContain(`/reports/lotsen/${viaCohort.id}"`);
    expect(res.text).not.toContain(`/reports/lotsen/${foreign.id}"`);
    expect(res.text).not.toContain('Ruhr-Zöllner');
  });

  it('when a tutor downloads the CSV, then it holds the same Lotsen and no others', async () => {
    const agent = await loginAs(t.app, tutor);
    const res = await agent
      .get('/reports/export/matrix.csv')
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => {
          s += c;
        });
        r.on('end', () => cb(null, s));
      })
      .expect(200);
    const emails = parseCsv(res.body as string)
      .slice(1)
      .map((row) => row[2]);
    expect(emails).toEqual(expect.arrayContaining([own.email, viaCohort.email]));
    expect(emails).not.toContain(foreign.email);
  });

  it('when a tutor asks the JSON API with a bearer token, then it answers with the same Lotsen', async () => {
    const token = await createApiToken(tutor.id, 'Skript');
    const res = await request(t.app).get('/api/v1/reports/matrix').set('Authorization', `Bearer ${token}`).expect(200);
    const ids = (res.body.rows as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, viaCohort.id]));
    expect(ids).not.toContain(foreign.id);
  });

  it('when a tutor opens a Lotse of another region, then the page and the API say not found', async () => {
    const agent = await loginAs(t.app, tutor);
    await agent.get(`/reports/lotsen/${foreign.id}`).expect(404);
    const api = await agent.get(`/api/v1/reports/lotsen/${foreign.id}`).expect(404);
    expect(api.body.code).toBe('LOTSE_NOT_FOUND');
    await agent.get(`/reports/lotsen/${viaCohort.id}`).expect(200);
  });

  it('when a tutor filters the answers export by a Lotse of another region, then it stays empty', async () => {
    const agent = await loginAs(t.app, tutor);
    const res = await agent
      .get(`/reports/export/interactions.csv?lotse=${foreign.id}`)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => {
          s += c;
        });
        r.on('end', () => cb(null, s));
      })
      .expect(200);
    expect(parseCsv(res.body as string)).toHaveLength(1); // header only
  });

  it('when an admin opens the dashboard, then every Lotse is there', async () => {
    const admin = await makeUser('admin');
    const agent = await loginAs(t.app, admin);
    const res = await agent.get('/api/v1/reports/matrix').expect(200);
    const ids = (res.body.rows as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, foreign.id, viaCohort.id]));
  });

  it('when a Lotse tries the reports, then pages, CSV and API refuse with 403', async () => {
    const agent = await loginAs(t.app, own);
    await agent.get('/reports').expect(403);
    await agent.get('/reports/export/matrix.csv').expect(403);
    await agent.get(`/reports/lotsen/${own.id}`).expect(403);
    const api = await agent.get('/api/v1/reports/matrix').expect(403);
    expect(api.body.code).toBe('NO_PERMISSION');
  });

  it('when nobody is logged in, then the page sends to the login and the API answers 401', async () => {
    const page = await request(t.app).get('/reports').expect(303);
    expect(page.headers.location).toMatch(/^\/login/);
    await request(t.app).get('/api/v1/reports/matrix').expect(401);
  });
});
