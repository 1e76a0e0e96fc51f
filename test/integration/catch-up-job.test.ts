import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { CohortEnrolment, CohortSession, SessionAttendance } from '../../src/curriculum/cohort-models';
import { GateNotice } from '../../src/enrolment/enrolment-models';
import { Certificate } from '../../src/certificates/certificate-model';
import { AuditEntry } from '../../src/shared/audit';
import { completeQ1, eligibleLotse, makeCohort, recordMails } from './q2-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** A Lotse with Q1 complete in a cohort whose end date passed, present at its one session. */
async function finishedCohortMember() {
  const cohort = await makeCohort({ sessions: 1, startsIn: -30, endsIn: -1 });
  const lotse = await makeUser('lotse');
  await completeQ1(lotse.id);
  await CohortEnrolment.create({
    cohortId: cohort.id,
    userId: lotse.id,
    status: 'enrolled',
    requestedAt: new Date(),
    enrolledAt: new Date(),
  });
  const [session] = await CohortSession.findAll({ where: { cohortId: cohort.id } });
  await SessionAttendance.create({ sessionId: session.id, userId: lotse.id, attended: true, recordedAt: new Date() });
  return { cohort, lotse };
}

const certificatesOf = (userId: number) => Certificate.findAll({ where: { userId }, order: [['kind', 'ASC']] });

describe('the catch-up job', () => {
  it('when a cohort ended while nobody looked, then GETs write nothing and the job stores Q2 and issues the Lotse certificate', async () => {
    const { cohort, lotse } = await finishedCohortMember();
    const adminAgent = await loginAs(t.app, await makeUser('admin'));
    const lotseAgent = await loginAs(t.app, lotse);
    const auditBefore = await AuditEntry.count();
    await adminAgent.get('/staff/cohorts').expect(200);
    await lotseAgent.get('/q2').expect(200);
    await lotseAgent.get('/certificates').expect(200);
    expect(
      (await CohortEnrolment.findOne({ where: { cohortId: cohort.id, userId: lotse.id } }))!.completedAt,
    ).toBeNull();
    expect(await certificatesOf(lotse.id)).toHaveLength(0);
    expect(await AuditEntry.count()).toBe(auditBefore);

    const report = await t.ctx.services.catchUp.run();
    expect(report.q2Completed).toBeGreaterThanOrEqual(1);
    expect(
      (await CohortEnrolment.findOne({ where: { cohortId: cohort.id, userId: lotse.id } }))!.completedAt,
    ).not.toBeNull();
    expect((await certificatesOf(lotse.id)).map((c) => c.kind)).toEqual(['lotse', 'q1']);
  });

  it('when Q1 was completed but no certificate issued, then /certificates shows none and the job issues it once', async () => {
    const lotse = await makeUser('lotse');
    await completeQ1(lotse.id);
    await (await loginAs(t.app, lotse)).get('/certificates').expect(200);
    expect(await certificatesOf(lotse.id)).toHaveLength(0);

    const first = await t.ctx.services.catchUp.run();
    expect(first.certificatesIssued).toBeGreaterThanOrEqual(1);
    expect((await certificatesOf(lotse.id)).map((c) => c.kind)).toEqual(['q1']);
    const second = await t.ctx.services.catchUp.run();
    expect(second).toEqual({ q2Completed: 0, certificatesIssued: 0, gateNoticesSent: 0 });
    expect(await certificatesOf(lotse.id)).toHaveLength(1);
  });

  it('when a Lotse meets the Q2 gate but was never told, then /q2 sends nothing and the job mails them once', async () => {
    const sent = recordMails(t.ctx.mailer);
    const lotse = await eligibleLotse();
    await (await loginAs(t.app, lotse)).get('/q2').expect(200);
    expect(await GateNotice.findByPk(lotse.id)).toBeNull();
    expect(sent.filter((m) => m.to === lotse.email)).toHaveLength(0);

    const first = await t.ctx.services.catchUp.run();
    expect(first.gateNoticesSent).toBe(1);
    await t.ctx.services.outbox.drain();
    expect(await GateNotice.findByPk(lotse.id)).not.toBeNull();
    expect(sent.filter((m) => m.to === lotse.email)).toHaveLength(1);
    expect((await t.ctx.services.catchUp.run()).gateNoticesSent).toBe(0);
    await t.ctx.services.outbox.drain();
    expect(sent.filter((m) => m.to === lotse.email)).toHaveLength(1);
  });
});

describe('the catch-up timer', () => {
  it('when the interval is set, then the job runs by itself until it is stopped', async () => {
    const timed = await createTestApp({ CATCH_UP_INTERVAL_SECONDS: '1' });
    try {
      const lotse = await makeUser('lotse');
      await completeQ1(lotse.id);
      const timer = timed.ctx.services.catchUp.startTimer();
      // Wait for the condition, not for a fixed time: the first tick comes after about a second.
      for (let i = 0; i < 100 && (await certificatesOf(lotse.id)).length === 0; i++)
        await new Promise((r) => setTimeout(r, 200));
      timer.stop();
      expect((await certificatesOf(lotse.id)).map((c) => c.kind)).toEqual(['q1']);
    } finally {
      await timed.close();
    }
  });
});
