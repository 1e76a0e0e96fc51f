import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm, tokenFor } from '../helpers/users';
import { Cohort, CohortEnrolment, CohortSession, SessionAttendance } from '../../src/curriculum/cohort-models';
import { AuditEntry } from '../../src/shared/audit';
import { getQ2Status, Q2_COMPLETED, type Q2CompletedEvent } from '../../src/enrolment';
import { outboxPayloads } from '../helpers/outbox';
import { makeCohort } from './q2-fixtures';

let t: TestApp;
/** What Q2 completion announced to other components: its outbox messages. */
const q2Events = () => outboxPayloads<Q2CompletedEvent>(t.ctx.sequelize, Q2_COMPLETED);
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Lotsen placed in the cohort directly: these tests are about attendance, not the gate. */
async function members(cohortId: number, n: number) {
  const users = [];
  for (let i = 0; i < n; i++) {
    const u = await makeUser('lotse');
    await CohortEnrolment.create({
      cohortId,
      userId: u.id,
      status: 'enrolled',
      requestedAt: new Date(),
      enrolledAt: new Date(),
    });
    users.push(u);
  }
  return users;
}
const sessionsOf = async (cohortId: number) =>
  CohortSession.findAll({ where: { cohortId }, order: [['startsAt', 'ASC']] });

async function record(
  agent: Awaited<ReturnType<typeof loginAs>>,
  cohortId: number,
  sessionId: number,
  listed: number[],
  present: number[],
  status = 303,
) {
  return submitForm(
    agent,
    `/staff/cohorts/${cohortId}/sessions/${sessionId}`,
    `/staff/cohorts/${cohortId}/sessions/${sessionId}`,
    { listed, present },
    status,
  );
}

