import type { Locale } from '../shared/i18n';
import type { Mailer } from '../shared/mailer';
import type { Logger } from '../shared/logger';
import { listSpaces, resolveSpace, totalUnread, type Person } from './spaces';
import { listThreads, readThread, createThread, addPost, type PostingLimits } from './threads';
import { moderatePost, moderateThread, reportPost, type PostAction, type ThreadAction } from './moderation';
import { searchThreads } from './search';
import { notifyAboutPost } from './notify';

export interface ExchangeDeps {
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  limits: PostingLimits;
}

export type ExchangeService = ReturnType<typeof createExchangeService>;

const nameOf = (p: Person & { name?: string }) => p.name ?? '';

/** The exchange as the routes see it; built once by the composition root. */
export function createExchangeService(deps: ExchangeDeps) {
  return {
    listSpaces,
    totalUnread,
    readThread,
    searchThreads,
    moderateThread: (id: number, action: ThreadAction, p: Person, locale: Locale, input: unknown) =>
      moderateThread(id, action, p, locale, input),
    moderatePost: (id: number, action: PostAction, p: Person, locale: Locale, input: unknown) =>
      moderatePost(id, action, p, locale, input),
    reportPost,

    async spacePage(key: unknown, person: Person, locale: Locale, page = 1) {
      const space = await resolveSpace(key, person, locale);
      return { space, ...(await listThreads(space, person, page)) };
    },

    async startThread(key: unknown, person: Person & { name?: string }, locale: Locale, input: unknown) {
      const space = await resolveSpace(key, person, locale);
      const made = await createThread(space, person, input, deps.limits);
      await notifyAboutPost(deps, {
        authorId: person.id,
        authorName: nameOf(person),
        threadId: made.threadId,
        threadTitle: made.title,
        threadAuthorId: person.id,
        space: space.ref,
        spaceTitle: space.title,
        body: made.body,
      });
      return { ...made, space };
    },

    async reply(threadId: number, person: Person & { name?: string }, locale: Locale, input: unknown) {
      const { postId, thread, space, body } = await addPost(threadId, person, locale, input, deps.limits);
      await notifyAboutPost(deps, {
        authorId: person.id,
        authorName: nameOf(person),
        threadId: thread.id,
        threadTitle: thread.title,
        threadAuthorId: thread.authorId,
        space: space.ref,
        spaceTitle: space.title,
        body,
      });
      return { postId, threadId: thread.id };
    },
  };
}
