import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm } from '../helpers/users';
import { Attempt, PackageCompletion } from '../../src/player/tracking-models';
import { getQ1Completion, PACKAGE_COMPLETED, type PackageCompletedPayload } from '../../src/player';
import { outboxPayloads } from '../helpers/outbox';
import { importSample, openPlayer, launchSco, commit, body12, body2004 } from './player-helpers';
import type { UserView } from '../../src/auth/user-model';

let t: TestApp;
let admin: UserView;
beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser('admin');
}, 60_000);
afterAll(() => t?.close());

describe('attempts, versions and the completion that stays', () => {
  it('when a new version is uploaded mid-attempt, then the attempt stays on its version, and a new attempt after completion takes the newest while the completion stays', async () => {
    const v1 = await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id, { moduleKey: 'technik' });
    const learner = await makeUser('lotse');
    const agent = await loginAs(t.app, learner);

    const first = await openPlayer(agent, v1.id);
    const { launch } = await launchSco(agent, first, first.startScoId);
    await commit(agent, first, first.startScoId, launch, body12(1, { lesson_location: '4', exit: 'suspend' })).expect(
      200,
    );

    const v2 = await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id, { packageId: v1.id });
    expect(v2.versionId).not.toBe(v1.versionId);
    const resumed = await openPlayer(agent, v1.id);
    expect(resumed.attemptId).toBe(first.attemptId);
    expect(resumed.items[0].id).toBe(v1.scos[0].id); // still the SCO rows of version 1
    expect((await Attempt.findByPk(first.attemptId))!.versionId).toBe(v1.versionId);
    const again = await launchSco(agent, resumed, resumed.startScoId);
    expect(again.cmi.core.entry).toBe('resume');
    expect(again.cmi.core.lesson_location).toBe('4');
    expect(again.cmi.core.student_name).toBe(`${learner.lastName}, ${learner.firstName}`);

    await commit(
      agent,
      resumed,
      resumed.startScoId,
      again.launch,
      body12(1, { lesson_status: 'passed', score: { raw: '90', min: '0', max: '100' } }),
    ).expect(200);
    // The completion is announced in the commit's own transaction: an outbox message, once.
    const events = await outboxPayloads<PackageCompletedPayload>(t.ctx.sequelize, PACKAGE_COMPLETED);
    expect(events.filter((e) => e.userId === learner.id)).toEqual([
      { userId: learner.id, packageId: v1.id, moduleKey: 'technik' },
    ]);
    const completion = await PackageCompletion.findOne({ where: { userId: learner.id, packageId: v1.id } });
    expect(completion).toMatchObject({ passed: true, scoreScaled: 0.9 });

    // Completed: /play offers review and a new attempt instead of the player.
    const page = await agent.get(`/play/${v1.id}`).expect(200);
    expect(page.text).toContain('Modul abgeschlossen');
    expect(page.text).toContain('Neuer Versuch');
    const review = await openPlayer(agent, v1.id, '?mode=review');
    expect(review.mode).toBe('review');
    const reviewLaunch = await launchSco(agent, review, review.startScoId, true);
    expect(reviewLaunch).toMatchObject({ mode: 'review', credit: 'no-credit', launch: 0 });
    expect(reviewLaunch.cmi.core.lesson_mode).toBe('review');

    await submitForm(agent, `/play/${v1.id}`, `/play/${v1.id}/attempts`, {}, 303);
    const second = await openPlayer(agent, v1.id);
    expect(second.attemptId).not.toBe(first.attemptId);
    const secondAttempt = (await Attempt.findByPk(second.attemptId))!;
    expect(secondAttempt).toMatchObject({ number: 2, versionId: v2.versionId });
    expect(second.items[0].id).toBe(v2.scos[0].id);
    const fresh = await launchSco(agent, second, second.startScoId);
    expect(fresh.cmi.core.entry).toBe('ab-initio');
    expect(fresh.cmi.core.lesson_location).toBeUndefined();

    // The earned completion stays while attempt 2 runs.
    const progress = (await agent.get('/api/v1/me/progress').expect(200)).body;
    const mine = progress.packages.find((p: { id: number }) => p.id === v1.id);
    expect(mine).toMatchObject({
      status: 'passed',
      moduleKey: 'technik',
      attempt: { id: second.attemptId, number: 2, versionId: v2.versionId, completion: 'not attempted' },
    });
    expect(mine.completedAt).toEqual(expect.any(String));
    const q1 = await getQ1Completion([learner.id]);
    expect(q1.get(learner.id)!.get('technik')).toMatchObject({ completed: true, passed: true, scoreScaled: 0.9 });
    expect(q1.get(learner.id)!.get('megatrends')).toMatchObject({ completed: false });
    const all = await outboxPayloads<PackageCompletedPayload>(t.ctx.sequelize, PACKAGE_COMPLETED);
    expect(all.filter((e) => e.userId === learner.id)).toHaveLength(1);
  });

  it('when a tutor previews a package, then the attempt is tracked as no-credit and never counts', async () => {
    const pkg = await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id);
    const tutor = await makeUser('tutor');
    const agent = await loginAs(t.app, tutor);
    const data = await openPlayer(agent, pkg.id);
    const l = await launchSco(agent, data, data.startScoId);
    expect(l.credit).toBe('no-credit');
    await commit(
      agent,
      data,
      data.startScoId,
      l.launch,
      body12(1, { lesson_status: 'passed', score: { raw: '100' } }),
    ).expect(200);
    expect(await PackageCompletion.count({ where: { userId: tutor.id } })).toBe(0);
  });
});

