import { readCommitBody, validateCmi } from '../../../src/scorm/cmi';

/** `cmi` of a real scorm-again 3.4.3 SCORM 1.2 commit (see docs/scorm-again.md). */
function body12() {
  return {
    suspend_data: 'abc',
    launch_data: 'x=1',
    comments: '',
    comments_from_lms: '',
    core: {
      student_id: 'u1',
      student_name: 'Muster, Max',
      lesson_location: 'p3',
      credit: 'credit',
      lesson_status: 'completed',
      entry: 'resume',
      lesson_mode: 'normal',
      exit: 'suspend',
      session_time: '00:10:00',
      score: { raw: '79.99', min: '', max: '100' },
    },
    objectives: { '0': { id: 'o1', status: 'passed', score: { raw: '', min: '', max: '100' } } },
    student_data: { mastery_score: '80', max_time_allowed: '', time_limit_action: '' },
    student_preference: { audio: '', language: '', speed: '', text: '' },
    interactions: {
      '0': {
        id: 'q1',
        time: '',
        type: 'choice',
        weighting: '',
        student_response: 'a',
        result: 'correct',
        latency: '',
        objectives: {},
        correct_responses: {},
      },
    },
  } as Record<string, any>;
}

/** `cmi` of a real scorm-again 3.4.3 SCORM 2004 commit. */
function body2004() {
  return {
    comments_from_learner: {},
    comments_from_lms: {},
    completion_status: 'incomplete',
    completion_threshold: '0.5',
    credit: 'credit',
    entry: 'resume',
    exit: 'suspend',
    interactions: {
      '0': {
        id: 'q1',
        type: 'choice',
        objectives: {},
        timestamp: '2018-08-26T11:05:21',
        weighting: '',
        learner_response: 'a',
        result: 'correct',
        latency: 'PT2M30S',
        description: '',
        correct_responses: { '0': { pattern: 'a' } },
      },
    },
    launch_data: 'x=1',
    learner_id: 'u1',
    learner_name: 'Muster, Max',
    learner_preference: { audio_level: '1', language: '', delivery_speed: '1', audio_captioning: '0' },
    location: 'p3',
    max_time_allowed: 'PT2H',
    mode: 'normal',
    objectives: {
      '0': {
        id: 'o1',
        success_status: 'passed',
        completion_status: 'unknown',
        progress_measure: '',
        description: '',
        score: { scaled: '0.9', raw: '', min: '', max: '' },
      },
    },
    progress_measure: '0.5',
    scaled_passing_score: '0.8',
    score: { scaled: '0.79', raw: '79', min: '', max: '' },
    session_time: 'PT10M',
    success_status: 'passed',
    suspend_data: 'abc',
    time_limit_action: 'continue,no message',
  } as Record<string, any>;
}

