import { rollupAttempt, packageStatus, type ScoState } from '../../../src/player/rollup';

const state = (scoId: number, completion: string, success = 'unknown', score: Partial<ScoState> = {}): ScoState => ({
  scoId,
  completion,
  success,
  scoreRaw: null,
  scoreMin: null,
  scoreMax: null,
  scoreScaled: null,
  totalTimeCs: 100,
  ...score,
});

describe('rolling SCO rows up to the attempt', () => {
  const two = [
    { id: 1, hasMasteryRule: false },
    { id: 2, hasMasteryRule: false },
  ];

  it('when one of two SCOs is completed, then the attempt is incomplete at 50 % and earns nothing', () => {
    const r = rollupAttempt(two, [state(1, 'completed'), state(2, 'not attempted')]);
    expect(r).toMatchObject({ completion: 'incomplete', progress: 0.5, qualifies: false, totalTimeCs: 200 });
  });

  it('when every SCO is completed and none has a mastery rule, then the attempt qualifies without a verdict', () => {
    const r = rollupAttempt(two, [state(1, 'completed'), state(2, 'completed')]);
    expect(r).toMatchObject({
      completion: 'completed',
      success: 'unknown',
      progress: 1,
      qualifies: true,
      passed: null,
    });
  });

  it('when a SCO with a mastery rule failed, then the attempt is completed but failed and does not qualify', () => {
    const ruled = [
      { id: 1, hasMasteryRule: true },
      { id: 2, hasMasteryRule: false },
    ];
    const r = rollupAttempt(ruled, [state(1, 'completed', 'failed'), state(2, 'completed')]);
    expect(r).toMatchObject({ completion: 'completed', success: 'failed', qualifies: false, passed: false });
  });

  it('when the SCOs with a rule passed, then the attempt passed and its score is the mean (1.2 raw counts as raw/max)', () => {
    const ruled = [
      { id: 1, hasMasteryRule: true },
      { id: 2, hasMasteryRule: false },
    ];
    const r = rollupAttempt(ruled, [
      state(1, 'completed', 'passed', { scoreScaled: 0.9 }),
      state(2, 'completed', 'unknown', { scoreRaw: 35, scoreMin: 0, scoreMax: 50 }),
    ]);
    expect(r).toMatchObject({ success: 'passed', qualifies: true, passed: true, scoreScaled: 0.8 });
  });

  it('when assets are left out of the list, then they never hold progress back', () => {
    expect(rollupAttempt([{ id: 1, hasMasteryRule: false }], [state(1, 'completed')]).progress).toBe(1);
    expect(rollupAttempt([], []).completion).toBe('not attempted');
  });
});

describe('package status', () => {
  it('when a completion was earned, then it decides, whatever the current attempt says', () => {
    expect(packageStatus({ passed: true }, { completion: 'incomplete', success: 'unknown' })).toBe('passed');
    expect(packageStatus({ passed: null }, null)).toBe('completed');
    expect(packageStatus(null, { completion: 'completed', success: 'failed' })).toBe('failed');
    expect(packageStatus(null, { completion: 'incomplete', success: 'unknown' })).toBe('in_progress');
    expect(packageStatus(null, null)).toBe('not_started');
  });
});

describe('progress from progress_measure', () => {
  it('when a one-SCO course reports progress_measure 0.25, then the attempt shows 25 % before completion and 100 % after', () => {
    const scos = [{ id: 1, hasMasteryRule: true }];
    const base = {
      scoId: 1,
      success: 'unknown',
      scoreRaw: null,
      scoreMin: null,
      scoreMax: null,
      scoreScaled: null,
      totalTimeCs: 0,
    };
    expect(rollupAttempt(scos, [{ ...base, completion: 'incomplete', progressMeasure: 0.25 }]).progress).toBe(0.25);
    expect(rollupAttempt(scos, [{ ...base, completion: 'completed', progressMeasure: 0.5 }]).progress).toBe(1);
    expect(rollupAttempt(scos, [{ ...base, completion: 'incomplete', progressMeasure: 7 }]).progress).toBe(1);
    expect(rollupAttempt(scos, [{ ...base, completion: 'incomplete' }]).progress).toBe(0);
  });
});