describe('progress', () => {
  it('when a learner has worked on a 2004 package, then /api/v1/me/progress reports package and SCO values', async () => {
    const pkg = await importSample(t, 'scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', admin.id, {
      moduleKey: 'megatrends',
    });
    const learner = await makeUser('lotse');
    const agent = await loginAs(t.app, learner);
    const data = await openPlayer(agent, pkg.id);
    const l = await launchSco(agent, data, data.startScoId);
    expect(l.cmi).toMatchObject({
      entry: 'ab-initio',
      learner_id: String(learner.id),
      mode: 'normal',
      credit: 'credit',
    });
    await commit(
      agent,
      data,
      data.startScoId,
      l.launch,
      body2004(1, {
        location: '6',
        session_time: 'PT1M30S',
        score: { scaled: '0.5', raw: '50', min: '0', max: '100' },
      }),
    ).expect(200);

    const res = await agent.get('/api/v1/me/progress').expect(200);
    const p = res.body.packages.find((x: { id: number }) => x.id === pkg.id);
    expect(p).toEqual({
      id: pkg.id,
      title: pkg.title,
      moduleKey: 'megatrends',
      status: 'in_progress',
      completedAt: null,
      attempt: {
        id: data.attemptId,
        number: 1,
        versionId: pkg.versionId,
        completion: 'incomplete',
        success: 'unknown',
        scoreScaled: 0.5,
        progress: 0,
      },
      scos: [
        {
          id: data.startScoId,
          identifier: pkg.scos[0].identifier,
          title: pkg.scos[0].title,
          completion: 'incomplete',
          success: 'unknown',
          scoreRaw: 50,
          scoreScaled: 0.5,
          location: '6',
          totalTime: 'PT1M30S',
          totalTimeSeconds: 90,
          lastCommitAt: expect.any(String),
        },
      ],
    });
    // Q1 modules come first, and the home page and /learning show the module with its state.
    expect(res.body.packages[0].moduleKey).not.toBeNull();
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain(`href="/play/${pkg.id}"`);
    expect(home.text).toContain('Fortsetzen');
    const learning = await agent.get('/learning').expect(200);
    expect(learning.text).toContain(pkg.title);
    expect(learning.text).toContain('in Bearbeitung');
  });

  it('when nobody is logged in, then progress is 401 and /play redirects to the login', async () => {
    const request = (await import('supertest')).default;
    await request(t.app).get('/api/v1/me/progress').expect(401);
    const res = await request(t.app).get('/play/1').expect(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
