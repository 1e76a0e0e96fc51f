/**
 * Reads what the server needs from scorm-again's serialized sequencing state
 * (`api.serializeSequencingState()`, stored in attempts.sequencing_state): which activity a
 * "resume all" returns to, and the root activity's rolled-up status — the package's status for the
 * dashboard. Defensive: the JSON comes from the browser, so anything unexpected yields undefined
 * rather than a throw.
 */

export type RolledUpCompletion = 'completed' | 'incomplete' | 'not attempted' | 'unknown';
export type RolledUpSuccess = 'passed' | 'failed' | 'unknown';

export interface SequencingStateSummary {
  /** Set after "suspend all": the activity "resume all" delivers. */
  suspendedActivityId: string | null;
  currentActivityId: string | null;
  root: {
    completion: RolledUpCompletion;
    success: RolledUpSuccess;
    /** The root's objective normalized measure (-1…1) when known. */
    scaled: number | null;
  };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const idOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function completionOf(v: unknown): RolledUpCompletion {
  return v === 'completed' || v === 'incomplete' || v === 'not attempted' ? v : 'unknown';
}

function successOf(state: Json): RolledUpSuccess {
  if (state.successStatus === 'passed' || state.successStatus === 'failed') return state.successStatus;
  // Rollup may set the objective flags before successStatus is mirrored.
  if (state.objectiveSatisfiedStatusKnown === true)
    return state.objectiveSatisfiedStatus === true ? 'passed' : 'failed';
  return 'unknown';
}

/** A stored state arrives as the JSON text of the column or as an already parsed object. */
function parseState(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function summarizeSequencingState(raw: unknown, rootActivityId: string): SequencingStateSummary | undefined {
  const parsed = parseState(raw);
  if (!isObject(parsed) || !isObject(parsed.sequencing)) return undefined;
  const seq = parsed.sequencing;
  const states = isObject(seq.activityStates) ? seq.activityStates : undefined;
  const root = states && isObject(states[rootActivityId]) ? (states[rootActivityId] as Json) : undefined;
  if (!root) return undefined;
  const measureKnown = root.objectiveMeasureStatus === true && typeof root.objectiveNormalizedMeasure === 'number';
  return {
    suspendedActivityId: idOrNull(seq.suspendedActivity),
    currentActivityId: idOrNull(seq.currentActivity) ?? idOrNull(parsed.currentActivityId),
    root: {
      completion: completionOf(root.completionStatus),
      success: successOf(root),
      scaled: measureKnown ? (root.objectiveNormalizedMeasure as number) : null,
    },
  };
}

/**
 * The global objectives of a serialized state, in the shape `api.restoreGlobalObjectiveSnapshot`
 * takes: with objectivesGlobalToSystem (the default) a new attempt starts from what earlier attempts
 * achieved, since scorm-again itself keeps globals only within one API's life.
 */
export function globalObjectiveSnapshotOf(raw: unknown): Record<string, unknown> | undefined {
  const parsed = parseState(raw);
  if (!isObject(parsed) || !isObject(parsed.globalObjectiveMap)) return undefined;
  return Object.keys(parsed.globalObjectiveMap).length > 0 ? parsed.globalObjectiveMap : undefined;
}
