/**
 * Our sequencing settings driven through the real scorm-again 3.4.3 browser bundle in node:vm (the
 * file the player serves): one API object for the whole package, a SCO session per delivered
 * activity (Initialize, SetValue, adl.nav.request, Terminate, reset), as the player does it. This
 * proves the shape we build is the one scorm-again reads, and pins the behaviour the player relies on.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { parseManifest } from '../../../src/scorm';
import {
  buildSequencingDefinition,
  globalObjectiveSnapshotOf,
  summarizeSequencingState,
} from '../../../src/scorm/sequencing';
import { SAMPLES as SAMPLES_ROOT } from '../../helpers/samples';

const GOLF = path.join(SAMPLES_ROOT, 'scorm2004');
const bundle = fs.readFileSync(require.resolve('scorm-again/scorm2004/min'), 'utf8');

/**
 * Starts the package the way the player does: the page creates the sequencing processes, restores a
 * suspended tree if there is one, and asks for "start" or "resume all" itself before any SCO loads —
 * scorm-again's own auto start at Initialize knows nothing of suspended state.
 */
function launch(pkg: string, suspendedState?: string, seedGlobals?: Record<string, unknown>, handOver = false) {
  const xml = fs.readFileSync(path.join(GOLF, pkg, 'imsmanifest.xml'), 'utf8');
  const parsed = parseManifest(xml);
  if (!parsed.ok) throw new Error('manifest');
  const def = buildSequencingDefinition(parsed.manifest, xml);
  // scorm-again logs every delivery with console.log; keep the test output clean.
  const context = vm.createContext({
    console: { ...console, log: () => undefined, debug: () => undefined },
    setTimeout,
    clearTimeout,
    navigator: { onLine: true, sendBeacon: () => true },
  });
  vm.runInContext(bundle, context);
  const settings = vm.runInContext(
    `JSON.parse(${JSON.stringify(JSON.stringify({ logLevel: 5, sequencing: def.settings }))})`,
    context,
  );
  const delivered: string[] = [];
  const ended: string[] = [];
  let validity:
    { continue: boolean; previous: boolean; choice: Record<string, string>; hideLmsUi: string[] } | undefined;
  settings.sequencing.eventListeners = {
    onActivityDelivery: (a: { id: string }) => delivered.push(a.id),
    onNavigationValidityUpdate: (v: typeof validity) => {
      validity = v;
    },
    onSequencingSessionEnd: (d: { reason: string }) => ended.push(d.reason),
  };
  const api = new (context as any).Scorm2004API(settings);
  api.getSequencingService().createSequencingProcesses();
  if (suspendedState) expect(api.deserializeSequencingState(suspendedState)).toBe(true);
  else if (seedGlobals)
    api.restoreGlobalObjectiveSnapshot(
      vm.runInContext(`JSON.parse(${JSON.stringify(JSON.stringify(seedGlobals))})`, context),
    );
  // handOver: the state already has the delivered activity (the player's next SCO after a delivery).
  if (!handOver)
    expect(api.getSequencingService().processNavigationRequest(suspendedState ? 'resumeAll' : 'start')).toBe(true);
  expect(api.Initialize('')).toBe('true');
  /** Ends the running SCO with these values and navigation request, then readies the API for the next SCO. */
  const finish = (values: Record<string, string>, nav: string) => {
    for (const [k, v] of Object.entries(values)) expect([k, api.SetValue(k, v)]).toEqual([k, 'true']);
    expect(api.SetValue('adl.nav.request', nav)).toBe('true');
    expect(api.Terminate('')).toBe('true');
    api.reset(undefined, { preserveListeners: true });
    if (ended.length === 0) expect(api.Initialize('')).toBe('true');
  };
  const root = () => api._sequencing.activityTree.root;
  const choosable = () =>
    Object.entries(validity?.choice ?? {})
      .filter(([, ok]) => ok === 'true')
      .map(([id]) => id);
  return { api, delivered, ended, finish, root, choosable, validity: () => validity };
}

const completed = { 'cmi.completion_status': 'completed' };
const passed = { 'cmi.completion_status': 'completed', 'cmi.success_status': 'passed', 'cmi.score.scaled': '0.9' };
const failed = { 'cmi.completion_status': 'completed', 'cmi.success_status': 'failed', 'cmi.score.scaled': '0.3' };

