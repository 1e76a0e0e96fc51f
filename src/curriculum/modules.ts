// Moved to src/shared/q1-modules.ts (every component needs the list, like the regions).
// Kept only so branches written before the move still compile; import from src/shared instead.
export * from '../shared/q1-modules';
