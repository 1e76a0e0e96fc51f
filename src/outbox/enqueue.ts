import type { Sequelize, Transaction } from 'sequelize';
import { insertMessage, knownDedupeKeys } from './outbox-store';

export interface EnqueueOptions {
  /** A message with a key already in the outbox (pending, done or dead) is not added again. */
  dedupeKey?: string;
  /** Not before this many milliseconds from now (default: at once). */
  delayMs?: number;
}

/**
 * Wake-up bells, one set per database: a worker of this process rings when a transaction that
 * enqueued commits, so the message is worked off at once rather than at the next poll. Keyed by the
 * Sequelize instance (tests run several apps in one process); losing a ring costs only the poll delay.
 */
const bells = new WeakMap<Sequelize, Set<() => void>>();

export function listenForEnqueued(sequelize: Sequelize, ring: () => void): () => void {
  let set = bells.get(sequelize);
  if (!set) bells.set(sequelize, (set = new Set()));
  set.add(ring);
  return () => set.delete(ring);
}

/**
 * Adds a message to the outbox inside the caller's transaction: it exists exactly when the change that
 * caused it was committed. Any process's worker then runs the handler registered for `type`
 * (src/composition.ts) at least once; handlers must be idempotent.
 */
export async function enqueue(
  transaction: Transaction,
  type: string,
  payload: unknown,
  opts: EnqueueOptions = {},
): Promise<void> {
  const now = Date.now();
  await insertMessage(transaction, {
    type,
    payload: JSON.stringify(payload ?? null),
    dedupeKey: opts.dedupeKey ? opts.dedupeKey.slice(0, 191) : null,
    availableAt: now + Math.max(0, opts.delayMs ?? 0),
    now,
  });
  const sequelize = (transaction as unknown as { sequelize: Sequelize }).sequelize;
  transaction.afterCommit(() => {
    for (const ring of bells.get(sequelize) ?? []) ring();
  });
}

/**
 * Several once-only messages of one type: reads which keys the outbox holds already and adds only the
 * others — for an event repeated by every later change (an answer re-sent by each commit), where one
 * read is cheaper than one INSERT per message.
 */
export async function enqueueOnce(
  transaction: Transaction,
  type: string,
  messages: { dedupeKey: string; payload: unknown }[],
): Promise<number> {
  const keyed = messages.map((m) => ({ ...m, dedupeKey: m.dedupeKey.slice(0, 191) }));
  const known = await knownDedupeKeys(
    transaction,
    keyed.map((m) => m.dedupeKey),
  );
  const fresh = keyed.filter((m) => !known.has(m.dedupeKey));
  for (const m of fresh) await enqueue(transaction, type, m.payload, { dedupeKey: m.dedupeKey });
  return fresh.length;
}
