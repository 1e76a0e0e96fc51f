import { buildLaunchData, type LaunchInput } from '../../../src/scorm/cmi';

const learner = { id: 'u-17', firstName: 'Max', lastName: 'Muster' };

function input(overrides: Partial<LaunchInput> = {}): LaunchInput {
  return { totalTimeCs: 0, learner, sco: {}, mode: 'normal', credit: 'credit', ...overrides };
}

/** A stored SCORM 1.2 cmi as scorm-again 3.4.3 sent it on LMSFinish (arrays as index-keyed objects). */
const stored12 = {
  suspend_data: 'slide=7|quiz=1,0,1',
  launch_data: 'old-launch',
  comments: 'Notiz',
  comments_from_lms: '',
  core: {
    student_id: 'u-17',
    student_name: 'Muster, Max',
    lesson_location: 'slide-7',
    credit: 'credit',
    lesson_status: 'failed',
    entry: 'ab-initio',
    lesson_mode: 'normal',
    exit: 'suspend',
    session_time: '00:10:00',
    score: { raw: '0', min: '', max: '100' },
    total_time: '01:10:00',
  },
  objectives: { '0': { id: 'obj-1', status: 'passed', score: { raw: '', min: '', max: '100' } } },
  student_data: { mastery_score: '50', max_time_allowed: '', time_limit_action: '' },
  student_preference: { audio: '', language: 'de', speed: '', text: '' },
  interactions: {
    // keys in the order a MySQL JSON column returns them: shortest first
    '0': {
      id: 'q1',
      time: '',
      type: 'choice',
      result: 'correct',
      latency: '',
      weighting: '',
      objectives: {},
      student_response: 'b',
      correct_responses: { '0': { pattern: 'b' } },
    },
  },
};

describe('buildLaunchData, SCORM 1.2', () => {
  it('when launched the first time, then entry is ab-initio and LMS-owned values are set', () => {
    const data = buildLaunchData(
      '1.2',
      input({
        totalTimeCs: 0,
        sco: { dataFromLms: 'lang=de', masteryScore: 80, maxTimeAllowed: '00:30:00', timeLimitAction: 'exit,message' },
      }),
    );
    expect(data).toEqual({
      core: {
        student_id: 'u-17',
        student_name: 'Muster, Max',
        credit: 'credit',
        entry: 'ab-initio',
        lesson_mode: 'normal',
        total_time: '00:00:00',
      },
      launch_data: 'lang=de',
      student_data: { mastery_score: '80', max_time_allowed: '00:30:00', time_limit_action: 'exit,message' },
    });
  });

  it('when the previous session exited with suspend, then entry is resume and the prior state is carried over', () => {
    const data = buildLaunchData('1.2', input({ previousCmi: stored12, totalTimeCs: 420000 })) as any;
    expect(data.core).toEqual({
      student_id: 'u-17',
      student_name: 'Muster, Max',
      lesson_location: 'slide-7',
      lesson_status: 'failed',
      credit: 'credit',
      entry: 'resume',
      lesson_mode: 'normal',
      total_time: '01:10:00',
      score: { raw: '0', max: '100' },
    });
    expect(data.suspend_data).toBe('slide=7|quiz=1,0,1');
    expect(data.comments).toBe('Notiz');
    expect(data.student_preference).toEqual({ language: 'de' });
    expect(data.objectives).toEqual([{ id: 'obj-1', status: 'passed', score: { max: '100' } }]);
    expect(data.interactions).toEqual([
      { id: 'q1', type: 'choice', student_response: 'b', result: 'correct', correct_responses: [{ pattern: 'b' }] },
    ]);
    expect(Object.keys(data.interactions[0]).slice(0, 2)).toEqual(['id', 'type']);
  });

  it('when resuming, then session_time, exit and the old LMS-owned values are not carried over', () => {
    const data = buildLaunchData('1.2', input({ previousCmi: stored12, sco: {} })) as any;
    expect(data.core.session_time).toBeUndefined();
    expect(data.core.exit).toBeUndefined();
    expect(data.launch_data).toBeUndefined();
    expect(data.student_data).toBeUndefined();
    expect(data.comments_from_lms).toBeUndefined();
  });

  it.each([['logout'], ['time-out'], ['']])('when the previous exit was %p, then entry is empty', (exit) => {
    const data = buildLaunchData(
      '1.2',
      input({ previousCmi: { ...stored12, core: { ...stored12.core, exit } } }),
    ) as any;
    expect(data.core.entry).toBe('');
  });

  it('when previousExit is given, then it wins over the exit in the stored cmi', () => {
    const data = buildLaunchData('1.2', input({ previousCmi: stored12, previousExit: '' })) as any;
    expect(data.core.entry).toBe('');
  });

  it('when in review mode without credit, then lesson_mode and credit say so', () => {
    const data = buildLaunchData('1.2', input({ mode: 'review', credit: 'no-credit' })) as any;
    expect([data.core.lesson_mode, data.core.credit]).toEqual(['review', 'no-credit']);
  });

  it('when the manifest values are out of range or unknown, then they are left out', () => {
    const data = buildLaunchData(
      '1.2',
      input({ sco: { masteryScore: 120, maxTimeAllowed: 'soon', timeLimitAction: 'explode' } }),
    );
    expect(data.student_data).toBeUndefined();
  });

  it('when the learner has only a last name, then the name has no dangling comma', () => {
    const data = buildLaunchData('1.2', input({ learner: { id: 'x', firstName: ' ', lastName: 'Muster' } })) as any;
    expect(data.core.student_name).toBe('Muster');
  });
});

