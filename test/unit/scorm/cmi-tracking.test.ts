import { deriveTracking } from '../../../src/scorm/cmi';

/** The `cmi` of a SCORM 1.2 LMSCommit body exactly as scorm-again 3.4.3 posted it (docs/scorm-again.md). */
function commit12(core: Record<string, unknown> = {}, score: Record<string, string> = {}) {
  return {
    suspend_data: 'slide=7|quiz=1,0,1',
    launch_data: '',
    comments: '',
    comments_from_lms: '',
    core: {
      student_id: 'u-17',
      student_name: 'Muster, Max',
      lesson_location: 'slide-7',
      credit: 'credit',
      lesson_status: 'incomplete',
      entry: 'ab-initio',
      lesson_mode: 'normal',
      exit: 'suspend',
      session_time: '00:12:30.5',
      score: { raw: '', min: '', max: '100', ...score },
      ...core,
    },
    objectives: {},
    student_data: { mastery_score: '80', max_time_allowed: '', time_limit_action: '' },
    student_preference: { audio: '', language: '', speed: '', text: '' },
    interactions: {
      '0': {
        id: 'q1',
        time: '',
        type: 'choice',
        weighting: '',
        student_response: 'b',
        result: 'correct',
        latency: '',
        objectives: {},
        correct_responses: {},
      },
    },
  };
}

/** The `cmi` of a SCORM 2004 Commit body exactly as scorm-again 3.4.3 posted it. */
function commit2004(fields: Record<string, unknown> = {}, score: Record<string, string> = {}) {
  return {
    comments_from_learner: {},
    comments_from_lms: {},
    completion_status: 'incomplete',
    completion_threshold: '',
    credit: 'credit',
    entry: 'resume',
    exit: 'suspend',
    interactions: {},
    launch_data: '',
    learner_id: 'u-17',
    learner_name: 'Muster, Max',
    learner_preference: { audio_level: '1', language: '', delivery_speed: '1', audio_captioning: '0' },
    location: 'p3',
    max_time_allowed: '',
    mode: 'normal',
    objectives: {},
    progress_measure: '',
    scaled_passing_score: '',
    score: { scaled: '', raw: '', min: '', max: '', ...score },
    session_time: 'PT10M',
    success_status: 'unknown',
    suspend_data: 'abc',
    time_limit_action: 'continue,no message',
    ...fields,
  };
}

describe('deriveTracking, SCORM 1.2', () => {
  it('when the SCO reports incomplete, then the row reads incomplete with location, exit and session time', () => {
    expect(deriveTracking('1.2', commit12(), {}, 'credit')).toEqual({
      completion: 'incomplete',
      success: 'unknown',
      scoreRaw: null,
      scoreMin: null,
      scoreMax: 100,
      scoreScaled: null,
      progressMeasure: null,
      location: 'slide-7',
      exit: 'suspend',
      sessionTimeCs: 75050,
    });
  });

  it.each([
    ['passed', 'completed', 'passed'],
    ['completed', 'completed', 'unknown'],
    ['failed', 'completed', 'failed'],
    ['incomplete', 'incomplete', 'unknown'],
    ['browsed', 'incomplete', 'unknown'],
    ['not attempted', 'not attempted', 'unknown'],
    ['', 'unknown', 'unknown'],
    ['done', 'unknown', 'unknown'],
  ])('when lesson_status is %p, then completion is %p and success %p', (status, completion, success) => {
    const tracking = deriveTracking('1.2', commit12({ lesson_status: status }), {}, 'credit');
    expect([tracking.completion, tracking.success]).toEqual([completion, success]);
  });

  it('when the raw score equals the mastery score, then the SCO passed whatever status it set', () => {
    const tracking = deriveTracking(
      '1.2',
      commit12({ lesson_status: 'incomplete' }, { raw: '80' }),
      { masteryScore: 80 },
      'credit',
    );
    expect([tracking.completion, tracking.success, tracking.scoreRaw]).toEqual(['completed', 'passed', 80]);
  });

  it('when the raw score is just below the mastery score, then the SCO failed even if it said passed', () => {
    const tracking = deriveTracking(
      '1.2',
      commit12({ lesson_status: 'passed' }, { raw: '79.99' }),
      { masteryScore: 80 },
      'credit',
    );
    expect([tracking.completion, tracking.success]).toEqual(['completed', 'failed']);
  });

  it('when the session is no-credit, then the mastery score is ignored', () => {
    const tracking = deriveTracking(
      '1.2',
      commit12({ lesson_status: 'passed', credit: 'no-credit' }, { raw: '10' }),
      { masteryScore: 80 },
      'no-credit',
    );
    expect([tracking.completion, tracking.success]).toEqual(['completed', 'passed']);
  });

  it('when there is a mastery score but no raw score, then the SCO status stands', () => {
    const tracking = deriveTracking('1.2', commit12({ lesson_status: 'completed' }), { masteryScore: 80 }, 'credit');
    expect([tracking.completion, tracking.success]).toEqual(['completed', 'unknown']);
  });

  it('when the session time is malformed, then it counts as zero', () => {
    expect(deriveTracking('1.2', commit12({ session_time: 'PT10M' }), {}, 'credit').sessionTimeCs).toBe(0);
  });

  it('when the body is wrapped as {cmi: ...}, then it is read the same', () => {
    const body = { cmi: commit12({ lesson_status: 'passed' }) };
    expect(deriveTracking('1.2', body, {}, 'credit').success).toBe('passed');
  });
});