describe('validateCmi, SCORM 1.2', () => {
  it('when the body is what scorm-again sends, then nothing is reported and clean equals the input', () => {
    const result = validateCmi('1.2', body12());
    expect(result).toEqual({ clean: body12(), problems: [] });
  });

  it('when lesson_status is outside the vocabulary, then it is removed and reported as 405', () => {
    const cmi = body12();
    cmi.core.lesson_status = 'done';
    const { clean, problems } = validateCmi('1.2', cmi);
    expect(problems).toEqual([
      { element: 'cmi.core.lesson_status', errorCode: 405, message: expect.stringContaining('Ungültiger Wert') },
    ]);
    expect(clean.core).not.toHaveProperty('lesson_status');
    expect((clean.core as any).lesson_location).toBe('p3');
  });

  it('when the raw score is above 100 or not a number, then 1.2 reports 405 for both (1.2 has no range code)', () => {
    const cmi = body12();
    cmi.core.score.raw = '101';
    cmi.objectives['0'].score.raw = 'viel';
    const { clean, problems } = validateCmi('1.2', cmi);
    expect(problems.map((p) => [p.element, p.errorCode])).toEqual([
      ['cmi.core.score.raw', 405],
      ['cmi.objectives.0.score.raw', 405],
    ]);
    expect((clean as any).core.score).toEqual({ min: '', max: '100' });
  });

  it('when suspend_data is far beyond 4096 characters but within the cap, then it is kept; beyond the cap it is refused (405)', () => {
    const cmi = body12();
    cmi.suspend_data = 'z'.repeat(60000);
    const { clean, problems } = validateCmi('1.2', cmi);
    expect(problems).toEqual([]);
    expect(clean.suspend_data).toHaveLength(60000);
    cmi.suspend_data = 'z'.repeat(100000);
    expect(validateCmi('1.2', cmi).problems.map((p) => [p.element, p.errorCode])).toEqual([['cmi.suspend_data', 405]]);
    expect(validateCmi('1.2', cmi, { suspendDataMax: 200000, textMax: 4096, maxItems: 10 }).problems).toEqual([]);
  });

  it('when lesson_location is longer than CMIString255, then it is reported', () => {
    const cmi = body12();
    cmi.core.lesson_location = 'p'.repeat(256);
    expect(validateCmi('1.2', cmi).problems.map((p) => p.element)).toEqual(['cmi.core.lesson_location']);
  });

  it('when interaction fields break the model, then only those fields go', () => {
    const cmi = body12();
    Object.assign(cmi.interactions['0'], { type: 'essay', result: 'half', latency: '5 min', time: '25:00:00' });
    const { clean, problems } = validateCmi('1.2', cmi);
    expect(problems.map((p) => p.element)).toEqual([
      'cmi.interactions.0.time',
      'cmi.interactions.0.type',
      'cmi.interactions.0.result',
      'cmi.interactions.0.latency',
    ]);
    expect((clean as any).interactions['0']).toEqual({
      id: 'q1',
      weighting: '',
      student_response: 'a',
      objectives: {},
      correct_responses: {},
    });
  });

  it('when exit, session_time or a preference is malformed, then each is reported', () => {
    const cmi = body12();
    Object.assign(cmi.core, { exit: 'normal', session_time: 'PT10M' });
    cmi.student_preference.text = '2';
    expect(validateCmi('1.2', cmi).problems.map((p) => p.element)).toEqual([
      'cmi.core.exit',
      'cmi.core.session_time',
      'cmi.student_preference.text',
    ]);
  });

  it('when a value is an object where text is expected, then it is a type error', () => {
    const cmi = body12();
    cmi.core.lesson_status = { evil: true };
    expect(validateCmi('1.2', cmi).problems).toEqual([
      { element: 'cmi.core.lesson_status', errorCode: 405, message: expect.any(String) },
    ]);
  });

  it('when unknown keys are present, then they are kept untouched', () => {
    const cmi = { ...body12(), vendor_extension: { anything: [1, 2] } };
    expect(validateCmi('1.2', cmi).clean.vendor_extension).toEqual({ anything: [1, 2] });
  });

  it('when the input is not an object, then clean is empty and one problem is reported', () => {
    expect(validateCmi('1.2', 'cmi.core.exit=suspend')).toEqual({
      clean: {},
      problems: [{ element: 'cmi', errorCode: 405, message: expect.any(String) }],
    });
  });

  it('when validating, then the input object is not changed', () => {
    const cmi = body12();
    cmi.core.lesson_status = 'done';
    validateCmi('1.2', cmi);
    expect(cmi.core.lesson_status).toBe('done');
  });
});

