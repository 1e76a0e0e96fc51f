/**
 * outbox — durable after-commit work (see README.md). Other components use only this file:
 * `enqueue(transaction, type, payload, {dedupeKey})` inside their writing transaction; the composition
 * root registers the handlers and starts the workers.
 */
import './messages';

export { enqueue, enqueueOnce, type EnqueueOptions } from './enqueue';
export { createOutbox, type Outbox, type OutboxSettings } from './outbox-worker';
export { deleteDoneBefore, type OutboxStats } from './outbox-store';
export { retryDelayMs } from './backoff';
export { adminOutboxRoutes } from './admin-routes';
export { outboxApiRoutes } from './api-routes';
export { MAIL, enqueueMail, mailHandler, fullMailHandler } from './mail';
