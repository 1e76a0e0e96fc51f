import type { Locale } from '../shared/i18n';
import { listSpaces, resolveSpace, totalUnread, type Person } from './spaces';
import { listThreads, readThread, createThread, addPost, type PostingLimits, type StoredPost } from './threads';
import { moderatePost, moderateThread, reportPost, type PostAction, type ThreadAction } from './moderation';
import { searchThreads } from './search';
import { announcePost, writePostMails, type NewPost } from './notify';
import { attachmentRow, type Upload } from './attachments';
import { consultationsFor, createConsultation, consultationCalendar, upcomingConsultations } from './consultations';
import { openReports, openReportCount, resolveReport } from './reports';
import { digestChoice, setDigestChoice, enqueueDueDigests, digestMail, type DigestPayload } from './digest';
import { threadForPerson } from './threads';
import { ExchangePost } from './exchange-models';
import { NotFoundError } from '../shared/errors';
import type { ObjectStore } from '../shared/storage';

export interface ExchangeDeps {
  baseUrl: string;
  limits: PostingLimits;
  /** Where attachments are kept (the same store as the evidence documents). */
  storage: ObjectStore;
  /** Largest attachment in bytes (DOCUMENT_MAX_BYTES, as for the evidence documents). */
  attachmentMaxBytes: number;
  /** The daily digest goes out from this hour on (Berlin time). */
  digestHour: number;
}

export type ExchangeService = ReturnType<typeof createExchangeService>;

const nameOf = (p: Person & { name?: string }) => p.name ?? '';

const newPost = (person: Person & { name?: string }, stored: StoredPost): NewPost => ({
  postId: stored.postId,
  authorId: person.id,
  authorName: nameOf(person),
  threadId: stored.threadId,
  threadTitle: stored.threadTitle,
  threadAuthorId: stored.threadAuthorId,
  space: stored.space.ref,
  spaceTitle: stored.space.title,
});

/** The exchange as the routes see it; built once by the composition root. */
export function createExchangeService(deps: ExchangeDeps) {
  return {
    attachmentMaxBytes: deps.attachmentMaxBytes,
    listSpaces,
    totalUnread,
    readThread,
    searchThreads,
    moderateThread: (id: number, action: ThreadAction, p: Person, locale: Locale, input: unknown) =>
      moderateThread(id, action, p, locale, input),
    moderatePost: (id: number, action: PostAction, p: Person, locale: Locale, input: unknown) =>
      moderatePost(id, action, p, locale, input),
    reportPost,
    consultationsFor,
    createConsultation,
    consultationCalendar: (id: number, person: Person) =>
      consultationCalendar(id, person, new URL(deps.baseUrl).hostname),
    openReports,
    openReportCount,
    resolveReport,
    digestChoice,
    setDigestChoice,
    /** The scheduled job (under its lease): one outbox message per person and day. */
    enqueueDueDigests: (now = new Date()) => enqueueDueDigests(now, deps.digestHour),
    /** The mail of an `exchange.digest_mail` message (sent by the outbox's mail handler), or null. */
    digestMail: (payload: DigestPayload, now?: Date) => digestMail(deps, payload, now),

    async spacePage(key: unknown, person: Person, locale: Locale, page = 1) {
      const space = await resolveSpace(key, person, locale);
      // A region's space shows its upcoming consultation hours (Sprechstunden).
      const consultations = space.ref.kind === 'region' ? await upcomingConsultations([space.ref.slug]) : [];
      return { space, consultations, ...(await listThreads(space, person, page)) };
    },

    async startThread(
      key: unknown,
      person: Person & { name?: string },
      locale: Locale,
      input: unknown,
      upload?: Upload,
    ) {
      const space = await resolveSpace(key, person, locale);
      const made = await createThread(space, person, input, {
        limits: deps.limits,
        store: deps.storage,
        upload,
        announce: (transaction, stored) => announcePost(transaction, newPost(person, stored)),
      });
      return { ...made, space };
    },

    async reply(threadId: number, person: Person & { name?: string }, locale: Locale, input: unknown, upload?: Upload) {
      const { postId, thread } = await addPost(threadId, person, locale, input, {
        limits: deps.limits,
        store: deps.storage,
        upload,
        announce: (transaction, stored) => announcePost(transaction, newPost(person, stored)),
      });
      return { postId, threadId: thread.id };
    },

    /** The outbox handler of `exchange.post_mails`: one mail message per person mentioned or replied to. */
    writePostMails: (post: NewPost) => writePostMails(deps, post),

    /**
     * An attached file for a person who may see its space (403 otherwise, like the space); 404 when
     * it does not exist, its post or thread was deleted, or its post is hidden and the person does not
     * moderate the space.
     */
    async attachment(id: number, person: Person, locale: Locale) {
      const notFound = () => new NotFoundError('exchange.error.attachment_not_found', 'EXCHANGE_ATTACHMENT_NOT_FOUND');
      const row = await attachmentRow(id);
      const post = row ? await ExchangePost.findByPk(row.postId) : null;
      if (!row || !post || post.deletedAt) throw notFound();
      const { space } = await threadForPerson(post.threadId, person, locale);
      if (post.hiddenAt && !space.canModerate) throw notFound();
      return { store: deps.storage, key: row.key, type: row.type, name: row.name, size: row.size };
    },
  };
}
