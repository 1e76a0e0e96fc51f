/** jobs — scheduled work that catches up on missed events (see README.md). */
export { runCatchUp, startCatchUpTimer, type CatchUpDeps, type CatchUpReport, type CatchUpTimer } from './catch-up';
