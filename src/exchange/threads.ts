import { Op, QueryTypes, type Transaction } from 'sequelize';
import { z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import type { ObjectStore } from '../shared/storage';
import { parseInput } from '../shared/web/input';
import type { Locale } from '../shared/i18n';
import { ExchangePost, ExchangeThread } from './exchange-models';
import { renderMarkdown } from './markdown';
import { markRead, readMarkOf } from './read-marks';
import { resolveSpace, type Person, type ResolvedSpace } from './spaces';
import { attachmentError, attachmentsOf, storeAttachments, type AttachmentView, type Upload } from './attachments';

export const THREADS_PER_PAGE = 25;
export const POSTS_PER_PAGE = 50;
export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

const text = (max: number, emptyKey: string, longKey: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().min(1, emptyKey).max(max, longKey));
export const threadInput = z.object({
  title: text(TITLE_MAX, 'exchange.error.title_empty', 'exchange.error.title_long'),
  body: text(BODY_MAX, 'exchange.error.body_empty', 'exchange.error.body_long'),
});
export const postInput = z.object({ body: text(BODY_MAX, 'exchange.error.body_empty', 'exchange.error.body_long') });

export interface ThreadRow {
  id: number;
  title: string;
  authorName: string;
  pinned: boolean;
  locked: boolean;
  posts: number;
  lastPostAt: Date;
  unread: boolean;
}

export interface PostView {
  id: number;
  authorId: number;
  authorName: string;
  body: string | null;
  html: string | null;
  createdAt: Date;
  hidden: boolean;
  hiddenReason: string | null;
  deleted: boolean;
  deletedReason: string | null;
  unread: boolean;
  reports: number;
  attachments: AttachmentView[];
}

export interface ThreadPage {
  space: ResolvedSpace;
  id: number;
  title: string;
  authorId: number;
  pinned: boolean;
  locked: boolean;
  posts: PostView[];
  page: number;
  pages: number;
  /** This view read the thread to its end, which was unread before (the header's counter drops by one). */
  becameRead: boolean;
}

const bool = (v: unknown) => v === true || v === 1 || v === '1';
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** A space's threads, pinned first, then by latest post; one indexed query plus a count. */
export async function listThreads(space: ResolvedSpace, person: Person, page: number) {
  const sequelize = ExchangeThread.sequelize!;
  const total = await ExchangeThread.count({ where: { spaceKey: space.key, deletedAt: null } });
  const pages = Math.max(1, Math.ceil(total / THREADS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await sequelize.query<Record<string, unknown>>(
    // The page of threads first (an index range in order), then names and read marks for those 25:
    // joined in one flat query, MariaDB started from `users` and sorted the whole space.
    `SELECT t.id, t.title, t.pinned, t.locked, t.post_count, t.last_post_at, t.last_post_id,
            u.first_name, u.last_name, r.last_read_post_id
       FROM (SELECT id, title, pinned, locked, post_count, last_post_at, last_post_id, author_id
               FROM exchange_threads
              WHERE space_key = :key AND deleted_at IS NULL
              ORDER BY pinned DESC, last_post_at DESC, id DESC
              LIMIT :limit OFFSET :offset) t
       JOIN users u ON u.id = t.author_id
       LEFT JOIN exchange_reads r ON r.thread_id = t.id AND r.user_id = :userId
      ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC`,
    {
      replacements: {
        userId: person.id,
        key: space.key,
        limit: THREADS_PER_PAGE,
        offset: (current - 1) * THREADS_PER_PAGE,
      },
      type: QueryTypes.SELECT,
    },
  );
  const threads: ThreadRow[] = rows.map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    authorName: `${String(r.first_name)} ${String(r.last_name)}`.trim(),
    pinned: bool(r.pinned),
    locked: bool(r.locked),
    posts: Number(r.post_count),
    lastPostAt: date(r.last_post_at),
    unread: Number(r.last_post_id) > Number(r.last_read_post_id ?? 0),
  }));
  return { threads, page: current, pages, total };
}

