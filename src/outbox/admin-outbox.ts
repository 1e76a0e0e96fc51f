import type { Sequelize } from 'sequelize';
import { writeAudit } from '../shared/audit';
import { NotFoundError, ConflictError } from '../shared/errors';
import { findMessage, outboxStats, requeueMessage, troubledMessages, type OutboxRow } from './outbox-store';

export interface OutboxOverview {
  stats: Awaited<ReturnType<typeof outboxStats>>;
  messages: (Omit<OutboxRow, 'payload'> & { payloadText: string; retryable: boolean })[];
}

/** What the admin page shows: counts, the oldest waiting message's age, dead and failing messages. */
export async function outboxOverview(sequelize: Sequelize): Promise<OutboxOverview> {
  const [stats, rows] = await Promise.all([outboxStats(sequelize, Date.now()), troubledMessages(sequelize, 200)]);
  return {
    stats,
    messages: rows.map(({ payload, ...r }) => ({
      ...r,
      payloadText: JSON.stringify(payload).slice(0, 300),
      retryable: r.status === 'dead' || r.status === 'pending',
    })),
  };
}

/** An admin sends a dead (or waiting) message again now, with a fresh count of tries; audited. */
export async function retryMessage(sequelize: Sequelize, id: number, actorId: number): Promise<void> {
  const row = await findMessage(sequelize, id);
  if (!row) throw new NotFoundError('outbox.error.not_found', 'OUTBOX_MESSAGE_NOT_FOUND');
  await sequelize.transaction(async (transaction) => {
    if (!(await requeueMessage(sequelize, id, Date.now(), transaction)))
      throw new ConflictError('outbox.error.not_retryable', 'OUTBOX_MESSAGE_NOT_RETRYABLE');
    await writeAudit(
      {
        actorId,
        action: 'outbox.retried',
        subjectType: 'outbox',
        subjectId: id,
        before: { status: row.status, attempts: row.attempts, lastError: row.lastError?.slice(0, 500) ?? null },
        after: { status: 'pending', attempts: 0 },
      },
      transaction,
    );
  });
}
