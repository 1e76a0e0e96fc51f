import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { ScoAttempt } from '../../src/player/tracking-models';
import { importSample, openPlayer, launchSco, commit, body12, body2004, type Agent, type PlayerData } from './player-helpers';

let t: TestApp;
let pkg12: number;
let pkg2004: number;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await makeUser('admin');
  pkg12 = (await importSample('scorm12/RuntimeBasicCalls_SCORM12', admin.id)).id;
  pkg2004 = (await importSample('scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', admin.id)).id;
}, 60_000);
afterAll(() => t?.close());

async function learnerOn(packageId: number): Promise<{ agent: Agent; data: PlayerData; scoId: number; launch: number }> {
  const user = await makeUser('lotse', { firstName: 'Greta', lastName: 'Golf' });
  const agent = await loginAs(t.app, user);
  const data = await openPlayer(agent, packageId);
  const scoId = data.startScoId;
  const { launch } = await launchSco(agent, data, scoId);
  return { agent, data, scoId, launch };
}

const row = (data: PlayerData, scoId: number) => ScoAttempt.findOne({ where: { attemptId: data.attemptId, scoId } }).then((r) => r!);

describe('the commit route', () => {
  it('when a 1.2 SCO commits JSON, then location, status, score and the CMI are stored', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    const res = await commit(agent, data, scoId, launch, body12(1, { lesson_location: '7', lesson_status: 'passed', score: { raw: '85', min: '0', max: '100' } }, { suspend_data: 'page=7' })).expect(200);
    expect(res.body).toMatchObject({ result: true, errorCode: 0, sco: { completion: 'completed', success: 'passed' }, attempt: { completion: 'completed', progress: 1 } });
    const r = await row(data, scoId);
    expect(r.location).toBe('7');
    expect(r.completionStatus).toBe('completed');
    expect(r.successStatus).toBe('passed');
    expect(r.scoreRaw).toBe(85);
    expect(JSON.parse(r.cmiJson!).suspend_data).toBe('page=7');
    expect(r.seq).toBe(launch * 1_000_000 + 1);
  });

  it('when the final commit arrives as a text/plain beacon, then it is stored like JSON', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(agent, data, scoId, launch, body12(1, { lesson_location: '3', exit: 'suspend' }), 'text/plain;charset=UTF-8').expect(200, { result: true, errorCode: 0, sco: { id: scoId, completion: 'incomplete', success: 'unknown' }, attempt: { completion: 'incomplete', success: 'unknown', progress: 0, scoreScaled: null } });
    const r = await row(data, scoId);
    expect(r.location).toBe('3');
    expect(r.exitMode).toBe('suspend');
  });

  it('when a commit arrives late or twice, then it does not overwrite newer data', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(agent, data, scoId, launch, body12(2, { lesson_location: '5' })).expect(200);
    const late = await commit(agent, data, scoId, launch, body12(1, { lesson_location: '1' })).expect(200);
    expect(late.body).toEqual({ result: true, errorCode: 0, stale: true });
    const replay = await commit(agent, data, scoId, launch, body12(2, { lesson_location: '2' })).expect(200);
    expect(replay.body.stale).toBe(true);
    let r = await row(data, scoId);
    expect(r.location).toBe('5');
    expect(r.staleCommits).toBe(2);

    // A second launch restarts the page's counter at 1, yet its commits are newer than launch 1's
    // — and a late commit of launch 1 arriving afterwards is stale.
    const second = await launchSco(agent, data, scoId);
    expect(second.launch).toBe(launch + 1);
    await commit(agent, data, scoId, second.launch, body12(1, { lesson_location: '9' })).expect(200);
    const old = await commit(agent, data, scoId, launch, body12(3, { lesson_location: '6' })).expect(200);
    expect(old.body.stale).toBe(true);
    r = await row(data, scoId);
    expect(r.location).toBe('9');
  });

  it('when the body is not JSON, then the answer is 400 and nothing changes', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(agent, data, scoId, launch, body12(1, { lesson_location: '4' })).expect(200);
    const before = await row(data, scoId);
    for (const [bad, type] of [['cmi.core.lesson_location=8', 'text/plain'], ['{"cmi": {"core": ', 'application/json'], ['"just a string"', 'application/json']]) {
      const res = await commit(agent, data, scoId, launch, bad, type).expect(400);
      expect(res.body).toMatchObject({ result: false, errorCode: 101, code: 'COMMIT_BODY_NOT_JSON' });
    }
    const after = await row(data, scoId);
    expect(after.seq).toBe(before.seq);
    expect(after.cmiJson).toBe(before.cmiJson);
    expect(after.location).toBe('4');
  });

  it('when element values break the 1.2 data model, then they are dropped with 405 and the rest is stored', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    const res = await commit(agent, data, scoId, launch, body12(1, { lesson_location: '2', lesson_status: 'great', score: { raw: 'lots', min: '0', max: '100' } })).expect(200);
    expect(res.body.result).toBe(true);
    const codes = Object.fromEntries(res.body.problems.map((p: { element: string; errorCode: number }) => [p.element, p.errorCode]));
    expect(codes).toEqual({ 'cmi.core.lesson_status': 405, 'cmi.core.score.raw': 405 });
    const r = await row(data, scoId);
    expect(r.location).toBe('2');
    expect(r.scoreRaw).toBeNull();
    expect(JSON.parse(r.cmiJson!).core.lesson_status).toBeUndefined();
  });

  it('when element values break the 2004 data model, then 406 (type) and 407 (range) are reported', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    const res = await commit(agent, data, scoId, launch, body2004(1, { location: '3', completion_status: 'done', score: { scaled: '2', raw: '50', min: '0', max: '100' } })).expect(200);
    const codes = Object.fromEntries(res.body.problems.map((p: { element: string; errorCode: number }) => [p.element, p.errorCode]));
    expect(codes).toEqual({ 'cmi.completion_status': 406, 'cmi.score.scaled': 407 });
    const r = await row(data, scoId);
    expect(r.location).toBe('3');
    expect(r.scoreRaw).toBe(50);
    expect(r.scoreScaled).toBeNull();
  });

  it('when suspend_data is several megabytes, then all of it is kept', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    const big = 'x'.repeat(3 * 1024 * 1024) + 'END';
    await commit(agent, data, scoId, launch, body2004(1, { suspend_data: big, location: '12' })).expect(200);
    const again = await launchSco(agent, data, scoId);
    expect(again.cmi.suspend_data).toHaveLength(big.length);
    expect(again.cmi.suspend_data.endsWith('END')).toBe(true);
  });

  it('when session_time grows over several commits of a session, then total_time counts each session once', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(agent, data, scoId, launch, body12(1, { session_time: '00:01:00' })).expect(200);
    await commit(agent, data, scoId, launch, body12(2, { session_time: '00:02:00', exit: 'suspend' })).expect(200);
    expect((await row(data, scoId)).totalTimeCs).toBe(120 * 100);
    const second = await launchSco(agent, data, scoId);
    expect(second.cmi.core.total_time).toBe('00:02:00');
    expect(second.cmi.core.entry).toBe('resume');
    await commit(agent, data, scoId, second.launch, body12(1, { session_time: '00:00:30' })).expect(200);
    await commit(agent, data, scoId, second.launch, body12(2, { session_time: '00:00:45' })).expect(200);
    expect((await row(data, scoId)).totalTimeCs).toBe(165 * 100);
    const third = await launchSco(agent, data, scoId);
    expect(third.cmi.core.total_time).toBe('00:02:45');
    expect(third.cmi.core.entry).toBe('');
  });
});

