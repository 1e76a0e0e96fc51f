import path from 'node:path';

/**
 * Real SCORM packages written by others, copied into the repository (see test/fixtures/packages/NOTICE).
 * `synthetic/<name>.zip` below it is built from test/fixtures/synthetic by test/global-setup.ts (not committed).
 */
export const SAMPLES = path.resolve(__dirname, '../fixtures/packages');