describe('validateCmi, SCORM 2004', () => {
  it('when the body is what scorm-again sends, then nothing is reported', () => {
    expect(validateCmi('2004', body2004())).toEqual({ clean: body2004(), problems: [] });
  });

  it('when score.scaled is outside -1..1, then 407 Value Out Of Range', () => {
    const cmi = body2004();
    cmi.score.scaled = '1.5';
    const { clean, problems } = validateCmi('2004', cmi);
    expect(problems).toEqual([
      { element: 'cmi.score.scaled', errorCode: 407, message: expect.stringContaining('-1 bis 1') },
    ]);
    expect(clean.score).toEqual({ raw: '79', min: '', max: '' });
  });

  it('when progress_measure is outside 0..1 or not a number, then 407 resp. 406', () => {
    const cmi = body2004();
    cmi.progress_measure = '-0.1';
    cmi.objectives['0'].progress_measure = 'halb';
    expect(validateCmi('2004', cmi).problems.map((p) => [p.element, p.errorCode])).toEqual([
      ['cmi.objectives.0.progress_measure', 406],
      ['cmi.progress_measure', 407],
    ]);
  });

  it('when statuses, exit or durations are outside the model, then 406 Type Mismatch', () => {
    const cmi = body2004();
    Object.assign(cmi, {
      completion_status: 'passed',
      success_status: 'completed',
      exit: 'quit',
      session_time: '00:10:00',
    });
    cmi.interactions['0'].result = 'wrong'; // 1.2 vocabulary, not 2004
    cmi.interactions['0'].timestamp = 'gestern';
    const problems = validateCmi('2004', cmi).problems;
    expect(problems.map((p) => p.element).sort()).toEqual([
      'cmi.completion_status',
      'cmi.exit',
      'cmi.interactions.0.result',
      'cmi.interactions.0.timestamp',
      'cmi.session_time',
      'cmi.success_status',
    ]);
    expect(new Set(problems.map((p) => p.errorCode))).toEqual(new Set([406]));
  });

  it('when exit is normal or logout, then it is valid in 2004', () => {
    for (const exit of ['normal', 'logout', 'time-out', '']) {
      expect(validateCmi('2004', { ...body2004(), exit }).problems).toEqual([]);
    }
  });

  it('when location or suspend_data exceed the SPM, then they are kept (SPM is a minimum)', () => {
    const cmi = { ...body2004(), location: 'l'.repeat(2000), suspend_data: 's'.repeat(64000) };
    expect(validateCmi('2004', cmi).problems).toEqual([]);
  });

  it('when the result is a number, then it is valid', () => {
    const cmi = body2004();
    cmi.interactions['0'].result = '-2.5';
    expect(validateCmi('2004', cmi).problems).toEqual([]);
  });

  it('when the cmi arrays arrive as real arrays, then they are checked by index as well', () => {
    const cmi = body2004();
    cmi.objectives = [
      { id: 'o1', success_status: 'maybe' },
      { id: 'o2', success_status: 'passed' },
    ];
    const { clean, problems } = validateCmi('2004', cmi);
    expect(problems.map((p) => p.element)).toEqual(['cmi.objectives.0.success_status']);
    expect(clean.objectives).toEqual([{ id: 'o1' }, { id: 'o2', success_status: 'passed' }]);
  });
});

describe('readCommitBody', () => {
  it('when the body is scorm-again json, then the cmi object is returned', () => {
    expect(readCommitBody({ cmi: body2004() })).toEqual({ cmi: body2004(), sequence: null });
  });

  it('when the body has the common commit fields and a sequence, then runtimeData.cmi and the sequence are returned', () => {
    const body = {
      completionStatus: 'incomplete',
      successStatus: 'passed',
      totalTimeSeconds: 0,
      runtimeData: { cmi: body2004() },
      commitSequence: 4,
    };
    expect(readCommitBody(body)).toEqual({ cmi: body2004(), sequence: 4 });
  });

  it('when the terminate beacon arrives as text/plain, then the JSON text is parsed', () => {
    expect(readCommitBody(JSON.stringify({ cmi: body12() })).cmi).toEqual(body12());
  });

  it('when the body is flattened, then it is nested like the json format', () => {
    const body = {
      'cmi.core.exit': 'suspend',
      'cmi.interactions.0.id': 'q1',
      'cmi.interactions.0.type': 'choice',
      'cmi.__proto__.x': 'y',
    };
    expect(readCommitBody(body).cmi).toEqual({
      core: { exit: 'suspend' },
      interactions: { '0': { id: 'q1', type: 'choice' } },
    });
  });

  it('when the body is not JSON or holds no cmi, then cmi is null', () => {
    expect(readCommitBody('{oops').cmi).toBeNull();
    expect(readCommitBody({ result: true }).cmi).toBeNull();
    expect(readCommitBody(null).cmi).toBeNull();
  });
});
