// Moved to src/shared/berlin-time.ts (a general date helper several components use).
// Kept only so branches written before the move still compile; import from src/shared instead.
export * from '../shared/berlin-time';
