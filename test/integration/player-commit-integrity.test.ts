/**
 * Issue 14 "Integrity first": a commit never erases a result. On SQLite and MariaDB (TEST_DB).
 */
import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { Attempt, PackageCompletion, ScoAttempt } from '../../src/player/tracking-models';
import {
  importSample,
  openPlayer,
  launchSco,
  commit,
  body2004,
  body12,
  type Agent,
  type PlayerData,
} from './player-helpers';

let t: TestApp;
let pkg2004: number;
let pkg12: number;
beforeAll(async () => {
  // The generated bodies below come faster than the per-attempt rate limit allows (tested in player-launch-token).
  t = await createTestApp({ COMMIT_RATE_BURST: '1000' });
  const admin = await makeUser('admin');
  pkg2004 = (await importSample(t, 'scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', admin.id)).id;
  pkg12 = (await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id)).id;
}, 60_000);
afterAll(() => t?.close());

async function learnerOn(
  packageId: number,
): Promise<{ agent: Agent; data: PlayerData; scoId: number; launch: number; userId: number }> {
  const user = await makeUser('lotse');
  const agent = await loginAs(t.app, user);
  const data = await openPlayer(agent, packageId);
  const { launch } = await launchSco(agent, data, data.startScoId);
  return { agent, data, scoId: data.startScoId, launch, userId: user.id };
}

/** A 2004 attempt that has earned its completion with a pass, 0.9 and ten minutes. */
async function passedLearner() {
  const l = await learnerOn(pkg2004);
  const res = await commit(
    l.agent,
    l.data,
    l.scoId,
    l.launch,
    body2004(1, {
      completion_status: 'completed',
      success_status: 'passed',
      session_time: 'PT10M',
      location: 'end',
      score: { scaled: '0.9', raw: '90', min: '0', max: '100' },
    }),
  ).expect(200);
  expect(res.body.attempt).toMatchObject({ completion: 'completed', success: 'passed' });
  return l;
}

async function snapshot(l: { data: PlayerData; scoId: number; userId: number; agent: Agent }) {
  const row = (await ScoAttempt.findOne({ where: { attemptId: l.data.attemptId, scoId: l.scoId } }))!;
  const attempt = (await Attempt.findByPk(l.data.attemptId))!;
  const completion = await PackageCompletion.findOne({ where: { userId: l.userId, packageId: attempt.packageId } });
  const progress = (await l.agent.get('/api/v1/me/progress').expect(200)).body.packages.find(
    (p: { id: number }) => p.id === attempt.packageId,
  );
  return {
    row: [
      row.seq,
      row.completionStatus,
      row.successStatus,
      row.scoreScaled,
      row.totalTimeCs,
      row.location,
      row.cmiJson,
    ],
    attempt: [
      attempt.completionStatus,
      attempt.successStatus,
      attempt.scoreScaled,
      attempt.totalTimeCs,
      attempt.progress,
    ],
    completion: completion ? [completion.passed, completion.scoreScaled] : null,
    reported: progress?.status,
  };
}

