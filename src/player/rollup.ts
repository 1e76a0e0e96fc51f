/**
 * Rolls the tracking rows of one attempt up to the attempt (pure, no I/O):
 * - completion: 'completed' when every SCO is completed (assets never count), 'incomplete' once
 *   any SCO was touched, else 'not attempted';
 * - success: with mastery rules, 'passed' when every SCO with a rule passed, 'failed' when one of
 *   them failed; without rules, what the SCOs say ('failed' if one failed, 'passed' if all passed);
 * - score: mean of the SCOs' scaled scores; a 1.2 SCO (no scaled score) counts with raw/max when
 *   min/max (0–100 when not sent) allow it, so a 1.2 package still gets a score on its completion;
 * - progress: the mean over SCOs of 1 for a completed SCO, else its own progress_measure (0–1) if it
 *   reports one — so a one-SCO course that tracks its chapters shows real progress, not 0 % until done.
 * `qualifies` says whether the attempt earns the package completion: completed, and passed where
 * a mastery rule exists, never when a SCO reported failure.
 */
export interface ScoState {
  scoId: number;
  completion: string;
  success: string;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  /** 2004 cmi.progress_measure (0–1) as the SCO reported it, if it did. */
  progressMeasure?: number | null;
  totalTimeCs: number;
}

export interface AttemptRollup {
  completion: 'not attempted' | 'incomplete' | 'completed';
  success: 'passed' | 'failed' | 'unknown';
  scoreScaled: number | null;
  progress: number;
  totalTimeCs: number;
  qualifies: boolean;
  passed: boolean | null;
}

export function rollupAttempt(scos: { id: number; hasMasteryRule: boolean }[], states: ScoState[]): AttemptRollup {
  const byId = new Map(states.map((s) => [s.scoId, s]));
  const rows = scos.map((sco) => ({ sco, state: byId.get(sco.id) }));
  const completed = rows.filter((r) => r.state?.completion === 'completed').length;
  const touched = rows.some((r) => r.state && r.state.completion !== 'not attempted');
  const allCompleted = scos.length > 0 && completed === scos.length;

  const ruled = rows.filter((r) => r.sco.hasMasteryRule);
  const judged = ruled.length > 0 ? ruled : rows;
  let success: AttemptRollup['success'] = 'unknown';
  if (judged.some((r) => r.state?.success === 'failed')) success = 'failed';
  else if (judged.length > 0 && judged.every((r) => r.state?.success === 'passed')) success = 'passed';

  const scores = rows.map((r) => scaledOf(r.state)).filter((v): v is number => v !== null);
  const scoreScaled = scores.length ? round4(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
  const anyFailed = rows.some((r) => r.state?.success === 'failed');
  const qualifies = allCompleted && !anyFailed && (ruled.length === 0 || success === 'passed');
  return {
    completion: allCompleted ? 'completed' : touched ? 'incomplete' : 'not attempted',
    success,
    scoreScaled,
    progress: scos.length ? round4(rows.reduce((sum, r) => sum + scoProgress(r.state), 0) / scos.length) : 0,
    totalTimeCs: states.reduce((sum, s) => sum + (s.totalTimeCs || 0), 0),
    qualifies,
    passed: success === 'passed' ? true : ruled.length > 0 ? false : null,
  };
}

function scaledOf(state: ScoState | undefined): number | null {
  if (!state) return null;
  if (state.scoreScaled !== null) return state.scoreScaled;
  const { scoreRaw: raw, scoreMin: min, scoreMax: max } = state;
  if (raw === null) return null;
  const lo = min ?? 0;
  const hi = max ?? 100;
  return hi > lo ? Math.max(-1, Math.min(1, (raw - lo) / (hi - lo))) : null;
}

const round4 = (n: number): number => Math.round(n * 10000) / 10000;

/** Status of a package for one learner, as the home page, /learning and the API show it. */
export type PackageStatus = 'not_started' | 'in_progress' | 'completed' | 'passed' | 'failed';

export function packageStatus(
  completion: { passed: boolean | null } | null,
  attempt: { completion: string; success: string } | null,
): PackageStatus {
  if (completion) return completion.passed ? 'passed' : 'completed';
  if (!attempt) return 'not_started';
  if (attempt.success === 'failed') return 'failed';
  return 'in_progress';
}

function scoProgress(state: ScoState | undefined): number {
  if (!state) return 0;
  if (state.completion === 'completed') return 1;
  const measure = state.progressMeasure;
  return typeof measure === 'number' && Number.isFinite(measure) ? Math.min(1, Math.max(0, measure)) : 0;
}