describe('Q2 session attendance and completion', () => {
  it('when the assigned tutor records a session, then it is stored with one audit entry per person; other tutors and Lotsen get 403', async () => {
    const tutor = await makeUser('tutor');
    const cohort = await makeCohort({ sessions: 2, tutorIds: [tutor.id] });
    const [a, b] = await members(cohort.id, 2);
    const [s1] = await sessionsOf(cohort.id);
    const agent = await loginAs(t.app, tutor);
    const sheet = await agent.get(`/staff/cohorts/${cohort.id}/sessions/${s1.id}`).expect(200);
    expect(sheet.text).toContain(a.lastName);
    await record(agent, cohort.id, s1.id, [a.id, b.id], [a.id]);
    const marks = await SessionAttendance.findAll({ where: { sessionId: s1.id } });
    expect(Object.fromEntries(marks.map((m) => [m.userId, Boolean(m.attended)]))).toEqual({
      [a.id]: true,
      [b.id]: false,
    });
    expect(await AuditEntry.count({ where: { action: 'q2.attendance', subjectId: String(s1.id) } })).toBe(2);

    const stranger = await loginAs(t.app, await makeUser('tutor'));
    await stranger.get(`/staff/cohorts/${cohort.id}/sessions/${s1.id}`).expect(403);
    const token = await tokenFor(stranger, '/staff/cohorts');
    await stranger
      .post(`/staff/cohorts/${cohort.id}/sessions/${s1.id}`)
      .type('form')
      .send({ _csrf: token, listed: [a.id, b.id], present: [a.id, b.id] })
      .expect(403);
    const lotse = await loginAs(t.app, a);
    const lotseToken = await tokenFor(lotse, '/q2');
    await lotse
      .post(`/staff/cohorts/${cohort.id}/sessions/${s1.id}`)
      .type('form')
      .send({ _csrf: lotseToken, listed: [a.id], present: [a.id] })
      .expect(403);
    expect(await SessionAttendance.count({ where: { sessionId: s1.id, attended: true } })).toBe(1);
  });

  it('when the cohort finishes, then Q2 is completed for those with at least 80 % attendance only, and listeners are told', async () => {
    const tutor = await makeUser('tutor');
    const cohort = await makeCohort({ sessions: 5, tutorIds: [tutor.id] });
    const [four, three] = await members(cohort.id, 2);
    const agent = await loginAs(t.app, tutor);
    const sessions = await sessionsOf(cohort.id);
    for (const [i, s] of sessions.entries()) {
      await record(
        agent,
        cohort.id,
        s.id,
        [four.id, three.id],
        [...(i < 4 ? [four.id] : []), ...(i < 3 ? [three.id] : [])],
      );
    }
    // Not finished yet: nobody is completed, whatever the attendance.
    let status = await getQ2Status([four.id, three.id]);
    expect([status.get(four.id)!.status, status.get(four.id)!.attendanceShare]).toEqual(['enrolled', 0.8]);
    const admin = await loginAs(t.app, await makeUser('admin'));
    await submitForm(admin, `/staff/cohorts/${cohort.id}`, `/staff/cohorts/${cohort.id}/finish`, {}, 303);
    status = await getQ2Status([four.id, three.id]);
    expect(status.get(four.id)!.completed).toBe(true);
    expect(status.get(four.id)!.completedAt).toBeInstanceOf(Date);
    expect(status.get(three.id)!.completed).toBe(false);
    expect(status.get(three.id)!.attendanceShare).toBe(0.6);
    expect((await q2Events()).filter((e) => e.cohortId === cohort.id)).toEqual([
      expect.objectContaining({ userId: four.id, byAdmin: false }),
    ]);
    expect(await AuditEntry.count({ where: { action: 'q2.completed', subjectUserId: four.id } })).toBe(1);
    // Recording one more attendance for the second Lotse after the end completes them too.
    await record(agent, cohort.id, sessions[4].id, [four.id, three.id], [four.id, three.id]);
    expect((await getQ2Status([three.id])).get(three.id)!.completed).toBe(true);
    expect((await q2Events()).filter((e) => e.cohortId === cohort.id).map((e) => e.userId)).toEqual([
      four.id,
      three.id,
    ]);
  });

  it('when the end date has passed, then the cohort counts as finished without an admin action', async () => {
    const cohort = await makeCohort({ sessions: 1, startsIn: -30, endsIn: -1 });
    const [lotse] = await members(cohort.id, 1);
    const [s] = await sessionsOf(cohort.id);
    await SessionAttendance.create({ sessionId: s.id, userId: lotse.id, attended: true, recordedAt: new Date() });
    expect((await getQ2Status([lotse.id])).get(lotse.id)!.completed).toBe(true);
    // The catch-up job (not a page view) stores the completion and tells the listeners.
    await t.ctx.services.catchUp.run();
    expect(
      (await CohortEnrolment.findOne({ where: { cohortId: cohort.id, userId: lotse.id } }))!.completedAt,
    ).not.toBeNull();
    expect((await q2Events()).some((e) => e.userId === lotse.id)).toBe(true);
  });

  it('when an admin marks Q2 completed, then a written reason is required and audited', async () => {
    const cohort = await makeCohort({ sessions: 3 });
    const [lotse] = await members(cohort.id, 1);
    const admin = await loginAs(t.app, await makeUser('admin'));
    const url = `/staff/cohorts/${cohort.id}/members/${lotse.id}/complete`;
    await submitForm(admin, `/staff/cohorts/${cohort.id}`, url, { reason: '' }, 303);
    expect((await getQ2Status([lotse.id])).get(lotse.id)!.completed).toBe(false);
    await submitForm(
      admin,
      `/staff/cohorts/${cohort.id}`,
      url,
      { reason: 'Krankheit; Inhalte im Einzeltermin nachgeholt.' },
      303,
    );
    const status = (await getQ2Status([lotse.id])).get(lotse.id)!;
    expect([status.status, status.completionReason]).toEqual([
      'completed',
      'Krankheit; Inhalte im Einzeltermin nachgeholt.',
    ]);
    const audit = await AuditEntry.findAll({ where: { action: 'q2.completion_marked', subjectUserId: lotse.id } });
    expect(audit.map((a) => a.reason)).toEqual(['Krankheit; Inhalte im Einzeltermin nachgeholt.']);
    expect((await q2Events()).find((e) => e.userId === lotse.id)?.byAdmin).toBe(true);
    const tutor = await loginAs(t.app, await makeUser('tutor'));
    const token = await tokenFor(tutor, '/staff/cohorts');
    await tutor.post(url).type('form').send({ _csrf: token, reason: 'x' }).expect(403);
    expect((await Cohort.findByPk(cohort.id))!.finishedAt).toBeNull();
  });
});
