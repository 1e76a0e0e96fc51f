import { QueryTypes } from 'sequelize';
import { NoPermissionError, NotFoundError } from '../shared/errors';
import { writeAudit } from '../shared/audit';
import type { Locale } from '../shared/i18n';
import { ExchangePost, ExchangeReport, ExchangeThread } from './exchange-models';
import { factsOf, visibleSpaceTitles, type Person } from './spaces';
import { canModerate, type PersonFacts } from './visibility';
import { parseSpaceKey } from './space-keys';
import { threadForPerson } from './threads';

const MAX_REPORTS = 200;
const EXCERPT = 280;

export interface OpenReport {
  id: number;
  reason: string;
  reportedAt: Date;
  reporterName: string;
  postId: number;
  postAuthorName: string;
  excerpt: string;
  postHidden: boolean;
  threadId: number;
  threadTitle: string;
  threadLocked: boolean;
  spaceKey: string;
  spaceTitle: string;
}

const isStaff = (p: Person) => p.role === 'tutor' || p.role === 'admin';
const name = (first: unknown, last: unknown) => `${String(first)} ${String(last)}`.trim();
const moderates = (facts: PersonFacts, key: string) => {
  const ref = parseSpaceKey(key);
  return ref !== null && canModerate(facts, ref);
};

/**
 * Open reports (gemeldete Beiträge) of live posts in the spaces this tutor or admin moderates, oldest
 * first (the longest waiting on top). Lotsen get 403: reporting is theirs, reviewing is not.
 */
export async function openReports(person: Person, locale: Locale): Promise<OpenReport[]> {
  if (!isStaff(person)) throw new NoPermissionError();
  const facts = await factsOf(person);
  const titles = await visibleSpaceTitles(person, locale);
  const rows = await ExchangeReport.sequelize!.query<Record<string, unknown>>(
    `SELECT x.id, x.reason, x.created_at, ru.first_name AS r_first, ru.last_name AS r_last,
            p.id AS post_id, p.body, p.hidden_at, pu.first_name AS p_first, pu.last_name AS p_last,
            t.id AS thread_id, t.title, t.locked, t.space_key
       FROM exchange_reports x
       JOIN exchange_posts p ON p.id = x.post_id
       JOIN exchange_threads t ON t.id = p.thread_id
       JOIN users ru ON ru.id = x.reporter_id
       JOIN users pu ON pu.id = p.author_id
      WHERE x.resolved_at IS NULL AND p.deleted_at IS NULL AND t.deleted_at IS NULL
      ORDER BY x.id ASC`,
    { type: QueryTypes.SELECT },
  );
  return rows
    .filter((r) => moderates(facts, String(r.space_key)))
    .slice(0, MAX_REPORTS)
    .map((r) => {
      const body = String(r.body).replace(/\s+/g, ' ').trim();
      return {
        id: Number(r.id),
        reason: String(r.reason),
        reportedAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
        reporterName: name(r.r_first, r.r_last),
        postId: Number(r.post_id),
        postAuthorName: name(r.p_first, r.p_last),
        excerpt: body.length > EXCERPT ? `${body.slice(0, EXCERPT)}…` : body,
        postHidden: r.hidden_at != null,
        threadId: Number(r.thread_id),
        threadTitle: String(r.title),
        threadLocked: r.locked === true || r.locked === 1 || r.locked === '1',
        spaceKey: String(r.space_key),
        spaceTitle: titles.get(String(r.space_key)) ?? String(r.space_key),
      };
    });
}

/** How many open reports wait for this person (the link on /austausch); 0 for Lotsen. */
export async function openReportCount(person: Person, locale: Locale): Promise<number> {
  return isStaff(person) ? (await openReports(person, locale)).length : 0;
}

/**
 * "Erledigt": the report is closed without touching the post (it was fine, or was dealt with in the
 * thread). Only a moderator of the post's space; audited.
 */
export async function resolveReport(reportId: number, person: Person, locale: Locale): Promise<void> {
  const report = await ExchangeReport.findByPk(reportId);
  const post = report ? await ExchangePost.findByPk(report.postId) : null;
  if (!report || !post) throw new NotFoundError('exchange.error.report_not_found', 'EXCHANGE_REPORT_NOT_FOUND');
  const { thread, space } = await threadForPerson(post.threadId, person, locale);
  if (!space.canModerate) throw new NoPermissionError();
  if (report.resolvedAt) return;
  await ExchangeThread.sequelize!.transaction(async (transaction) => {
    await report.update({ resolvedAt: new Date(), resolvedBy: person.id }, { transaction });
    await writeAudit(
      {
        actorId: person.id,
        action: 'exchange.report_resolved',
        subjectType: 'exchange_post',
        subjectId: post.id,
        subjectUserId: post.authorId,
        after: { thread: thread.id, space: thread.spaceKey, report: report.id },
        reason: report.reason,
      },
      transaction,
    );
  });
}
