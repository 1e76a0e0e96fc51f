import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import { ExchangeRead } from './exchange-models';

/** Moves a person's read mark in a thread forward (never back); one row per person and thread. */
export async function markRead(
  userId: number,
  threadId: number,
  postId: number,
  transaction?: Transaction,
): Promise<void> {
  if (postId <= 0) return;
  const [moved] = await ExchangeRead.update(
    { lastReadPostId: postId },
    { where: { userId, threadId, lastReadPostId: { [Op.lt]: postId } }, transaction },
  );
  if (moved > 0) return;
  if (await ExchangeRead.findOne({ where: { userId, threadId }, transaction })) return;
  try {
    await ExchangeRead.create({ userId, threadId, lastReadPostId: postId }, { transaction });
  } catch (err) {
    // Two tabs opening the same thread at once: the other one wrote the mark.
    if (!(err instanceof UniqueConstraintError)) throw err;
  }
}

export async function readMarkOf(userId: number, threadId: number): Promise<number> {
  const row = await ExchangeRead.findOne({ where: { userId, threadId } });
  return row?.lastReadPostId ?? 0;
}
