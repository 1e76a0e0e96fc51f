/**
 * player — the SCORM player and runtime tracking. Other components use only this file.
 * Pages (/play, /learning), the launch and progress API, and the token-authorised commit routes.
 */
import './messages';
import './sequencing-messages';

export { playRoutes, learningRoutes } from './play-routes';
export { attemptApiRoutes, myProgressApiRoutes } from './api-routes';
export { playerTokenRoutes, benchBaselineRoutes, parsesOwnBody } from './token-routes';
export { createPlayerRuntime, type PlayerRuntime } from './player-settings';
export { openCommitSql, type CommitSql } from './commit-sql';
export type { LearningEvents, LaunchedEvent, AnsweredEvent, ResultEvent } from './learning-events';
export {
  getProgressForUser,
  getQ1Completion,
  getPackageStandings,
  standingKey,
  toModuleCard,
  type PackageStanding,
  type PackageProgress,
  type ScoProgress,
  type ModuleCompletion,
  type ModuleCard,
} from './progress';
export {
  PACKAGE_COMPLETED,
  ATTEMPT_RESULT_CHANGED,
  type PackageCompletedPayload,
  type AttemptResult,
} from './completion-events';
export { packageStatus, type PackageStatus } from './rollup';
export { defineTrackingModels } from './tracking-models';
