/** Shared types of the SCORM runtime data rules (no I/O, no framework). */

export type ScormVersion = '1.2' | '2004';
export type Credit = 'credit' | 'no-credit';
export type LaunchMode = 'normal' | 'review' | 'browse';

/** Rules the manifest attaches to one SCO; the server, not the SCO, owns them. */
export type ScoRules = {
  /** SCORM 1.2 adlcp:masteryscore, 0..100 */
  masteryScore?: number;
  /** SCORM 2004 adlcp:completionThreshold, 0..1 */
  completionThreshold?: number;
  /** SCORM 2004 imsss:minNormalizedMeasure of the primary objective (satisfiedByMeasure), -1..1 */
  scaledPassingScore?: number;
};

export type Completion = 'not attempted' | 'incomplete' | 'completed' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';

/** The derived columns of one (attempt, SCO) row, computed from one commit. */
export type Tracking = {
  completion: Completion;
  success: Success;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  progressMeasure: number | null;
  location: string;
  exit: string;
  /** This session's time as reported by the SCO (centiseconds); 0 when absent or malformed. */
  sessionTimeCs: number;
};

export type CmiProblem = { element: string; errorCode: number; message: string };

export type CmiValidation = { clean: Record<string, unknown>; problems: CmiProblem[] };

export type LaunchInput = {
  /** Last stored cmi object of this attempt+SCO (as scorm-again committed it), or undefined on first launch. */
  previousCmi?: unknown;
  /** cmi.core.exit / cmi.exit of the previous session; read from previousCmi when not given. */
  previousExit?: string;
  /** total_time the server has accumulated so far, in centiseconds. */
  totalTimeCs: number;
  learner: { id: string; firstName: string; lastName: string };
  sco: {
    dataFromLms?: string;
    masteryScore?: number;
    maxTimeAllowed?: string;
    timeLimitAction?: string;
    completionThreshold?: number;
    scaledPassingScore?: number;
  };
  mode: LaunchMode;
  credit: Credit;
};
