import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm, tokenFor } from '../helpers/users';
import { createApiToken } from '../../src/auth/users';
import { Cohort, CohortEnrolment, CohortSession, CohortTutor } from '../../src/curriculum/cohort-models';
import { AuditEntry } from '../../src/shared/audit';
import { getQ2Status } from '../../src/enrolment';
import { eligibleLotse, makeCohort, completeQ1, verifiedAuthorisation, recordMails } from './q2-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function apiEnrol(userId: number, cohortId: number) {
  const token = await createApiToken(userId, 'test');
  return request(t.app).post('/api/v1/q2/enrolments').set('Authorization', `Bearer ${token}`).send({ cohortId });
}
const statusOf = async (cohortId: number) =>
  Object.fromEntries((await CohortEnrolment.findAll({ where: { cohortId } })).map((e) => [e.userId, e.status]));

describe('Q2 cohorts: creating them', () => {
  it('when an admin creates a cohort with sessions and tutors, then it is stored and shown; bad input comes back', async () => {
    const tutor = await makeUser('tutor', { firstName: 'Tina', lastName: 'Tutorin' });
    const admin = await loginAs(t.app, await makeUser('admin'));
    const fields = {
      title: 'Saarland Frühjahr',
      region: 'saarland',
      format: 'virtuell',
      startsOn: '2031-03-01',
      endsOn: '2031-06-30',
      capacity: '12',
      sessions: ['2031-03-05T10:00', '', '2031-04-02T10:00'],
      tutorIds: [tutor.id],
    };
    const res = await submitForm(admin, '/staff/cohorts/new', '/staff/cohorts/new', fields, 303);
    const id = Number(/\/staff\/cohorts\/(\d+)$/.exec(res.headers.location)![1]);
    const c = (await Cohort.findByPk(id))!;
    expect([c.title, c.region, c.format, c.startsOn, c.endsOn, c.capacity, c.requiredAttendance]).toEqual([
      'Saarland Frühjahr',
      'saarland',
      'virtuell',
      '2031-03-01',
      '2031-06-30',
      12,
      0.8,
    ]);
    expect(
      (await CohortSession.findAll({ where: { cohortId: id } })).map((s) => s.startsAt.toISOString()).sort(),
    ).toEqual(['2031-03-05T09:00:00.000Z', '2031-04-02T08:00:00.000Z']);
    expect((await CohortTutor.findAll({ where: { cohortId: id } })).map((x) => x.userId)).toEqual([tutor.id]);
    const page = await admin.get(`/staff/cohorts/${id}`).expect(200);
    expect(page.text).toContain('Tina Tutorin');
    expect(await AuditEntry.count({ where: { action: 'cohort.created', subjectId: String(id) } })).toBe(1);
    const bad = await submitForm(
      admin,
      '/staff/cohorts/new',
      '/staff/cohorts/new',
      { ...fields, endsOn: '2031-01-01', format: 'hybrid', sessions: ['bald'] },
      422,
    );
    expect(bad.text).toContain('Das Ende darf nicht vor dem Beginn liegen.');
    expect(bad.text).toContain('Bitte wählen Sie das Format.');
    expect(bad.text).toContain('value="Saarland Frühjahr"');
  });

  it('when a tutor opens cohorts, then only the assigned ones are listed and others are refused; they cannot create', async () => {
    const tutor = await makeUser('tutor');
    const mine = await makeCohort({ tutorIds: [tutor.id] });
    const other = await makeCohort();
    const agent = await loginAs(t.app, tutor);
    const list = await agent.get('/staff/cohorts').expect(200);
    expect(list.text).toContain(mine.title);
    expect(list.text).not.toContain(other.title);
    await agent.get(`/staff/cohorts/${other.id}`).expect(403);
    await agent.get('/staff/cohorts/new').expect(403);
    await agent.get(`/staff/cohorts/${mine.id}/enrol`).expect(403);
  });
});

