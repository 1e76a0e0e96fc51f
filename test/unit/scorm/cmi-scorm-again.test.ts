/**
 * Runs the real scorm-again 3.4.3 browser bundles (the files the player serves) in a bare
 * node:vm context: they need no DOM, only XMLHttpRequest and navigator.sendBeacon, which are
 * stood in by recorders here. This proves our launch data loads and our readers understand
 * exactly what the library posts.
 */
import { Blob } from 'node:buffer';
import fs from 'node:fs';
import vm from 'node:vm';
import {
  buildLaunchData,
  deriveTracking,
  parseDuration12,
  parseDuration2004,
  readCommitBody,
  validateCmi,
  type LaunchInput,
} from '../../../src/scorm/cmi';

type Sent = { via: 'xhr' | 'beacon'; url: string; contentType: string; headers: Record<string, string>; body: unknown };

function loadScormAgain(bundle: 'scorm12' | 'scorm2004') {
  const sent: Sent[] = [];
  class RecordingXhr {
    url = '';
    headers: Record<string, string> = {};
    status = 200;
    responseText = '{"result":true,"errorCode":0}';
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    send(body: string) {
      sent.push({ via: 'xhr', url: this.url, contentType: this.headers['Content-Type'], headers: this.headers, body });
    }
  }
  const navigator = {
    onLine: true,
    sendBeacon(url: string, blob: Blob) {
      sent.push({ via: 'beacon', url, contentType: blob.type, headers: {}, body: blob });
      return true;
    },
  };
  const context = vm.createContext({
    console,
    setTimeout,
    clearTimeout,
    Blob,
    XMLHttpRequest: RecordingXhr,
    navigator,
  });
  vm.runInContext(fs.readFileSync(require.resolve(`scorm-again/${bundle}/min`), 'utf8'), context);
  // Objects must be built inside the context: scorm-again tests `value.constructor === Object`.
  const inContext = (data: unknown) => vm.runInContext(`JSON.parse(${JSON.stringify(JSON.stringify(data))})`, context);
  const bodies = async () =>
    Promise.all(
      sent.splice(0).map(async (s) => ({ ...s, body: s.body instanceof Blob ? await s.body.text() : s.body })),
    );
  return { api: context as any, inContext, bodies };
}

const learner = { id: 'u-17', firstName: 'Max', lastName: 'Muster' };
const launch = (overrides: Partial<LaunchInput>): LaunchInput => ({
  totalTimeCs: 0,
  learner,
  sco: {},
  mode: 'normal',
  credit: 'credit',
  ...overrides,
});