const stored2004 = {
  comments_from_learner: { '0': { comment: 'Gut erklärt', location: 'p2', timestamp: '2024-05-01T10:00:00' } },
  comments_from_lms: {},
  completion_status: 'incomplete',
  completion_threshold: '0.5',
  credit: 'credit',
  entry: 'ab-initio',
  exit: 'suspend',
  interactions: {
    '0': {
      learner_response: 'a',
      result: 'correct',
      type: 'choice',
      id: 'q1',
      objectives: {},
      timestamp: '',
      weighting: '',
      latency: 'PT5S',
      description: '',
      correct_responses: { '0': { pattern: 'a' } },
    },
  },
  launch_data: '',
  learner_id: 'u-17',
  learner_name: 'Muster, Max',
  learner_preference: { audio_level: '1', language: '', delivery_speed: '1', audio_captioning: '0' },
  location: 'p3',
  max_time_allowed: '',
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
  progress_measure: '0.4',
  scaled_passing_score: '',
  score: { scaled: '0', raw: '0', min: '0', max: '10' },
  session_time: 'PT10M',
  success_status: 'unknown',
  suspend_data: 'abc',
  time_limit_action: 'continue,no message',
  total_time: 'PT1H10M',
};

describe('buildLaunchData, SCORM 2004', () => {
  it('when resuming a suspended attempt, then prior data is carried over and LMS values come from the input', () => {
    const data = buildLaunchData(
      '2004',
      input({
        previousCmi: { cmi: stored2004 },
        totalTimeCs: 420000,
        sco: {
          completionThreshold: 0.8,
          scaledPassingScore: 0.7,
          maxTimeAllowed: 'PT2H',
          timeLimitAction: 'continue,message',
          dataFromLms: 'x=1',
        },
      }),
    );
    expect(data).toEqual({
      learner_id: 'u-17',
      learner_name: 'Muster, Max',
      credit: 'credit',
      mode: 'normal',
      entry: 'resume',
      total_time: 'PT1H10M',
      launch_data: 'x=1',
      completion_threshold: '0.8',
      scaled_passing_score: '0.7',
      max_time_allowed: 'PT2H',
      time_limit_action: 'continue,message',
      location: 'p3',
      suspend_data: 'abc',
      completion_status: 'incomplete',
      success_status: 'unknown',
      progress_measure: '0.4',
      score: { scaled: '0', raw: '0', min: '0', max: '10' },
      learner_preference: { audio_level: '1', delivery_speed: '1', audio_captioning: '0' },
      comments_from_learner: [{ comment: 'Gut erklärt', location: 'p2', timestamp: '2024-05-01T10:00:00' }],
      objectives: [{ id: 'o1', success_status: 'passed', completion_status: 'unknown', score: { scaled: '0.9' } }],
      interactions: [
        {
          id: 'q1',
          type: 'choice',
          learner_response: 'a',
          result: 'correct',
          latency: 'PT5S',
          correct_responses: [{ pattern: 'a' }],
        },
      ],
    });
  });

  it('when the previous exit was logout (deprecated) or normal, then entry is empty', () => {
    for (const exit of ['logout', 'normal']) {
      expect(buildLaunchData('2004', input({ previousCmi: { ...stored2004, exit } })).entry).toBe('');
    }
  });

  it('when launched the first time, then entry is ab-initio and total_time is PT0S', () => {
    const data = buildLaunchData('2004', input());
    expect([data.entry, data.total_time]).toEqual(['ab-initio', 'PT0S']);
  });

  it('when the 1.2 manifest gave a max time as HH:MM:SS, then 2004 gets it as ISO duration', () => {
    expect(buildLaunchData('2004', input({ sco: { maxTimeAllowed: '01:30:00' } })).max_time_allowed).toBe('PT1H30M');
  });

  it('when stored interactions lack an id, then they are dropped and the rest re-indexed', () => {
    const previousCmi = {
      ...stored2004,
      interactions: { '0': { type: 'choice', result: 'correct' }, '3': { id: 'q4', type: 'numeric', result: '2.5' } },
    };
    expect(buildLaunchData('2004', input({ previousCmi })).interactions).toEqual([
      { id: 'q4', type: 'numeric', result: '2.5' },
    ]);
  });
});
