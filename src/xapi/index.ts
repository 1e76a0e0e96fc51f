/**
 * xapi — forwards learning events (launched, answered, completed, passed) as xAPI 1.0.3 statements to
 * an external LRS through the outbox (see README.md). Other components use only this file.
 */
export { createXapiRecorder, XAPI_STATEMENT } from './recorder';
export { createLrsSender, type LrsSettings } from './lrs-client';
export { createStatementBuilder, uuidFrom, VERBS, type XapiStatement } from './statements';
