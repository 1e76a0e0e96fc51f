/**
 * The fault suite (`npm run test:faults`): own MariaDB servers, app processes from dist/, a browser.
 * Kept apart from the unit, integration and browser parts, which ignore test/faults/.
 */
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
