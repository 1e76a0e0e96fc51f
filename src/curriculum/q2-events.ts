/**
 * "A Lotse's Q2 became completed" — for other components (certificates). Written to the outbox in the
 * completing transaction (src/outbox), so the certificate follows even if the process dies right after.
 */
import type { Transaction } from 'sequelize';
import { enqueue } from '../outbox';

export const Q2_COMPLETED = 'q2.completed';

export interface Q2CompletedEvent {
  userId: number;
  cohortId: number;
  /** ISO time of the completion. */
  completedAt: string;
  byAdmin: boolean;
}

export function enqueueQ2Completed(transaction: Transaction, event: Q2CompletedEvent): Promise<void> {
  return enqueue(transaction, Q2_COMPLETED, event, { dedupeKey: `q2_completed:${event.userId}:${event.cohortId}` });
}