describe('Q2 enrolment and the gate', () => {
  it('when the gate is not met, then the API answers 422 with every missing condition and nothing is stored', async () => {
    const lotse = await makeUser('lotse');
    await completeQ1(lotse.id, ['tools-methoden', 'technik']);
    await verifiedAuthorisation(lotse.id, 'pending');
    const cohort = await makeCohort();
    const res = await apiEnrol(lotse.id, cohort.id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('Q2_PREREQUISITES_NOT_MET');
    expect(res.body.missing.map((m: { code: string }) => m.code)).toEqual([
      'Q1_INCOMPLETE',
      'AUTHORISATION_PENDING',
      'WORKSHOP_NOT_ATTENDED',
    ]);
    expect(res.body.missing[0].modules).toEqual(['megatrends']);
    expect(res.body.missing[0].message).toBe('Schließen Sie noch das Q1-Modul Megatrends ab.');
    expect(await CohortEnrolment.count({ where: { cohortId: cohort.id } })).toBe(0);
  });

  it('when the gate is not met and the Lotse uses the form, then the page lists what is missing with links', async () => {
    const lotse = await makeUser('lotse');
    const cohort = await makeCohort();
    const agent = await loginAs(t.app, lotse);
    const res = await submitForm(agent, '/q2', `/q2/cohorts/${cohort.id}/enrol`, {}, 422);
    expect(res.text).toContain('Eine Anmeldung ist noch nicht möglich.');
    expect(res.text).toContain('Schließen Sie noch die Q1-Module Tools &amp; Methoden, Technik und Megatrends ab.');
    expect(res.text).toContain('href="/q2/authorisation"');
    expect(res.text).toContain('0 von 3 Voraussetzungen erfüllt');
    expect(await CohortEnrolment.count({ where: { cohortId: cohort.id } })).toBe(0);
  });

  it('when the gate is met, then the API enrols (201), the page says "angemeldet" and a second request is a conflict', async () => {
    const lotse = await eligibleLotse();
    const cohort = await makeCohort({ capacity: 3 });
    const res = await apiEnrol(lotse.id, cohort.id);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'enrolled', cohortId: cohort.id, waitlistPosition: null });
    expect((await apiEnrol(lotse.id, cohort.id)).body.code).toBe('Q2_ALREADY_ENROLLED');
    const page = await (await loginAs(t.app, lotse)).get('/q2').expect(200);
    expect(page.text).toContain('angemeldet');
    expect(page.text).toContain(cohort.title);
    expect(await AuditEntry.count({ where: { action: 'q2.enrolled', subjectUserId: lotse.id } })).toBe(1);
  });

  it('when a logged-in Lotse posts JSON with the CSRF header, then the session works for the API too', async () => {
    const lotse = await eligibleLotse();
    const cohort = await makeCohort();
    const agent = await loginAs(t.app, lotse);
    const token = await tokenFor(agent, '/q2');
    const res = await agent
      .post('/api/v1/q2/enrolments')
      .set('x-csrf-token', token)
      .send({ cohortId: cohort.id })
      .expect(201);
    expect(res.body.status).toBe('enrolled');
    await (
      await loginAs(t.app, await makeUser('tutor'))
    )
      .post('/api/v1/q2/enrolments')
      .set('x-csrf-token', 'x')
      .send({ cohortId: cohort.id })
      .expect(403);
  });

  it('when two Lotsen ask for the last place at once, then exactly one is enrolled and the other waitlisted', async () => {
    const [a, b] = await Promise.all([eligibleLotse(), eligibleLotse()]);
    const cohort = await makeCohort({ capacity: 1 });
    const tokens = await Promise.all([createApiToken(a.id, 'race'), createApiToken(b.id, 'race')]);
    const results = await Promise.all(
      tokens.map((tk) =>
        request(t.app).post('/api/v1/q2/enrolments').set('Authorization', `Bearer ${tk}`).send({ cohortId: cohort.id }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(results.map((r) => r.body.status).sort()).toEqual(['enrolled', 'waitlisted']);
    expect(Object.values(await statusOf(cohort.id)).sort()).toEqual(['enrolled', 'waitlisted']);
  });

  it('when the cohort is full, then Lotsen wait in order and the first moves up (and is told) when a place frees', async () => {
    const sent = recordMails(t.ctx.mailer);
    const [first, second, third] = [await eligibleLotse(), await eligibleLotse(), await eligibleLotse()];
    const cohort = await makeCohort({ capacity: 1 });
    expect((await apiEnrol(first.id, cohort.id)).body.status).toBe('enrolled');
    expect((await apiEnrol(second.id, cohort.id)).body).toEqual({
      status: 'waitlisted',
      cohortId: cohort.id,
      waitlistPosition: 1,
    });
    expect((await apiEnrol(third.id, cohort.id)).body.waitlistPosition).toBe(2);
    const secondStatus = (await getQ2Status([second.id])).get(second.id)!;
    expect([secondStatus.status, secondStatus.waitlistPosition]).toEqual(['waitlisted', 1]);
    // The first Lotse withdraws: the second moves up and gets a mail; the third is now first in line.
    await submitForm(await loginAs(t.app, first), '/q2', `/q2/cohorts/${cohort.id}/withdraw`, {}, 303);
    expect(await statusOf(cohort.id)).toEqual({
      [first.id]: 'withdrawn',
      [second.id]: 'enrolled',
      [third.id]: 'waitlisted',
    });
    await t.ctx.services.outbox.drain();
    expect(sent.filter((m) => m.to === second.email).map((m) => m.subject)).toEqual([
      'Sie haben einen Platz in Ihrer Q2-Kohorte',
    ]);
    // An admin removes the second: the third moves up.
    const admin = await loginAs(t.app, await makeUser('admin'));
    await submitForm(
      admin,
      `/staff/cohorts/${cohort.id}`,
      `/staff/cohorts/${cohort.id}/members/${second.id}/remove`,
      {},
      303,
    );
    expect(await statusOf(cohort.id)).toEqual({
      [first.id]: 'withdrawn',
      [second.id]: 'removed',
      [third.id]: 'enrolled',
    });
    const actions = (
      await AuditEntry.findAll({
        where: { subjectId: String(cohort.id), subjectType: 'cohort' },
        order: [['id', 'ASC']],
      })
    ).map((e) => e.action);
    expect(actions).toEqual([
      'q2.enrolled',
      'q2.waitlisted',
      'q2.waitlisted',
      'q2.withdrawn',
      'q2.moved_up',
      'q2.removed',
      'q2.moved_up',
    ]);
  });

  it('when an admin raises the capacity, then people move up from the waiting list', async () => {
    const [a, b] = [await eligibleLotse(), await eligibleLotse()];
    const cohort = await makeCohort({ capacity: 1 });
    await apiEnrol(a.id, cohort.id);
    await apiEnrol(b.id, cohort.id);
    const admin = await loginAs(t.app, await makeUser('admin'));
    await submitForm(
      admin,
      `/staff/cohorts/${cohort.id}/edit`,
      `/staff/cohorts/${cohort.id}/edit`,
      {
        title: cohort.title,
        region: 'saarland',
        format: 'praesenz',
        startsOn: cohort.startsOn,
        endsOn: cohort.endsOn,
        capacity: '2',
      },
      303,
    );
    expect(await statusOf(cohort.id)).toEqual({ [a.id]: 'enrolled', [b.id]: 'enrolled' });
  });
});