describe('scorm-again 3.4.3 running our sequencing settings', () => {
  test('when ForcedSequential starts, then the first SCO is delivered and later SCOs cannot be chosen until it is satisfied', () => {
    const run = launch('SequencingForcedSequential_SCORM20043rdEdition');
    expect(run.delivered).toEqual(['playing_item']);
    expect(run.api.GetValue('adl.nav.request_valid.choice.{target=handicapping_item}')).toBe('false');
    expect(run.api.GetValue('adl.nav.request_valid.previous')).toBe('false');
    expect(run.choosable()).toEqual(['golf_sample_default_org', 'playing_item']);

    run.finish({ ...completed, 'cmi.success_status': 'passed' }, 'continue');
    expect(run.delivered).toEqual(['playing_item', 'etuqiette_item']);
    expect(run.choosable()).toEqual(['golf_sample_default_org', 'playing_item', 'etuqiette_item']);
    expect(run.api.GetValue('adl.nav.request_valid.previous')).toBe('true');
    expect(run.api.GetValue('adl.nav.request_valid.choice.{target=havingfun_item}')).toBe('false');
  });

  test('when a forbidden choice is requested by the content, then no other SCO is delivered', () => {
    const run = launch('SequencingForcedSequential_SCORM20043rdEdition');
    run.finish(completed, '{target=assessment_item}choice');
    expect(run.delivered).toEqual(['playing_item']);
  });

  test.each([
    ['SequencingPostTestRollup_SCORM20043rdEdition', passed, 'passed'],
    ['SequencingPostTestRollup4thEd_SCORM20044thEdition', failed, 'failed'],
  ])('when %s is played through, then the root rolls up the post test alone', (pkg, quiz, success) => {
    const run = launch(pkg);
    for (let i = 0; i < 4; i += 1) run.finish(passed, 'continue');
    expect(run.delivered.at(-1)).toBe('assessment_item');
    expect([run.root().completionStatus, run.root().successStatus]).toEqual(['unknown', 'unknown']);
    run.finish(quiz, 'exitAll');
    expect(run.ended).toEqual(['exit_all']);
    expect([run.root().completionStatus, run.root().successStatus]).toEqual(['completed', success]);
  });

  test('when the PreOrPostTestRollup pre test is passed, then the course is complete at once', () => {
    const run = launch('SequencingPreOrPostTestRollup_SCORM20043rdEdition');
    expect(run.delivered).toEqual(['pretest_item']);
    run.finish(passed, 'continue');
    expect([run.root().completionStatus, run.root().successStatus]).toEqual(['completed', 'passed']);
  });

  test('when the RandomTest post test is failed twice, then the attempts are used up and the course ends failed', () => {
    const run = launch('SequencingRandomTest_SCORM20043rdEdition');
    for (let i = 0; i < 4; i += 1) run.finish(completed, 'continue');
    expect(run.validity()?.hideLmsUi).toEqual(['suspendAll']);
    const tests = ['test_1', 'test_2', 'test_3', 'test_4'];
    expect(tests).toContain(run.delivered.at(-1));
    run.finish(failed, 'continue');
    expect(tests).toContain(run.delivered.at(-1));
    run.finish(failed, 'continue');
    expect(run.ended).toEqual(['exit_all']);
    expect([run.root().completionStatus, run.root().successStatus]).toEqual(['completed', 'failed']);
  });

  test('when SimpleRemediation has a failed quiz, then only the content and quiz of that objective come again', () => {
    const run = launch('SequencingSimpleRemediation_SCORM20043rdEdition');
    for (let i = 0; i < 4; i += 1) run.finish(completed, 'continue');
    run.finish(passed, 'continue');
    run.finish(passed, 'continue');
    run.finish(failed, 'continue');
    expect(run.delivered.slice(4)).toEqual(['test_1', 'test_2', 'test_3', 'test_4']);
    run.finish(passed, 'continue');
    // retry of the wrapper: satisfied objectives are skipped, so the handicapping content is next
    expect(run.delivered.at(-1)).toBe('handicapping_item');
    expect(run.api.GetValue('adl.nav.request_valid.choice.{target=playing_item}')).toBe('false');
    run.finish(completed, 'continue');
    expect(run.delivered.at(-1)).toBe('test_3');
    run.finish(passed, 'continue');
    expect(run.root().successStatus).toBe('passed');
  });

  test('when the learner suspends all and comes back, then the tree resumes at the suspended SCO with its objectives', () => {
    const first = launch('SequencingForcedSequential_SCORM20043rdEdition');
    first.finish({ ...completed, 'cmi.success_status': 'passed' }, 'continue');
    first.finish({ 'cmi.exit': 'suspend' }, 'suspendAll');
    expect(first.ended).toEqual(['suspend_all']);
    const state: string = first.api.serializeSequencingState();
    expect(summarizeSequencingState(state, 'golf_sample_default_org')).toEqual({
      suspendedActivityId: 'etuqiette_item',
      currentActivityId: null,
      root: { completion: 'incomplete', success: 'unknown', scaled: null },
    });

    const back = launch('SequencingForcedSequential_SCORM20043rdEdition', JSON.parse(JSON.stringify(state)));
    expect(back.delivered).toEqual(['etuqiette_item']);
    expect(back.api.GetValue('adl.nav.request_valid.previous')).toBe('true');
    expect(back.api.GetValue('adl.nav.request_valid.choice.{target=handicapping_item}')).toBe('false');
    back.finish({ ...completed, 'cmi.success_status': 'passed' }, 'continue');
    expect(back.delivered.at(-1)).toBe('handicapping_item');
  });

  test('when the post test is passed, then the stored state says the root is completed and passed', () => {
    const run = launch('SequencingPostTestRollup_SCORM20043rdEdition');
    for (let i = 0; i < 4; i += 1) run.finish(passed, 'continue');
    run.finish(passed, 'exitAll');
    const summary = summarizeSequencingState(run.api.serializeSequencingState(), 'golf_sample_default_org');
    expect(summary?.root).toEqual({ completion: 'completed', success: 'passed', scaled: 0.9 });
  });

  test('when the state is not ours, then the summary is undefined instead of a guess', () => {
    expect(summarizeSequencingState('{kaputt', 'org')).toBeUndefined();
    expect(summarizeSequencingState({ sequencing: { activityStates: {} } }, 'org')).toBeUndefined();
  });

  test('when a new attempt starts from the global objectives of the last one, then what was satisfied stays satisfied', () => {
    const first = launch('SequencingForcedSequential_SCORM20043rdEdition');
    first.finish({ ...completed, 'cmi.success_status': 'passed' }, 'exitAll');
    const snapshot = globalObjectiveSnapshotOf(first.api.serializeSequencingState());
    expect(Object.keys(snapshot ?? {})).toContain(
      'com.scorm.golfsamples.sequencing.forcedsequential.playing_satisfied',
    );

    const fresh = launch('SequencingForcedSequential_SCORM20043rdEdition');
    expect(fresh.api.GetValue('adl.nav.request_valid.choice.{target=etuqiette_item}')).toBe('false');
    const seeded = launch('SequencingForcedSequential_SCORM20043rdEdition', undefined, snapshot);
    expect(seeded.delivered).toEqual(['playing_item']);
    expect(seeded.api.GetValue('adl.nav.request_valid.choice.{target=etuqiette_item}')).toBe('true');
  });

  test('when one SCO writes shared data and the next SCO gets a new API from the handed-over state, then it reads the data', () => {
    const pkg = 'SequencingPostTestRollup4thEd_SCORM20044thEdition';
    const first = launch(pkg);
    expect([first.api.GetValue('adl.data._count'), first.api.GetValue('adl.data.0.id')]).toEqual([
      '1',
      'com.scorm.golfsamples.sequencing.forcedsequential.notesStorage',
    ]);
    expect(first.api.SetValue('adl.data.0.store', 'Meine Notiz')).toBe('true');
    first.finish(completed, 'continue');
    expect(first.delivered.at(-1)).toBe('etuqiette_item');

    const next = launch(pkg, first.api.serializeSequencingState(), undefined, true);
    expect(next.api.GetValue('adl.data.0.store')).toBe('Meine Notiz');
    next.finish(completed, 'continue');
    expect(next.delivered).toEqual(['handicapping_item']);
  });
});
