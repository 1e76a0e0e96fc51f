/**
 * The integrators' API: every admin (and tutor) operation of the pages is reachable as JSON under
 * /api/v1 with a bearer token. Per route group: the right scope works, a lower scope is 403, a revoked
 * token 401, bad input 422 with fields, an unknown id 404 — and the side effects of the pages (mails,
 * gate notices, audit) happen here too, because both call the same service.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser } from '../helpers/users';
import { issueApiToken, revokeApiToken } from '../../src/auth';
import { AuditEntry } from '../../src/shared/audit';
import { GateNotice, WorkshopRegistration } from '../../src/enrolment/enrolment-models';
import { CohortEnrolment } from '../../src/curriculum/cohort-models';
import {
  completeQ1,
  verifiedAuthorisation,
  pastWorkshop,
  eligibleLotse,
  makeCohort,
  recordMails,
  q1Packages,
} from './q2-fixtures';
import type { UserView } from '../../src/auth/user-model';
import type { Mail } from '../../src/shared/mailer';

let t: TestApp;
let admin: UserView;
let tutor: UserView;
let adminToken: string;
let tutorToken: string;
let adminAsTutor: string;
let readToken: string;
let revoked: string;
let mails: Mail[];

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const api = () => request(t.app);

beforeAll(async () => {
  t = await createTestApp();
  mails = recordMails(t.ctx.mailer);
  admin = await makeUser('admin');
  tutor = await makeUser('tutor', { region: 'saarland' });
  adminToken = (await issueApiToken(admin.id, { label: 'admin', scope: 'admin' }, null)).token;
  adminAsTutor = (await issueApiToken(admin.id, { label: 'as tutor', scope: 'tutor' }, null)).token;
  tutorToken = (await issueApiToken(tutor.id, { label: 'tutor' }, null)).token;
  readToken = (await issueApiToken(admin.id, { label: 'read', scope: 'read' }, null)).token;
  const gone = await issueApiToken(admin.id, { label: 'revoked', scope: 'admin' }, null);
  await revokeApiToken(gone.id, admin.id);
  revoked = gone.token;
});
afterAll(() => t.close());

describe('every group refuses a revoked token (401) and a tutor scope where admins are needed (403)', () => {
  it.each([
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/authorisations'],
    ['POST', '/api/v1/cohorts'],
    ['POST', '/api/v1/workshops'],
    ['POST', '/api/v1/cohorts/1/enrolments'],
    ['PATCH', '/api/v1/packages/1'],
  ])('when %s %s is called', async (method, url) => {
    const call = (token: string) =>
      api()[method.toLowerCase() as 'get' | 'post' | 'patch'](url).set(as(token)).send({});
    expect((await call(revoked).expect(401)).body.code).toBe('API_TOKEN_INVALID');
    expect((await call(adminAsTutor).expect(403)).body.code).toBe('NO_PERMISSION');
    expect((await call(tutorToken).expect(403)).body.code).toBe('NO_PERMISSION');
  });
});

describe('users and invitations', () => {
  it('when an admin token invites someone, then the account waits for its password, the mail goes out and it is audited', async () => {
    mails.length = 0;
    const res = await api()
      .post('/api/v1/users/invitations')
      .set(as(adminToken))
      .send({
        firstName: 'Ina',
        lastName: 'Integriert',
        email: 'ina.api@example.org',
        role: 'lotse',
        region: 'saarland',
      })
      .expect(201);
    expect(res.body.user).toMatchObject({ email: 'ina.api@example.org', role: 'lotse', invitationPending: true });
    expect(res.body.link).toMatch(/\/invitation\//);
    await t.ctx.services.outbox.drain();
    expect(mails.map((m) => m.to)).toEqual(['ina.api@example.org']);
    expect(mails[0].text).toContain(res.body.link);
    expect(
      await AuditEntry.count({ where: { action: 'user.created', subjectId: res.body.user.id, actorId: admin.id } }),
    ).toBe(1);
  });

  it('when the invitation input is bad, then 422 names each bad field', async () => {
    const res = await api()
      .post('/api/v1/users/invitations')
      .set(as(adminToken))
      .send({ firstName: '', lastName: 'X', email: 'kein-mail', role: 'kaiser' })
      .expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.fields).sort()).toEqual(['email', 'firstName', 'role']);
  });

  it('when an admin token patches a role, then only that field changes; a read token may read but not patch', async () => {
    const u = await makeUser('lotse', { region: 'rhein-ruhr' });
    await api().get(`/api/v1/users/${u.id}`).set(as(readToken)).expect(200);
    await api().patch(`/api/v1/users/${u.id}`).set(as(readToken)).send({ role: 'tutor' }).expect(403);
    const res = await api().patch(`/api/v1/users/${u.id}`).set(as(adminToken)).send({ role: 'tutor' }).expect(200);
    expect(res.body).toMatchObject({ role: 'tutor', region: 'rhein-ruhr', firstName: u.firstName, active: true });
    await api().patch(`/api/v1/users/${u.id}`).set(as(adminToken)).send({ role: 'boss' }).expect(422);
    await api().patch(`/api/v1/users/${u.id}`).set(as(adminToken)).send({ password: 'x' }).expect(422);
    await api().get('/api/v1/users/99999999').set(as(adminToken)).expect(404);
    await api().get('/api/v1/users/abc').set(as(adminToken)).expect(404);
  });
});

describe('cohorts, sessions and attendance', () => {
  it('when an admin token creates a cohort and adds a session, then the tutor sees it with their own token', async () => {
    const created = await api()
      .post('/api/v1/cohorts')
      .set(as(adminToken))
      .send({
        title: 'API-Kohorte',
        region: 'saarland',
        format: 'virtuell',
        startsOn: '2031-03-01',
        endsOn: '2031-05-01',
        capacity: 2,
        sessions: ['2031-03-04T09:30'],
        tutorIds: [tutor.id],
      })
      .expect(201);
    const id = created.body.cohort.id;
    expect(created.body.sessions).toHaveLength(1);
    expect(created.body.tutors.map((x: { id: number }) => x.id)).toEqual([tutor.id]);
    await api().post(`/api/v1/cohorts/${id}/sessions`).set(as(adminToken)).send({ startsAt: 'morgen' }).expect(422);
    const withTwo = await api()
      .post(`/api/v1/cohorts/${id}/sessions`)
      .set(as(adminToken))
      .send({ startsAt: '2031-03-11T09:30', title: 'Zweiter Termin' })
      .expect(201);
    expect(withTwo.body.sessions).toHaveLength(2);
    const list = await api().get('/api/v1/cohorts').set(as(tutorToken)).expect(200);
    expect(list.body.cohorts.map((c: { id: number }) => c.id)).toContain(id);
    await api()
      .post(`/api/v1/cohorts/${id}/sessions`)
      .set(as(tutorToken))
      .send({ startsAt: '2031-03-18T09:30' })
      .expect(403);
    const other = await makeCohort();
    expect((await api().get(`/api/v1/cohorts/${other.id}`).set(as(tutorToken)).expect(403)).body.code).toBe(
      'NOT_COHORT_TUTOR',
    );
    await api().delete(`/api/v1/cohorts/${id}/sessions/${withTwo.body.sessions[1].id}`).set(as(adminToken)).expect(204);
  });

  it('when the tutor records a session by API, then the marks are stored; a future session is 409', async () => {
    const cohort = await makeCohort({ sessions: 1, tutorIds: [tutor.id] });
    const [a, b] = [await eligibleLotse(), await eligibleLotse()];
    for (const u of [a, b])
      await CohortEnrolment.create({
        cohortId: cohort.id,
        userId: u.id,
        status: 'enrolled',
        requestedAt: new Date(),
        enrolledAt: new Date(),
      });
    const detail = await api().get(`/api/v1/cohorts/${cohort.id}`).set(as(tutorToken)).expect(200);
    const sid = detail.body.sessions[0].id;
    expect(detail.body.members.enrolled).toHaveLength(2);
    const res = await api()
      .put(`/api/v1/cohorts/${cohort.id}/sessions/${sid}/attendance`)
      .set(as(tutorToken))
      .send({ present: [a.id], absent: [b.id] })
      .expect(200);
    expect(res.body.changed).toBe(2);
    expect(res.body.people.find((p: { userId: number }) => p.userId === a.id)).toMatchObject({ attended: true });
    await api()
      .put(`/api/v1/cohorts/${cohort.id}/sessions/${sid}/attendance`)
      .set(as(tutorToken))
      .send({ present: [a.id], absent: [a.id] })
      .expect(422);
    await api()
      .put(`/api/v1/cohorts/${cohort.id}/sessions/${sid}/attendance`)
      .set(as(tutorToken))
      .send({ present: 'alle' })
      .expect(422);
    const future = await api()
      .post(`/api/v1/cohorts/${cohort.id}/sessions`)
      .set(as(adminToken))
      .send({ startsAt: '2031-03-11T09:30' })
      .expect(201);
    const futureSid = future.body.sessions.at(-1).id;
    const refused = await api()
      .put(`/api/v1/cohorts/${cohort.id}/sessions/${futureSid}/attendance`)
      .set(as(tutorToken))
      .send({ present: [a.id] })
      .expect(409);
    expect(refused.body.code).toBe('SESSION_NOT_STARTED');
  });

  it('when an admin bulk-enrols by API, then the gate decides per person; removing someone moves the waiting list up with a mail', async () => {
    const cohort = await makeCohort({ capacity: 1 });
    const ok = await eligibleLotse();
    const waiting = await eligibleLotse();
    const notReady = await makeUser('lotse');
    const res = await api()
      .post(`/api/v1/cohorts/${cohort.id}/enrolments`)
      .set(as(adminToken))
      .send({ userIds: [ok.id, waiting.id, notReady.id], emails: ['niemand@example.org'] })
      .expect(200);
    const outcome = (id: number | null) => res.body.outcomes.find((o: { userId: number | null }) => o.userId === id);
    expect(outcome(notReady.id).outcome).toBe('refused');
    expect(outcome(notReady.id).missing.map((m: { code: string }) => m.code)).toContain('Q1_INCOMPLETE');
    expect(outcome(null).outcome).toBe('failed');
    expect([outcome(ok.id).outcome, outcome(waiting.id).outcome].sort()).toEqual(['enrolled', 'waitlisted']);
    await api()
      .post(`/api/v1/cohorts/${cohort.id}/enrolments`)
      .set(as(adminToken))
      .send({ userIds: [notReady.id], override: true })
      .expect(422);
    const enrolledId = outcome(ok.id).outcome === 'enrolled' ? ok.id : waiting.id;
    const movedId = enrolledId === ok.id ? waiting.id : ok.id;
    mails.length = 0;
    const removed = await api()
      .post(`/api/v1/cohorts/${cohort.id}/members/${enrolledId}/remove`)
      .set(as(adminToken))
      .send({ reason: 'Doppelt angemeldet' })
      .expect(200);
    expect(removed.body.movedUp).toEqual([movedId]);
    await t.ctx.services.outbox.drain();
    expect(mails).toHaveLength(1);
    await api()
      .post(`/api/v1/cohorts/${cohort.id}/members/${enrolledId}/remove`)
      .set(as(adminToken))
      .send({})
      .expect(404);
    await api()
      .post(`/api/v1/cohorts/${cohort.id}/members/${movedId}/complete`)
      .set(as(adminToken))
      .send({})
      .expect(422);
    const done = await api()
      .post(`/api/v1/cohorts/${cohort.id}/members/${movedId}/complete`)
      .set(as(adminToken))
      .send({ reason: 'Nachweis extern' })
      .expect(200);
    expect(done.body.changed).toBe(true);
    await api().post(`/api/v1/cohorts/${cohort.id}/finish`).set(as(adminToken)).expect(200);
    await api().post('/api/v1/cohorts/99999999/finish').set(as(adminToken)).expect(404);
  });
});

describe('workshops and authorisation review', () => {
  it('when a tutor records workshop attendance by API, then a Lotse whose gate is now complete gets the gate notice', async () => {
    const created = await api()
      .post('/api/v1/workshops')
      .set(as(adminToken))
      .send({ startsAt: '2031-02-10T09:30', region: 'saarland', capacity: 10, place: 'Saarbrücken' })
      .expect(201);
    expect(created.body).toMatchObject({ region: 'saarland', capacity: 10 });
    await api()
      .post('/api/v1/workshops')
      .set(as(adminToken))
      .send({ startsAt: 'x', region: 'mars', capacity: 0 })
      .expect(422);
    const w = await pastWorkshop('saarland');
    const lotse = await makeUser('lotse');
    await completeQ1(lotse.id);
    await verifiedAuthorisation(lotse.id);
    await WorkshopRegistration.create({ workshopId: w.id, userId: lotse.id, status: 'registered' });
    const res = await api()
      .put(`/api/v1/workshops/${w.id}/attendance`)
      .set(as(tutorToken))
      .send({ present: [lotse.id] })
      .expect(200);
    expect(res.body.changed).toBe(1);
    expect(res.body.people[0]).toMatchObject({ userId: lotse.id, status: 'attended' });
    expect(await GateNotice.findByPk(lotse.id)).not.toBeNull();
    const elsewhere = await pastWorkshop('rhein-ruhr');
    await api().get(`/api/v1/workshops/${elsewhere.id}`).set(as(tutorToken)).expect(403);
  });

  it('when an admin verifies by API, then the Lotse is mailed once; rejecting needs a reason', async () => {
    await q1Packages();
    const lotse = await makeUser('lotse');
    const auth = await verifiedAuthorisation(lotse.id, 'pending');
    const queue = await api().get('/api/v1/authorisations?status=pending').set(as(adminToken)).expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(auth.id);
    await api().get('/api/v1/authorisations?status=maybe').set(as(adminToken)).expect(422);
    const rejected = await api()
      .post(`/api/v1/authorisations/${auth.id}/reject`)
      .set(as(adminToken))
      .send({})
      .expect(422);
    expect(rejected.body.code).toBe('REASON_REQUIRED');
    mails.length = 0;
    const res = await api().post(`/api/v1/authorisations/${auth.id}/verify`).set(as(adminToken)).expect(200);
    expect(res.body).toMatchObject({ changed: true, authorisation: { id: auth.id, status: 'verified' } });
    const again = await api().post(`/api/v1/authorisations/${auth.id}/verify`).set(as(adminToken)).expect(200);
    expect(again.body.changed).toBe(false);
    await t.ctx.services.outbox.drain();
    expect(mails.filter((m) => m.to === lotse.email)).toHaveLength(1);
    await api().get('/api/v1/authorisations/99999999').set(as(adminToken)).expect(404);
  });
});

describe('packages', () => {
  it('when an admin token assigns a package to a module, then it is stored and audited; bad keys are 422', async () => {
    const [pkg] = await q1Packages();
    const res = await api()
      .patch(`/api/v1/packages/${pkg.id}`)
      .set(as(adminToken))
      .send({ openInNewWindow: true })
      .expect(200);
    expect(res.body.openInNewWindow).toBe(true);
    await api().patch(`/api/v1/packages/${pkg.id}`).set(as(adminToken)).send({ moduleKey: 'kochen' }).expect(422);
    await api().patch(`/api/v1/packages/${pkg.id}`).set(as(adminToken)).send({ colour: 'rot' }).expect(422);
    await api().patch('/api/v1/packages/99999999').set(as(adminToken)).send({}).expect(404);
    expect(await AuditEntry.count({ where: { action: 'package.window_changed', subjectId: pkg.id } })).toBe(1);
  });
});