describe('scorm-again 3.4.3, SCORM 1.2', () => {
  it('when a SCO runs a session, then our launch data loads and the commits read, validate and derive cleanly', async () => {
    const first = loadScormAgain('scorm12');
    const api = new first.api.Scorm12API({ lmsCommitUrl: '/api/v1/commit/tok123', logLevel: 5 });
    api.loadFromJSON(
      first.inContext(
        buildLaunchData('1.2', launch({ totalTimeCs: 360000, sco: { masteryScore: 80, dataFromLms: 'lang=de' } })),
      ),
    );
    expect(api.LMSInitialize('')).toBe('true');
    expect(
      [
        'cmi.core.entry',
        'cmi.core.student_name',
        'cmi.core.total_time',
        'cmi.student_data.mastery_score',
        'cmi.launch_data',
        'cmi.core.lesson_mode',
      ].map((el) => api.LMSGetValue(el)),
    ).toEqual(['ab-initio', 'Muster, Max', '01:00:00', '80', 'lang=de', 'normal']);

    for (const [el, value] of [
      ['cmi.core.lesson_location', 'slide-7'],
      ['cmi.suspend_data', 'x'.repeat(5000)],
      ['cmi.core.lesson_status', 'completed'],
      ['cmi.core.score.raw', '79.99'],
      ['cmi.core.session_time', '00:10:00'],
      ['cmi.core.exit', 'suspend'],
      ['cmi.interactions.0.id', 'q1'],
      ['cmi.interactions.0.type', 'choice'],
      ['cmi.interactions.0.student_response', 'b'],
      ['cmi.interactions.0.result', 'wrong'],
      ['cmi.objectives.0.id', 'obj-1'],
      ['cmi.objectives.0.status', 'failed'],
    ])
      expect([el, api.LMSSetValue(el, value)]).toEqual([el, 'true']);
    expect(api.LMSCommit('')).toBe('true');
    const [commit] = await first.bodies();
    expect([commit.via, commit.url, commit.contentType]).toEqual([
      'xhr',
      '/api/v1/commit/tok123',
      'application/json;charset=UTF-8',
    ]);

    const { cmi } = readCommitBody(JSON.parse(commit.body as string));
    expect(validateCmi('1.2', cmi).problems).toEqual([]);
    expect((cmi as any).core.total_time).toBeUndefined(); // only the terminate commit carries total_time
    const tracking = deriveTracking('1.2', cmi, { masteryScore: 80 }, 'credit');
    expect([tracking.completion, tracking.success, tracking.sessionTimeCs]).toEqual(['completed', 'failed', 60000]);

    expect(api.LMSFinish('')).toBe('true');
    const [finish] = await first.bodies();
    expect([finish.via, finish.url, finish.contentType]).toEqual([
      'beacon',
      '/api/v1/commit/tok123',
      'text/plain;charset=utf-8',
    ]);
    const stored = readCommitBody(finish.body).cmi as any;
    expect([stored.core.lesson_status, stored.core.total_time]).toEqual(['failed', '01:10:00']);

    // Next session: resume from what the server stored.
    const second = loadScormAgain('scorm12');
    const resumed = new second.api.Scorm12API({ logLevel: 5 });
    const totalTimeCs = 360000 + (parseDuration12(stored.core.session_time) ?? 0);
    resumed.loadFromJSON(
      second.inContext(buildLaunchData('1.2', launch({ previousCmi: stored, totalTimeCs, sco: { masteryScore: 80 } }))),
    );
    resumed.LMSInitialize('');
    expect(
      [
        'cmi.core.entry',
        'cmi.core.lesson_location',
        'cmi.core.lesson_status',
        'cmi.core.score.raw',
        'cmi.core.total_time',
        'cmi.interactions._count',
        'cmi.objectives.0.status',
      ].map((el) => resumed.LMSGetValue(el)),
    ).toEqual(['resume', 'slide-7', 'failed', '79.99', '01:10:00', '1', 'failed']);
    expect(resumed.LMSGetValue('cmi.suspend_data')).toHaveLength(5000);
  });

  it('when the LMS answers 500, then the SCO sees LMSCommit fail with error 101', () => {
    const { api: ctx } = loadScormAgain('scorm12');
    vm.runInContext(
      'XMLHttpRequest.prototype.send = function () { this.status = 500; this.responseText = "kaputt"; }',
      ctx,
    );
    const api = new ctx.Scorm12API({ lmsCommitUrl: '/c', logLevel: 5 });
    api.LMSInitialize('');
    expect([api.LMSCommit(''), api.LMSGetLastError()]).toEqual(['false', '101']);
  });
});