/** A live thread and the space it sits in, checked for the person (404 / 403). */
export async function threadForPerson(threadId: number, person: Person, locale: Locale) {
  const thread = await ExchangeThread.findByPk(threadId);
  if (!thread || thread.deletedAt)
    throw new NotFoundError('exchange.error.thread_not_found', 'EXCHANGE_THREAD_NOT_FOUND');
  const space = await resolveSpace(thread.spaceKey, person, locale);
  return { thread, space };
}

/** The thread page; opening it moves the person's read mark to the newest post shown. */
export async function readThread(threadId: number, person: Person, locale: Locale, page = 1): Promise<ThreadPage> {
  const { thread, space } = await threadForPerson(threadId, person, locale);
  const pages = Math.max(1, Math.ceil(thread.postCount / POSTS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const before = await readMarkOf(person.id, thread.id);
  const sequelize = ExchangeThread.sequelize!;
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT p.id, p.author_id, p.body, p.created_at, p.hidden_at, p.hidden_reason, p.deleted_at, p.deleted_reason,
            u.first_name, u.last_name,
            (SELECT COUNT(*) FROM exchange_reports x WHERE x.post_id = p.id AND x.resolved_at IS NULL) AS reports
       FROM exchange_posts p JOIN users u ON u.id = p.author_id
      WHERE p.thread_id = :threadId
      ORDER BY p.id ASC
      LIMIT :limit OFFSET :offset`,
    {
      replacements: { threadId: thread.id, limit: POSTS_PER_PAGE, offset: (current - 1) * POSTS_PER_PAGE },
      type: QueryTypes.SELECT,
    },
  );
  const files = await attachmentsOf(rows.map((r) => Number(r.id)));
  const posts: PostView[] = rows.map((r) => {
    const deleted = r.deleted_at != null;
    const hidden = r.hidden_at != null;
    // Hidden posts stay readable for moderators (to undo it); everyone else sees only the notice.
    const showBody = !deleted && (!hidden || space.canModerate);
    const body = String(r.body);
    return {
      id: Number(r.id),
      authorId: Number(r.author_id),
      authorName: `${String(r.first_name)} ${String(r.last_name)}`.trim(),
      body: showBody ? body : null,
      html: showBody ? renderMarkdown(body) : null,
      createdAt: date(r.created_at),
      hidden,
      hiddenReason: hidden ? ((r.hidden_reason as string | null) ?? null) : null,
      deleted,
      deletedReason: deleted ? ((r.deleted_reason as string | null) ?? null) : null,
      unread: Number(r.id) > before,
      reports: space.canModerate ? Number(r.reports) : 0,
      attachments: showBody ? (files.get(Number(r.id)) ?? []) : [],
    };
  });
  const newest = posts.reduce((max, p) => Math.max(max, p.id), 0);
  await markRead(person.id, thread.id, newest);
  const becameRead = before < thread.lastPostId && newest >= thread.lastPostId;
  return {
    space,
    id: thread.id,
    title: thread.title,
    authorId: thread.authorId,
    pinned: thread.pinned,
    locked: thread.locked,
    posts,
    page: current,
    pages,
    becameRead,
  };
}

export interface PostingLimits {
  perWindow: number;
  windowMinutes: number;
}

/** Where attachments go; absent = posts without files (the API's JSON bodies). */
export interface Posting {
  limits: PostingLimits;
  store: ObjectStore;
  upload?: Upload;
  /** Runs in the post's transaction: the mention/reply mails are announced there (an outbox message). */
  announce?: (transaction: Transaction, stored: StoredPost) => Promise<void>;
}

/** A post just written, as the mention/reply mails need it. */
export interface StoredPost {
  threadId: number;
  postId: number;
  threadTitle: string;
  threadAuthorId: number;
  space: ResolvedSpace;
}

/** Stored files whose post was never written are deleted again. */
async function undoOnFailure<T>(undo: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await undo();
    throw err;
  }
}

/** The fields' errors and the attachment's in one 422, so a form shows everything at once. */
function parseWithUpload<T>(parse: () => T, upload: Upload | undefined): T {
  const fileError = attachmentError(upload);
  let parsed: T;
  try {
    parsed = parse();
  } catch (err) {
    if (err instanceof ValidationError && fileError)
      throw new ValidationError(err.key, { ...err.fieldErrors, attachment: fileError }, err.code);
    throw err;
  }
  if (fileError)
    throw new ValidationError('error.check_input', { attachment: fileError }, 'EXCHANGE_ATTACHMENT_REFUSED');
  return parsed;
}

/** Counted from the posts table itself, so the limit holds across processes and restarts. */
async function checkRate(authorId: number, limits: PostingLimits): Promise<void> {
  const since = new Date(Date.now() - limits.windowMinutes * 60_000);
  const recent = await ExchangePost.count({ where: { authorId, createdAt: { [Op.gt]: since } } });
  if (recent >= limits.perWindow)
    throw new AppError(429, 'EXCHANGE_RATE_LIMITED', 'exchange.error.rate_limited', undefined, {
      minutes: limits.windowMinutes,
    });
}

export async function createThread(
  space: ResolvedSpace,
  person: Person,
  input: unknown,
  posting: Posting,
): Promise<{ threadId: number; postId: number; title: string; body: string }> {
  const { title, body } = parseWithUpload(() => parseInput(threadInput, input), posting.upload);
  await checkRate(person.id, posting.limits);
  const files = await storeAttachments(posting.store, posting.upload);
  const sequelize = ExchangeThread.sequelize!;
  const made = await undoOnFailure(files.undo, () =>
    sequelize.transaction(async (transaction) => {
      const now = new Date();
      const thread = await ExchangeThread.create(
        { spaceKey: space.key, title, authorId: person.id, lastPostAt: now, postCount: 1 },
        { transaction },
      );
      const post = await ExchangePost.create({ threadId: thread.id, authorId: person.id, body }, { transaction });
      await thread.update({ lastPostId: post.id }, { transaction });
      await files.attach(post.id, transaction);
      await markRead(person.id, thread.id, post.id, transaction);
      await posting.announce?.(transaction, {
        threadId: thread.id,
        postId: post.id,
        threadTitle: title,
        threadAuthorId: person.id,
        space,
      });
      return { threadId: thread.id, postId: post.id, title, body };
    }),
  );
  return made;
}

export async function addPost(threadId: number, person: Person, locale: Locale, input: unknown, posting: Posting) {
  const { thread, space } = await threadForPerson(threadId, person, locale);
  const { body } = parseWithUpload(() => parseInput(postInput, input), posting.upload);
  if (thread.locked) throw new AppError(409, 'EXCHANGE_THREAD_LOCKED', 'exchange.error.thread_locked');
  await checkRate(person.id, posting.limits);
  const files = await storeAttachments(posting.store, posting.upload);
  const sequelize = ExchangeThread.sequelize!;
  const postId = await undoOnFailure(files.undo, () =>
    sequelize.transaction(async (transaction) => {
      const post = await ExchangePost.create({ threadId: thread.id, authorId: person.id, body }, { transaction });
      await ExchangeThread.update(
        { postCount: sequelize.literal('post_count + 1'), lastPostId: post.id, lastPostAt: post.createdAt },
        { where: { id: thread.id }, transaction },
      );
      await files.attach(post.id, transaction);
      await markRead(person.id, thread.id, post.id, transaction);
      await posting.announce?.(transaction, {
        threadId: thread.id,
        postId: post.id,
        threadTitle: thread.title,
        threadAuthorId: thread.authorId,
        space,
      });
      return post.id;
    }),
  );
  return { postId, thread, space, body };
}