describe('who may read and write an attempt', () => {
  it('when another learner uses a stolen token, a wrong one or none, then the answer is 403 and nothing changes', async () => {
    const owner = await learnerOn(pkg12);
    await commit(owner.agent, owner.data, owner.scoId, owner.launch, body12(1, { lesson_location: '1' })).expect(200);
    const thief = await loginAs(t.app, await makeUser('lotse'));
    const stolen = await commit(thief, owner.data, owner.scoId, owner.launch, body12(5, { lesson_location: '66' })).expect(403);
    expect(stolen.body).toMatchObject({ result: false, code: 'ATTEMPT_NOT_YOURS' });
    await commit(thief, owner.data, owner.scoId, owner.launch, body12(6, { lesson_location: '66' }), 'application/json', '').expect(403);
    await thief.get(`/api/v1/attempts/${owner.data.attemptId}/scos/${owner.scoId}/launch`).query({ token: owner.data.token }).expect(403);
    const wrong = await commit(owner.agent, owner.data, owner.scoId, owner.launch, body12(7, { lesson_location: '77' }), 'application/json', 'not-the-token').expect(403);
    expect(wrong.body.code).toBe('ATTEMPT_TOKEN_INVALID');
    expect((await row(owner.data, owner.scoId)).location).toBe('1');
  });

  it('when nobody is logged in, then a commit is refused with 401', async () => {
    const owner = await learnerOn(pkg12);
    const request = (await import('supertest')).default;
    await request(t.app).post(`/api/v1/attempts/${owner.data.attemptId}/scos/${owner.scoId}/commit?token=${owner.data.token}&launch=1`).set('Content-Type', 'text/plain').send(JSON.stringify(body12(1, {}))).expect(401);
  });

  it('when the page asks for keepalive with its token, then the session is touched (204)', async () => {
    const owner = await learnerOn(pkg12);
    await owner.agent.post(`/api/v1/attempts/${owner.data.attemptId}/keepalive?token=${owner.data.token}`).expect(204);
    await owner.agent.post(`/api/v1/attempts/${owner.data.attemptId}/keepalive?token=nope`).expect(403);
  });
});