describe('scorm-again 3.4.3, SCORM 2004', () => {
  it('when a SCO runs a session, then read-only launch values are visible and commits read, validate and derive', async () => {
    const first = loadScormAgain('scorm2004');
    const api = new first.api.Scorm2004API({
      lmsCommitUrl: '/c/tok',
      logLevel: 5,
      renderCommonCommitFields: true,
      includeCommitSequence: true,
    });
    const sco = {
      completionThreshold: 0.5,
      scaledPassingScore: 0.8,
      maxTimeAllowed: 'PT2H',
      timeLimitAction: 'continue,no message',
      dataFromLms: 'x=1',
    };
    api.loadFromJSON(first.inContext(buildLaunchData('2004', launch({ sco, mode: 'normal' }))));
    expect(api.Initialize('')).toBe('true');
    const readOnly = [
      'entry',
      'learner_id',
      'learner_name',
      'credit',
      'mode',
      'total_time',
      'launch_data',
      'completion_threshold',
      'scaled_passing_score',
      'max_time_allowed',
      'time_limit_action',
    ].map((el) => api.GetValue(`cmi.${el}`));
    expect(readOnly).toEqual([
      'ab-initio',
      'u-17',
      'Muster, Max',
      'credit',
      'normal',
      'PT0S',
      'x=1',
      '0.5',
      '0.8',
      'PT2H',
      'continue,no message',
    ]);

    for (const [el, value] of [
      ['cmi.location', 'p3'],
      ['cmi.suspend_data', '{"slide":3}'],
      ['cmi.progress_measure', '0.5'],
      ['cmi.completion_status', 'incomplete'],
      ['cmi.score.scaled', '0.79'],
      ['cmi.score.raw', '79'],
      ['cmi.success_status', 'passed'],
      ['cmi.session_time', 'PT10M'],
      ['cmi.exit', 'suspend'],
      ['cmi.interactions.0.id', 'q1'],
      ['cmi.interactions.0.type', 'choice'],
      ['cmi.interactions.0.learner_response', 'a'],
      ['cmi.interactions.0.correct_responses.0.pattern', 'a'],
      ['cmi.interactions.0.result', 'correct'],
      ['cmi.objectives.0.id', 'o1'],
      ['cmi.objectives.0.success_status', 'passed'],
    ])
      expect([el, api.SetValue(el, value)]).toEqual([el, 'true']);
    expect(api.Commit('')).toBe('true');
    const [commit] = await first.bodies();
    const body = JSON.parse(commit.body as string);
    expect(Object.keys(body).sort()).toEqual([
      'commitSequence',
      'completionStatus',
      'globalObjectives',
      'runtimeData',
      'score',
      'successStatus',
      'totalTimeSeconds',
    ]);
    const { cmi, sequence } = readCommitBody(body);
    expect(sequence).toBe(1);
    expect(validateCmi('2004', cmi).problems).toEqual([]);
    // The intermediate commit still holds the SCO's own statuses; the server applies the manifest rules.
    expect([(cmi as any).completion_status, (cmi as any).success_status]).toEqual(['incomplete', 'passed']);
    const tracking = deriveTracking('2004', cmi, { completionThreshold: 0.5, scaledPassingScore: 0.8 }, 'credit');
    expect([tracking.completion, tracking.success, tracking.scoreScaled, tracking.sessionTimeCs]).toEqual([
      'completed',
      'failed',
      0.79,
      60000,
    ]);

    expect(api.Terminate('')).toBe('true');
    const [finish] = await first.bodies();
    expect([finish.via, finish.contentType]).toEqual(['beacon', 'text/plain;charset=utf-8']);
    const final = readCommitBody(finish.body);
    expect(final.sequence).toBe(2);
    const stored = final.cmi as any;
    expect([stored.completion_status, stored.success_status, stored.total_time]).toEqual([
      'completed',
      'failed',
      'PT10M',
    ]);

    const second = loadScormAgain('scorm2004');
    const resumed = new second.api.Scorm2004API({ logLevel: 5 });
    const totalTimeCs = parseDuration2004(stored.session_time) ?? 0;
    resumed.loadFromJSON(second.inContext(buildLaunchData('2004', launch({ previousCmi: stored, totalTimeCs, sco }))));
    resumed.Initialize('');
    expect(
      [
        'entry',
        'location',
        'suspend_data',
        'total_time',
        'score.scaled',
        'interactions._count',
        'interactions.0.correct_responses.0.pattern',
        'objectives.0.id',
        'objectives.0.success_status',
      ].map((el) => resumed.GetValue(`cmi.${el}`)),
    ).toEqual(['resume', 'p3', '{"slide":3}', 'PT10M', '0.79', '1', 'a', 'o1', 'passed']);
    expect(resumed.GetLastError()).toBe('0');
  });
});
