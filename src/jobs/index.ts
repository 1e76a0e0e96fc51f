/** jobs — scheduled work under a database lease: catch-up and clean-up (see README.md). */
export { runCatchUp, type CatchUpDeps, type CatchUpReport } from './catch-up';
export { runCleanUp, type CleanUpReport } from './clean-up';
export { createScheduler, type Scheduler, type ScheduledJob } from './scheduler';
export { takeLease } from './lease';
