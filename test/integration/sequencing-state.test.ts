/**
 * The sequenced player's server side: the page data of a sequenced package, and the route that
 * stores scorm-again's activity tree and takes the attempt's status from the root activity. The
 * states posted here are real: made by the scorm-again bundle (node:vm) from the page's own settings.
 */
import fs from 'node:fs';
import vm from 'node:vm';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { Attempt, PackageCompletion } from '../../src/player/tracking-models';
import { importSample, openPlayer, launchSco, commit, body2004, type Agent, type PlayerData } from './player-helpers';

type SeqData = PlayerData & {
  sequencing?: {
    settings: unknown;
    rootId: string;
    begin: string;
    stateUrl: string;
    activities: Record<string, { scoId: number }>;
  };
};

let t: TestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
let postTest: number;
beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser('admin');
  postTest = (await importSample(t, 'scorm2004/SequencingPostTestRollup_SCORM20043rdEdition', admin.id)).id;
}, 60_000);
afterAll(() => t?.close());

/** Plays the package in scorm-again with the page's settings: every SCO passed, then the given request. */
function playedState(settings: unknown, lastRequest: 'exitAll' | 'suspendAll', scos = 5): string {
  const context = vm.createContext({
    console: { ...console, log: () => undefined, debug: () => undefined },
    setTimeout,
    clearTimeout,
    navigator: { onLine: true, sendBeacon: () => true },
  });
  vm.runInContext(fs.readFileSync(require.resolve('scorm-again/scorm2004/min'), 'utf8'), context);
  const api = new (context as any).Scorm2004API(
    vm.runInContext(`JSON.parse(${JSON.stringify(JSON.stringify({ logLevel: 5, sequencing: settings }))})`, context),
  );
  api.getSequencingService().createSequencingProcesses();
  api.getSequencingService().processNavigationRequest('start');
  for (let i = 0; i < scos; i += 1) {
    api.Initialize('');
    for (const [k, v] of [
      ['cmi.completion_status', 'completed'],
      ['cmi.success_status', 'passed'],
      ['cmi.score.scaled', '0.9'],
    ])
      api.SetValue(k, v);
    api.SetValue('adl.nav.request', i === scos - 1 ? lastRequest : 'continue');
    api.Terminate('');
    api.reset(undefined, { preserveListeners: true });
  }
  return api.serializeSequencingState();
}

async function learner(): Promise<{ agent: Agent; data: SeqData; userId: number }> {
  const user = await makeUser('lotse');
  const agent = await loginAs(t.app, user);
  return { agent, data: (await openPlayer(agent, postTest)) as SeqData, userId: user.id };
}

const postState = (agent: Agent, data: SeqData, body: unknown, token = data.runtimeToken ?? '') =>
  agent
    .post(`${data.sequencing!.stateUrl}?token=${encodeURIComponent(token)}`)
    .set('Content-Type', 'text/plain')
    .send(typeof body === 'string' ? body : JSON.stringify(body));

describe('sequenced packages on the server', () => {
  it('when the player page of a sequenced package opens, then it carries the settings and every activity; a single-SCO package is not sequenced', async () => {
    const { data } = await learner();
    expect(data.sequencing).toMatchObject({
      rootId: 'golf_sample_default_org',
      begin: 'start',
      stateUrl: `/api/v1/attempts/${data.attemptId}/sequencing`,
    });
    expect(Object.keys(data.sequencing!.activities)).toEqual([
      'playing_item',
      'etuqiette_item',
      'handicapping_item',
      'havingfun_item',
      'assessment_item',
    ]);
    const single = await importSample(t, 'scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', admin.id);
    const other = await loginAs(t.app, await makeUser('lotse'));
    expect(((await openPlayer(other, single.id)) as SeqData).sequencing).toBeUndefined();
  });

  it('when the tree says the root is completed and passed, then the attempt is, once, and a later SCO commit does not undo it', async () => {
    const { agent, data, userId } = await learner();
    const state = playedState(data.sequencing!.settings, 'exitAll');
    const res = await postState(agent, data, { state }).expect(200);
    expect(res.body).toMatchObject({
      result: true,
      attempt: { completion: 'completed', success: 'passed', progress: 1, scoreScaled: 0.9 },
    });
    await postState(agent, data, { state }).expect(200);
    expect(await PackageCompletion.count({ where: { userId, packageId: postTest } })).toBe(1);

    const quiz = data.sequencing!.activities.assessment_item.scoId;
    const { launch } = await launchSco(agent, data, quiz);
    await commit(agent, data, quiz, launch, body2004(1, { completion_status: 'incomplete' })).expect(200);
    const attempt = await Attempt.findByPk(data.attemptId);
    expect([attempt!.completionStatus, attempt!.successStatus]).toEqual(['completed', 'passed']);
  });

  it('when the learner suspended all, then the next page resumes; an older state arriving late changes nothing', async () => {
    const { agent, data } = await learner();
    const early = playedState(data.sequencing!.settings, 'suspendAll', 2);
    const later = playedState(data.sequencing!.settings, 'suspendAll', 3);
    await postState(agent, data, { state: later }).expect(200);
    const stale = await postState(agent, data, { state: early }).expect(200);
    expect(stale.body.stale).toBe(true);
    expect(JSON.parse((await Attempt.findByPk(data.attemptId))!.sequencingState!).sequencing.suspendedActivity).toBe(
      'handicapping_item',
    );
    const again = (await openPlayer(agent, postTest)) as SeqData;
    expect(again.sequencing).toMatchObject({ begin: 'resumeAll' });
  });

  it('when the token is wrong, the body is not a state, or another learner posts with their token, then nothing is stored', async () => {
    const { agent, data } = await learner();
    const state = playedState(data.sequencing!.settings, 'exitAll');
    await postState(agent, data, { state }, 'falsch').expect(403);
    expect((await postState(agent, data, '{kaputt').expect(400)).body.code).toBe('SEQUENCING_STATE_INVALID');
    expect((await postState(agent, data, { state: '{"sequencing":{}}' }).expect(400)).body.code).toBe(
      'SEQUENCING_STATE_INVALID',
    );
    // Another learner's own token names their attempt, never this one (the token alone authorises; no session is read).
    const intruder = await loginAs(t.app, await makeUser('lotse'));
    const theirs = await openPlayer(
      intruder,
      data.sequencing ? (await Attempt.findByPk(data.attemptId))!.packageId : 0,
    );
    expect((await postState(intruder, data, { state }, theirs.runtimeToken!).expect(403)).body.code).toBe(
      'LAUNCH_TOKEN_WRONG_ATTEMPT',
    );
    expect((await Attempt.findByPk(data.attemptId))!.sequencingState).toBeNull();
  });
});
