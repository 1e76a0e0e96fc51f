/**
 * How one valid commit changes a SCO row's derived columns (pure, no I/O; commit.ts applies it):
 * - what was earned stays: a completed row stays completed, a pass stays a pass together with the
 *   best score it was earned with (a later commit of the same attempt may not take them away);
 * - time only grows: the row keeps the largest session_time applied for the launch in its seq; a
 *   commit of the same launch adds only what exceeds it, a commit of a newer launch adds its whole
 *   session_time (session_time is repeated, growing, in every commit of a session).
 */
import type { Tracking } from '../scorm';

export const LAUNCH_FACTOR = 1_000_000;

export interface StoredRow {
  seq: number;
  completionStatus: string;
  successStatus: string;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  totalTimeCs: number;
  sessionTimeCs: number;
}

export interface Merged {
  tracking: Tracking;
  sessionTimeCs: number;
  totalTimeCs: number;
}

export function mergeCommit(row: StoredRow, derived: Tracking, launch: number): Merged {
  const tracking: Tracking = { ...derived };
  if (row.completionStatus === 'completed') tracking.completion = 'completed';
  if (row.successStatus === 'passed' && (derived.success !== 'passed' || scoreIsLower(derived, row))) {
    Object.assign(tracking, {
      success: 'passed',
      scoreRaw: row.scoreRaw,
      scoreMin: row.scoreMin,
      scoreMax: row.scoreMax,
      scoreScaled: row.scoreScaled,
    });
  }
  const sameLaunch = Math.floor(row.seq / LAUNCH_FACTOR) === launch;
  const sessionTimeCs = sameLaunch ? Math.max(row.sessionTimeCs, derived.sessionTimeCs) : derived.sessionTimeCs;
  const totalTimeCs = row.totalTimeCs + sessionTimeCs - (sameLaunch ? row.sessionTimeCs : 0);
  return { tracking, sessionTimeCs, totalTimeCs };
}

/** Scaled scores compare when both have one, else raw scores; no score at all is lower than any. */
export function scoreIsLower(
  next: Pick<Tracking, 'scoreRaw' | 'scoreScaled'>,
  prev: Pick<StoredRow, 'scoreRaw' | 'scoreScaled'>,
): boolean {
  if (next.scoreScaled !== null && prev.scoreScaled !== null) return next.scoreScaled < prev.scoreScaled;
  if (next.scoreRaw !== null && prev.scoreRaw !== null) return next.scoreRaw < prev.scoreRaw;
  return next.scoreRaw === null && next.scoreScaled === null && (prev.scoreRaw !== null || prev.scoreScaled !== null);
}
