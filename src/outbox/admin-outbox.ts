import type { Sequelize } from 'sequelize';
import { writeAudit } from '../shared/audit';
import { NotFoundError, ConflictError } from '../shared/errors';
import {
  findMessage,
  listMessages,
  outboxStats,
  requeueMessage,
  troubledMessages,
  type OutboxRow,
  type OutboxStatus,
} from './outbox-store';

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

export interface OutboxMessageView extends Omit<OutboxRow, 'payload' | 'availableAt' | 'createdAt' | 'processedAt'> {
  /** The payload's JSON cut to 300 characters, as the page shows it (a payload may carry more than admins need). */
  payloadText: string;
  availableAt: string;
  createdAt: string;
  processedAt: string | null;
  retryable: boolean;
}

function messageView({ payload, ...r }: OutboxRow): OutboxMessageView {
  return {
    ...r,
    payloadText: JSON.stringify(payload).slice(0, 300),
    availableAt: new Date(r.availableAt).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
    processedAt: r.processedAt === null ? null : new Date(r.processedAt).toISOString(),
    retryable: r.status === 'dead' || r.status === 'pending',
  };
}

/** The API's view: counts plus one page of messages of a status (`dead` = the dead letters), newest first. */
export async function outboxMessages(
  sequelize: Sequelize,
  f: { status?: OutboxStatus; type?: string; page: number; perPage: number },
) {
  const [stats, { rows, total }] = await Promise.all([
    outboxStats(sequelize, Date.now()),
    listMessages(sequelize, { status: f.status, type: f.type, limit: f.perPage, offset: (f.page - 1) * f.perPage }),
  ]);
  return {
    stats,
    messages: rows.map(messageView),
    total,
    page: f.page,
    pages: Math.max(1, Math.ceil(total / f.perPage)),
  };
}

export async function outboxMessage(sequelize: Sequelize, id: number): Promise<OutboxMessageView> {
  const row = await findMessage(sequelize, id);
  if (!row) throw new NotFoundError('outbox.error.not_found', 'OUTBOX_MESSAGE_NOT_FOUND');
  return messageView(row);
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
