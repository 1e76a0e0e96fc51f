import { z } from 'zod';
import type { Transaction } from 'sequelize';
import { NoPermissionError, NotFoundError } from '../shared/errors';
import { writeAudit } from '../shared/audit';
import { parseInput } from '../shared/web/input';
import type { Locale } from '../shared/i18n';
import { ExchangePost, ExchangeReport, ExchangeThread } from './exchange-models';
import { threadForPerson } from './threads';
import type { Person } from './spaces';

const reasonInput = z.object({
  reason: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z.string().min(1, 'exchange.error.reason_empty').max(2000, 'exchange.error.reason_long'),
  ),
});
const reasonOf = (input: unknown) => parseInput(reasonInput, input).reason;

export type ThreadAction = 'pin' | 'unpin' | 'lock' | 'unlock' | 'delete';
export type PostAction = 'hide' | 'unhide' | 'delete';

/** One moderation step: the change, anything that belongs with it, and its audit entry, all or nothing. */
async function changeAudited<M extends ExchangeThread | ExchangePost>(
  row: M,
  change: Parameters<M['update']>[0],
  audit: Parameters<typeof writeAudit>[0],
  alongside?: (transaction: Transaction) => Promise<void>,
): Promise<void> {
  await row.sequelize.transaction(async (transaction) => {
    await row.update(change as never, { transaction });
    await alongside?.(transaction);
    await writeAudit(audit, transaction);
  });
}

async function moderatedThread(threadId: number, person: Person, locale: Locale) {
  const found = await threadForPerson(threadId, person, locale);
  if (!found.space.canModerate) throw new NoPermissionError();
  return found;
}

/** Pinning needs no reason; locking and deleting do. Every action is in the audit log. */
export async function moderateThread(
  threadId: number,
  action: ThreadAction,
  person: Person,
  locale: Locale,
  input: unknown,
): Promise<string> {
  const { thread } = await moderatedThread(threadId, person, locale);
  const reason = action === 'pin' || action === 'unpin' || action === 'unlock' ? null : reasonOf(input);
  const change =
    action === 'pin' || action === 'unpin'
      ? { pinned: action === 'pin' }
      : action === 'lock' || action === 'unlock'
        ? { locked: action === 'lock' }
        : { deletedAt: new Date(), deletedReason: reason };
  await changeAudited(thread, change, {
    actorId: person.id,
    action: `exchange.thread_${action}`,
    subjectType: 'exchange_thread',
    subjectId: thread.id,
    subjectUserId: thread.authorId,
    after: { space: thread.spaceKey, title: thread.title },
    reason,
  });
  return thread.spaceKey;
}

async function postInThread(postId: number) {
  const post = await ExchangePost.findByPk(postId);
  if (!post) throw new NotFoundError('exchange.error.post_not_found', 'EXCHANGE_POST_NOT_FOUND');
  return post;
}

/** Hiding keeps the text for moderators; deleting removes it for good (the audit keeps who and why). */
export async function moderatePost(
  postId: number,
  action: PostAction,
  person: Person,
  locale: Locale,
  input: unknown,
): Promise<number> {
  const post = await postInThread(postId);
  const { thread } = await moderatedThread(post.threadId, person, locale);
  const reason = action === 'unhide' ? null : reasonOf(input);
  const change =
    action === 'hide'
      ? { hiddenAt: new Date(), hiddenReason: reason }
      : action === 'unhide'
        ? { hiddenAt: null, hiddenReason: null }
        : { deletedAt: new Date(), deletedReason: reason, body: '' };
  await changeAudited(
    post,
    change,
    {
      actorId: person.id,
      action: `exchange.post_${action}`,
      subjectType: 'exchange_post',
      subjectId: post.id,
      subjectUserId: post.authorId,
      after: { thread: thread.id, space: thread.spaceKey },
      reason,
    },
    async (transaction) => {
      // Hiding or deleting a post answers its open reports.
      if (action !== 'unhide')
        await ExchangeReport.update(
          { resolvedAt: new Date(), resolvedBy: person.id },
          { where: { postId: post.id, resolvedAt: null }, transaction },
        );
    },
  );
  return thread.id;
}

/** Anyone who sees a post may report it; moderators see the open reports next to the post. */
export async function reportPost(postId: number, person: Person, locale: Locale, input: unknown): Promise<number> {
  const post = await postInThread(postId);
  const { thread } = await threadForPerson(post.threadId, person, locale);
  const reason = reasonOf(input);
  await ExchangeReport.sequelize!.transaction(async (transaction) => {
    await ExchangeReport.create({ postId: post.id, reporterId: person.id, reason }, { transaction });
    await writeAudit(
      {
        actorId: person.id,
        action: 'exchange.post_reported',
        subjectType: 'exchange_post',
        subjectId: post.id,
        subjectUserId: post.authorId,
        after: { thread: thread.id, space: thread.spaceKey },
        reason,
      },
      transaction,
    );
  });
  return thread.id;
}
