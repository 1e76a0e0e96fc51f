import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { CohortEnrolment, CohortSession, SessionAttendance } from '../../src/curriculum/cohort-models';
import { GateNotice } from '../../src/enrolment/enrolment-models';
import { Certificate } from '../../src/certificates/certificate-model';
import { AuditEntry } from '../../src/shared/audit';
import { completeQ1, eligibleLotse, makeCohort, recordMails } from './q2-fixtures';
import { createScheduler, runCleanUp } from '../../src/jobs';
import { createLogger } from '../../src/shared/logger';
import { SessionRow } from '../../src/shared/web/session-store';
import { AuthToken } from '../../src/auth';
import { outboxRow } from '../helpers/outbox';

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

describe('the clean-up job', () => {
  it('when sessions, link tokens and outbox messages are long done, then the clean-up removes them and keeps what is alive', async () => {
    const lotse = await makeUser('lotse');
    const long = new Date(Date.now() - 30 * 86_400_000);
    await SessionRow.bulkCreate([
      { sid: `old-${process.pid}`, expires: long, data: '{}' },
      { sid: `new-${process.pid}`, expires: new Date(Date.now() + 3_600_000), data: '{}' },
    ]);
    await AuthToken.bulkCreate([
      { userId: lotse.id, purpose: 'invitation', tokenHash: `h-old-${process.pid}`, expiresAt: long },
      { userId: lotse.id, purpose: 'api', tokenHash: `h-api-${process.pid}`, expiresAt: null },
      {
        userId: lotse.id,
        purpose: 'password_reset',
        tokenHash: `h-new-${process.pid}`,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    ]);
    const key = `done-${process.pid}`;
    await t.ctx.sequelize.query(
      `INSERT INTO outbox (type, payload, dedupe_key, status, attempts, available_at, created_at, processed_at)
       VALUES ('test.done', '{}', ?, 'done', 1, 0, 0, ?), ('test.done', '{}', ?, 'pending', 0, 0, 0, NULL)`,
      { replacements: [key, long.getTime(), `${key}-waiting`] },
    );
    const report = await runCleanUp(t.ctx.sequelize);
    expect(report.outbox).toBe(1);
    expect(await outboxRow(t.ctx.sequelize, key)).toBeUndefined();
    expect(await outboxRow(t.ctx.sequelize, `${key}-waiting`)).toMatchObject({ status: 'pending' });
    expect(report.sessions).toBeGreaterThanOrEqual(1);
    expect(report.tokens).toBeGreaterThanOrEqual(1);
    expect(await SessionRow.findByPk(`old-${process.pid}`)).toBeNull();
    expect(await SessionRow.findByPk(`new-${process.pid}`)).not.toBeNull();
    const left = await AuthToken.findAll({ where: { userId: lotse.id } });
    expect(left.map((r) => r.purpose).sort()).toEqual(['api', 'password_reset']);
  });
});

describe('the scheduler', () => {
  // Last: the app it builds rebinds the models, and closing it leaves them on a closed database.
  it('when several processes tick at once, then each job runs once per interval across all of them', async () => {
    const runs: string[] = [];
    const schedulers = [0, 1, 2].map((i) =>
      createScheduler({
        sequelize: t.ctx.sequelize,
        logger: createLogger('silent'),
        jobs: [{ name: `test-once-${process.pid}`, intervalSeconds: 60, run: async () => void runs.push(`s${i}`) }],
      }),
    );
    const first = await Promise.all(schedulers.map((s) => s.tick()));
    expect(first.flat()).toHaveLength(1);
    // Within the interval nobody runs it again, not even the one that did.
    const second = await Promise.all(schedulers.map((s) => s.tick()));
    expect(second.flat()).toHaveLength(0);
    expect(runs).toHaveLength(1);
    // Once the lease has expired, exactly one takes it again.
    await t.ctx.sequelize.query('UPDATE leases SET expires_at = ? WHERE name = ?', {
      replacements: [Date.now() - 1, `test-once-${process.pid}`],
    });
    const third = await Promise.all(schedulers.map((s) => s.tick()));
    expect(third.flat()).toHaveLength(1);
    expect(runs).toHaveLength(2);
  });

  it('when the interval is set, then the catch-up job runs by itself until it is stopped', async () => {
    const timed = await createTestApp({ CATCH_UP_INTERVAL_SECONDS: '1' });
    try {
      const lotse = await makeUser('lotse');
      await completeQ1(lotse.id);
      timed.ctx.services.scheduler.start();
      // Wait for the condition, not for a fixed time: the first tick comes after half a second.
      for (let i = 0; i < 100 && (await certificatesOf(lotse.id)).length === 0; i++)
        await new Promise((r) => setTimeout(r, 200));
      await timed.ctx.services.scheduler.stop();
      expect((await certificatesOf(lotse.id)).map((c) => c.kind)).toEqual(['q1']);
    } finally {
      await timed.close();
    }
  });
});