describe('deriveTracking, SCORM 2004', () => {
  it('when no rule applies, then the SCO statuses and scores are taken as sent', () => {
    const cmi = commit2004(
      { completion_status: 'completed', success_status: 'passed', progress_measure: '1' },
      { scaled: '0.9', raw: '90', min: '0', max: '100' },
    );
    expect(deriveTracking('2004', cmi, {}, 'credit')).toEqual({
      completion: 'completed',
      success: 'passed',
      scoreRaw: 90,
      scoreMin: 0,
      scoreMax: 100,
      scoreScaled: 0.9,
      progressMeasure: 1,
      location: 'p3',
      exit: 'suspend',
      sessionTimeCs: 60000,
    });
  });

  it('when nothing is set, then completion and success are unknown', () => {
    const cmi = commit2004({ completion_status: 'unknown', success_status: 'unknown', session_time: 'PT0H0M0S' });
    const tracking = deriveTracking('2004', cmi, {}, 'credit');
    expect([tracking.completion, tracking.success, tracking.scoreScaled, tracking.sessionTimeCs]).toEqual([
      'unknown',
      'unknown',
      null,
      0,
    ]);
  });

  it('when progress_measure equals the completion threshold, then it is completed although the SCO said incomplete', () => {
    const tracking = deriveTracking(
      '2004',
      commit2004({ progress_measure: '0.5' }),
      { completionThreshold: 0.5 },
      'credit',
    );
    expect(tracking.completion).toBe('completed');
  });

  it('when progress_measure is just below the threshold, then it is incomplete although the SCO said completed', () => {
    const cmi = commit2004({ completion_status: 'completed', progress_measure: '0.49' });
    expect(deriveTracking('2004', cmi, { completionThreshold: 0.5 }, 'credit').completion).toBe('incomplete');
  });

  it('when a threshold is defined but no progress_measure was set, then completion is unknown (RTE table 4.2.4.1a)', () => {
    const cmi = commit2004({ completion_status: 'completed', progress_measure: '' });
    expect(deriveTracking('2004', cmi, { completionThreshold: 0.8 }, 'credit').completion).toBe('unknown');
  });

  it('when score.scaled reaches the scaled passing score, then passed; just below, then failed', () => {
    const rules = { scaledPassingScore: 0.8 };
    expect(deriveTracking('2004', commit2004({}, { scaled: '0.8' }), rules, 'credit').success).toBe('passed');
    expect(
      deriveTracking('2004', commit2004({ success_status: 'passed' }, { scaled: '0.79' }), rules, 'credit').success,
    ).toBe('failed');
  });

  it('when a passing score is defined but no scaled score was set, then success is unknown', () => {
    const cmi = commit2004({ success_status: 'passed' });
    expect(deriveTracking('2004', cmi, { scaledPassingScore: 0.8 }, 'credit').success).toBe('unknown');
  });

  it('when the SCO sends a status outside the vocabulary, then it reads as unknown', () => {
    const cmi = commit2004({ completion_status: 'done', success_status: 'yes' });
    const tracking = deriveTracking('2004', cmi, {}, 'credit');
    expect([tracking.completion, tracking.success]).toEqual(['unknown', 'unknown']);
  });

  it('when the cmi is not an object, then everything is unknown or empty', () => {
    expect(deriveTracking('2004', 'garbage', {}, 'credit')).toEqual({
      completion: 'unknown',
      success: 'unknown',
      scoreRaw: null,
      scoreMin: null,
      scoreMax: null,
      scoreScaled: null,
      progressMeasure: null,
      location: '',
      exit: '',
      sessionTimeCs: 0,
    });
  });
});
