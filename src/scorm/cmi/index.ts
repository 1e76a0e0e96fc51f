/** SCORM runtime data rules: durations, tracking derivation, launch data, commit validation. */
export * from './types';
export {
  parseDuration12,
  parseDuration2004,
  parseAnyDuration,
  formatDuration12,
  formatDuration2004,
  accumulateTotalTime,
} from './duration';
export { deriveTracking } from './derive-tracking';
export { buildLaunchData } from './launch-data';
export { validateCmi, DEFAULT_CMI_LIMITS, type CmiLimits } from './validate-cmi';
export { readCommitBody, MAX_COMMIT_DEPTH, type CommitBody } from './commit-body';
export { answeredInteractions, type AnsweredInteraction } from './interactions';
