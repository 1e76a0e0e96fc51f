import { Op, type Transaction } from 'sequelize';
import { User } from '../auth';
import { enqueue, enqueueMail } from '../outbox';
import { ExchangePost } from './exchange-models';
import { translate } from '../shared/i18n';
import { factsOf } from './spaces';
import { canSeeSpace } from './visibility';
import type { SpaceRef } from './space-keys';

const MAX_MENTIONS = 10;

/** The first words after each `@` (a mention is `@Vorname Nachname`; last names may have several words). */
export function mentionedFirstNames(body: string): string[] {
  const names = new Set<string>();
  for (const m of body.matchAll(/(^|[^\p{L}\p{N}_])@([\p{L}][\p{L}'’.-]*)/gu)) names.add(m[2]);
  return [...names].slice(0, 50);
}

/** Whether the text mentions this name as a whole (`@Theo Tutor`, not `@Theo Tutorius`). */
export function mentions(body: string, name: string): boolean {
  const lower = body.toLocaleLowerCase('de');
  const needle = `@${name.toLocaleLowerCase('de')}`;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
    const before = i === 0 ? '' : lower[i - 1];
    const after = lower[i + needle.length] ?? '';
    if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
  }
  return false;
}

export interface NotifyDeps {
  baseUrl: string;
}

/** Outbox type: a post was stored; its handler writes one mail message per person to tell. */
export const POST_MAILS = 'exchange.post_mails';

export interface NewPost {
  postId: number;
  authorId: number;
  authorName: string;
  threadId: number;
  threadTitle: string;
  threadAuthorId: number;
  space: SpaceRef;
  spaceTitle: string;
}

/** In the post's transaction: the mention/reply mails exist exactly when the post does. */
export async function announcePost(transaction: Transaction, post: NewPost): Promise<void> {
  await enqueue(transaction, POST_MAILS, post, { dedupeKey: `${POST_MAILS}:${post.postId}` });
}

/**
 * The outbox handler of {@link POST_MAILS}: a mail to everyone mentioned who can see the space, and to
 * the thread's author on a reply — never to the writer. Each mail is its own outbox message (keyed by
 * post and person, so a retry of this handler adds none twice) and is sent, retried and given up on
 * by the outbox like any other. A post deleted before this runs tells nobody. Returns who is told.
 */
export async function writePostMails(deps: NotifyDeps, post: NewPost): Promise<number[]> {
  const stored = await ExchangePost.findByPk(post.postId);
  if (!stored || stored.deletedAt) return [];
  const body = stored.body;
  const firsts = mentionedFirstNames(body);
  const candidates = firsts.length
    ? await User.findAll({ where: { firstName: { [Op.in]: firsts }, active: true }, limit: 200 })
    : [];
  const mentioned: User[] = [];
  for (const u of candidates) {
    if (mentioned.length >= MAX_MENTIONS) break;
    if (u.id === post.authorId || !mentions(body, u.displayName)) continue;
    if (canSeeSpace(await factsOf({ id: u.id, role: u.role, region: u.region }), post.space)) mentioned.push(u);
  }
  const recipients: { user: User; kind: 'mention' | 'reply' }[] = mentioned.map((u) => ({ user: u, kind: 'mention' }));
  if (post.threadAuthorId !== post.authorId && !mentioned.some((u) => u.id === post.threadAuthorId)) {
    const owner = await User.findByPk(post.threadAuthorId);
    if (owner?.active) recipients.push({ user: owner, kind: 'reply' });
  }
  if (!recipients.length) return [];
  const link = `${deps.baseUrl.replace(/\/$/, '')}/austausch/threads/${post.threadId}`;
  await ExchangePost.sequelize!.transaction(async (transaction) => {
    for (const { user, kind } of recipients) {
      const locale = user.locale === 'en' ? 'en' : 'de';
      const params = { author: post.authorName, title: post.threadTitle, space: post.spaceTitle, link };
      await enqueueMail(
        transaction,
        {
          to: user.email,
          subject: translate(locale, `exchange.mail.${kind}_subject`, params),
          text: translate(locale, `exchange.mail.${kind}_text`, { ...params, name: user.displayName }),
        },
        { dedupeKey: `exchange.post_mail:${post.postId}:${user.id}` },
      );
    }
  });
  return recipients.map((r) => r.user.id);
}