describe('a commit never erases a result', () => {
  it('when a commit carries invalid values (completion_status "foo", score.scaled -5), then it is refused with 406/407 and the passed attempt stays as it was', async () => {
    const l = await passedLearner();
    const before = await snapshot(l);
    expect(before.reported).toBe('passed');
    const res = await commit(
      l.agent,
      l.data,
      l.scoId,
      l.launch,
      body2004(2, { completion_status: 'foo', score: { scaled: '-5' }, session_time: 'PT0S' }),
    ).expect(400);
    expect(res.body).toMatchObject({ result: false, errorCode: 406, code: 'CMI_INVALID' });
    expect(res.body.problems.map((p: { element: string; errorCode: number }) => [p.element, p.errorCode])).toEqual([
      ['cmi.completion_status', 406],
      ['cmi.score.scaled', 407],
    ]);
    expect(await snapshot(l)).toEqual(before);
  });

  it('when a container has the wrong type (interactions: "x"), then the commit is refused and nothing is stored', async () => {
    const l = await passedLearner();
    const before = await snapshot(l);
    const res = await commit(l.agent, l.data, l.scoId, l.launch, body2004(2, { interactions: 'x' })).expect(400);
    expect(res.body).toMatchObject({
      result: false,
      errorCode: 406,
      problems: [{ element: 'cmi.interactions', errorCode: 406 }],
    });
    await commit(l.agent, l.data, l.scoId, l.launch, body2004(3, { score: 'hoch' })).expect(400);
    expect(await snapshot(l)).toEqual(before);
  });

  it('when a later valid commit says incomplete, failed, a lower score or a shorter session, then completion, pass, score and total time stay (attempt, completion record and report agree)', async () => {
    const l = await passedLearner();
    const res = await commit(
      l.agent,
      l.data,
      l.scoId,
      l.launch,
      body2004(2, {
        completion_status: 'incomplete',
        success_status: 'failed',
        session_time: 'PT2M',
        location: 'again',
        score: { scaled: '0.1', raw: '10', min: '0', max: '100' },
      }),
    ).expect(200);
    expect(res.body).toMatchObject({
      result: true,
      sco: { completion: 'completed', success: 'passed' },
      attempt: { completion: 'completed', success: 'passed', scoreScaled: 0.9, progress: 1 },
    });
    const after = await snapshot(l);
    expect(after.row.slice(1, 6)).toEqual(['completed', 'passed', 0.9, 60_000, 'again']);
    expect(after.attempt).toEqual(['completed', 'passed', 0.9, 60_000, 1]);
    expect(after.completion).toEqual([true, 0.9]);
    expect(after.reported).toBe('passed');
    // A new launch adds its whole session; time never goes down.
    const next = await launchSco(l.agent, l.data, l.scoId);
    await commit(
      l.agent,
      l.data,
      l.scoId,
      next.launch,
      body2004(1, { completion_status: 'not attempted', success_status: 'unknown', session_time: 'PT1M' }),
    ).expect(200);
    expect((await snapshot(l)).attempt).toEqual(['completed', 'passed', 0.9, 66_000, 1]);
  });

  it('when a 1.2 pass is followed by a failing score, then the row and the attempt stay passed with the earned score', async () => {
    const l = await learnerOn(pkg12);
    await commit(
      l.agent,
      l.data,
      l.scoId,
      l.launch,
      body12(1, { lesson_status: 'passed', session_time: '00:05:00', score: { raw: '85', min: '0', max: '100' } }),
    ).expect(200);
    const res = await commit(
      l.agent,
      l.data,
      l.scoId,
      l.launch,
      body12(2, { lesson_status: 'failed', session_time: '00:01:00', score: { raw: '20', min: '0', max: '100' } }),
    ).expect(200);
    expect(res.body.attempt).toMatchObject({ completion: 'completed', success: 'passed', scoreScaled: 0.85 });
    const row = (await ScoAttempt.findOne({ where: { attemptId: l.data.attemptId, scoId: l.scoId } }))!;
    expect([row.successStatus, row.scoreRaw, row.totalTimeCs]).toEqual(['passed', 85, 30_000]);
  });

  it('when the body is not a SCORM commit object (array, string, other object, cmi not an object, 20,000 levels deep), then 400 and nothing changes', async () => {
    const l = await passedLearner();
    const before = await snapshot(l);
    const deep = `{"cmi":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
    const bodies: [string, string][] = [
      ['[]', 'COMMIT_BODY_NOT_JSON'],
      ['"cmi"', 'COMMIT_BODY_NOT_JSON'],
      ['{"result":true}', 'COMMIT_BODY_NOT_JSON'],
      ['{"cmi":"x"}', 'COMMIT_BODY_NOT_JSON'],
      ['null', 'COMMIT_BODY_NOT_JSON'],
      [deep, 'COMMIT_BODY_TOO_DEEP'],
    ];
    for (const [text, code] of bodies) {
      const res = await commit(l.agent, l.data, l.scoId, l.launch, text, 'text/plain').expect(400);
      expect(res.body).toMatchObject({ result: false, errorCode: 101, code });
    }
    expect(await snapshot(l)).toEqual(before);
  });

  it('when hundreds of generated bodies hit the route of a passed attempt, then none is answered with 5xx and none lowers the result', async () => {
    const l = await passedLearner();
    const before = await snapshot(l);
    const value = fc.oneof(
      fc.constantFrom('completed', 'incomplete', 'failed', 'unknown', 'passed', '0.1', '-5', 'PT1M', ''),
      fc.string({ maxLength: 8 }),
      fc.double(),
      fc.constant(null),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
    );
    const cmi = fc.record(
      {
        completion_status: value,
        success_status: value,
        score: fc.oneof(value, fc.record({ scaled: value, raw: value })),
        interactions: fc.oneof(value, fc.constant({ 0: { id: 'q', type: 'choice' } })),
        session_time: value,
      },
      { requiredKeys: [] },
    );
    // A fixed seed keeps the run reproducible; the two plain bodies make sure valid commits are among
    // the generated ones (a random draw may otherwise produce only invalid ones).
    const bodies = [
      JSON.stringify({ cmi: {} }),
      ...fc.sample(
        fc.oneof(
          cmi.map((c) => JSON.stringify({ cmi: c })),
          fc.json(),
          fc.string(),
        ),
        { numRuns: 300, seed: 20261202 },
      ),
      JSON.stringify({ cmi: { completion_status: 'incomplete' } }),
    ];
    const statuses = new Set<number>();
    let seq = 10;
    for (const text of bodies) {
      const body = text.startsWith('{"cmi"') ? text.replace(/^\{/, `{"commitSequence":${seq++},`) : text;
      const res = await commit(l.agent, l.data, l.scoId, l.launch, body, 'text/plain');
      statuses.add(res.status);
      expect(res.status).toBeLessThan(500);
    }
    expect([...statuses].sort()).toEqual([200, 400]);
    const after = await snapshot(l);
    expect(after.attempt.slice(0, 3)).toEqual(before.attempt.slice(0, 3));
    expect(after.row.slice(1, 4)).toEqual(['completed', 'passed', 0.9]);
    expect(after.attempt[3]).toBeGreaterThanOrEqual(before.attempt[3] as number);
    expect(after.completion).toEqual(before.completion);
  }, 120_000);
});

describe('the commit route needs no session', () => {
  it('when a commit carries only its launch token, then no session row is read or written for it', async () => {
    const l = await learnerOn(pkg2004);
    const sessions = async () =>
      ((await t.ctx.sequelize.query('SELECT COUNT(*) AS n FROM sessions', { plain: true })) as { n: number }).n;
    const before = await sessions();
    await request(t.app)
      .post(
        `/api/v1/attempts/${l.data.attemptId}/scos/${l.scoId}/commit?token=${encodeURIComponent(l.data.launchTokens![l.scoId])}&launch=${l.launch}`,
      )
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(body2004(1, { location: 'x' })))
      .expect(200)
      .expect((res) => expect(res.headers['set-cookie']).toBeUndefined());
    expect(await sessions()).toBe(before);
  });
});
