/**
 * Derives the tracking columns of one (attempt, SCO) from the cmi object of a commit.
 *
 * The server applies the manifest rules itself on every commit: scorm-again writes its
 * mastery / threshold overrides into the committed cmi only on LMSFinish/Terminate, so an
 * intermediate commit still carries the SCO's own status.
 */
import { asNumber, asText, getIn, unwrapCmi, type CmiRecord } from './cmi-object';
import { parseDuration12, parseDuration2004 } from './duration';
import type { Completion, Credit, ScoRules, ScormVersion, Success, Tracking } from './types';

/**
 * SCORM 1.2 has one lesson_status; it is split the way SCORM 2004 and Rustici's engine read it:
 * 'failed' means the learner finished the SCO without mastering it, so completion is
 * 'completed' and success 'failed'. (Moodle's "status required: completed" does not count
 * 'failed'; callers that gate on completion must also look at success — see README.)
 * 'browsed' (seen in browse mode) counts as not finished.
 */
const STATUS_12: Record<string, { completion: Completion; success: Success }> = {
  passed: { completion: 'completed', success: 'passed' },
  completed: { completion: 'completed', success: 'unknown' },
  failed: { completion: 'completed', success: 'failed' },
  incomplete: { completion: 'incomplete', success: 'unknown' },
  browsed: { completion: 'incomplete', success: 'unknown' },
  'not attempted': { completion: 'not attempted', success: 'unknown' },
};

const COMPLETION_2004: readonly string[] = ['completed', 'incomplete', 'not attempted', 'unknown'];
const SUCCESS_2004: readonly string[] = ['passed', 'failed', 'unknown'];

export function deriveTracking(version: ScormVersion, cmi: unknown, rules: ScoRules, credit: Credit): Tracking {
  const root = unwrapCmi(cmi);
  return version === '1.2' ? derive12(root, rules, credit) : derive2004(root, rules);
}

function derive12(root: CmiRecord, rules: ScoRules, credit: Credit): Tracking {
  const scoreRaw = asNumber(getIn(root, 'core.score.raw'));
  let { completion, success } = STATUS_12[asText(getIn(root, 'core.lesson_status'))] ?? {
    completion: 'unknown' as const,
    success: 'unknown' as const,
  };
  // SCORM 1.2 RTE 3.4.4 (lesson_status / mastery_score): with credit, a mastery score and a raw
  // score, the LMS decides passed/failed itself; 'no-credit' sessions never change the verdict.
  if (credit === 'credit' && rules.masteryScore !== undefined && scoreRaw !== null) {
    completion = 'completed';
    success = scoreRaw >= rules.masteryScore ? 'passed' : 'failed';
  }
  return {
    completion,
    success,
    scoreRaw,
    scoreMin: asNumber(getIn(root, 'core.score.min')),
    scoreMax: asNumber(getIn(root, 'core.score.max')),
    // 1.2 has no scaled score; inventing one from raw/max would mislead reports.
    scoreScaled: null,
    progressMeasure: null,
    location: asText(getIn(root, 'core.lesson_location')),
    exit: asText(getIn(root, 'core.exit')),
    sessionTimeCs: parseDuration12(getIn(root, 'core.session_time')) ?? 0,
  };
}

/**
 * SCORM 2004 RTE tables 4.2.4.1a (completion_status) and 4.2.21.1a (success_status): when the manifest
 * defines a threshold / passing score, the measure decides and the SCO's own status is ignored;
 * without a measure the result is 'unknown'. scorm-again's GetValue follows the same tables.
 * These rules do not depend on credit in the RTE, so credit is not consulted here.
 */
function derive2004(root: CmiRecord, rules: ScoRules): Tracking {
  const progressMeasure = asNumber(getIn(root, 'progress_measure'));
  const scoreScaled = asNumber(getIn(root, 'score.scaled'));

  const storedCompletion = asText(getIn(root, 'completion_status'));
  let completion: Completion = COMPLETION_2004.includes(storedCompletion)
    ? (storedCompletion as Completion)
    : 'unknown';
  if (rules.completionThreshold !== undefined) {
    completion =
      progressMeasure === null ? 'unknown' : progressMeasure >= rules.completionThreshold ? 'completed' : 'incomplete';
  }

  const storedSuccess = asText(getIn(root, 'success_status'));
  let success: Success = SUCCESS_2004.includes(storedSuccess) ? (storedSuccess as Success) : 'unknown';
  if (rules.scaledPassingScore !== undefined) {
    success = scoreScaled === null ? 'unknown' : scoreScaled >= rules.scaledPassingScore ? 'passed' : 'failed';
  }

  return {
    completion,
    success,
    scoreRaw: asNumber(getIn(root, 'score.raw')),
    scoreMin: asNumber(getIn(root, 'score.min')),
    scoreMax: asNumber(getIn(root, 'score.max')),
    scoreScaled,
    progressMeasure,
    location: asText(getIn(root, 'location')),
    exit: asText(getIn(root, 'exit')),
    sessionTimeCs: parseDuration2004(getIn(root, 'session_time')) ?? 0,
  };
}
