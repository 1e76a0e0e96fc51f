import { Op, QueryTypes } from 'sequelize';
import { User } from '../auth';
import { enqueue } from '../outbox';
import { berlinDate } from '../shared/berlin-time';
import { translate, type Locale } from '../shared/i18n';
import type { Mail } from '../shared/mailer';
import { ExchangeSetting, ExchangeThread } from './exchange-models';
import { listSpaces } from './spaces';

export const DIGEST_MAIL = 'exchange.digest_mail';
export type DigestChoice = 'daily' | 'off';
export interface DigestPayload {
  userId: number;
  /** The Berlin date the digest is for (one per person and day). */
  date: string;
}

const BATCH = 200;
const MAX_THREADS = 30;

/** The person's choice; no row means daily (the default). */
export async function digestChoice(userId: number): Promise<DigestChoice> {
  const row = await ExchangeSetting.findByPk(userId);
  return row?.digest === 'off' ? 'off' : 'daily';
}

export async function setDigestChoice(userId: number, choice: unknown): Promise<DigestChoice> {
  const digest: DigestChoice = choice === 'off' ? 'off' : 'daily';
  await ExchangeSetting.upsert({ userId, digest });
  return digest;
}

/** The Berlin hour of an instant (0–23). */
function berlinHour(now: Date): number {
  return (
    Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hour12: false }).format(now),
    ) % 24
  );
}

/**
 * The scheduled part (under the job's lease): from `hour` o'clock Berlin time on, one outbox message
 * per active person who has not switched the digest off, keyed by person and date — so however often
 * the job runs and however many processes run it, each person gets at most one digest a day.
 * Returns how many messages were offered (duplicates are dropped by the outbox).
 */
export async function enqueueDueDigests(now: Date, hour: number): Promise<number> {
  if (berlinHour(now) < hour) return 0;
  const date = berlinDate(now);
  const sequelize = ExchangeThread.sequelize!;
  const off = (await ExchangeSetting.findAll({ where: { digest: 'off' }, attributes: ['userId'] })).map(
    (r) => r.userId,
  );
  let lastId = 0;
  let offered = 0;
  for (;;) {
    const users = await User.findAll({
      where: { active: true, id: { [Op.gt]: lastId } },
      attributes: ['id'],
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    if (!users.length) break;
    lastId = users[users.length - 1].id;
    const due = users.map((u) => u.id).filter((id) => !off.includes(id));
    await sequelize.transaction(async (transaction) => {
      for (const userId of due)
        await enqueue(transaction, DIGEST_MAIL, { userId, date } satisfies DigestPayload, {
          dedupeKey: `${DIGEST_MAIL}:${userId}:${date}`,
        });
    });
    offered += due.length;
  }
  return offered;
}

export interface DigestThread {
  id: number;
  title: string;
  spaceTitle: string;
  posts: number;
}

/**
 * Threads in the person's spaces with posts by others that they have not read and that were written in
 * the 24 hours before `now` (so an unread thread is not repeated day after day), newest first.
 */
export async function digestFor(
  user: { id: number; role: User['role']; region: string | null },
  locale: Locale,
  now: Date,
) {
  const spaces = await listSpaces(user, locale);
  const keys = spaces.filter((s) => s.unread > 0).map((s) => s.key);
  if (!keys.length) return [];
  const titles = new Map(spaces.map((s) => [s.key, s.title]));
  const rows = await ExchangeThread.sequelize!.query<Record<string, unknown>>(
    `SELECT t.id, t.title, t.space_key, COUNT(p.id) AS n, MAX(p.id) AS newest
       FROM exchange_threads t
       JOIN exchange_posts p ON p.thread_id = t.id
       LEFT JOIN exchange_reads r ON r.thread_id = t.id AND r.user_id = :userId
      WHERE t.space_key IN (:keys) AND t.deleted_at IS NULL
        AND p.id > COALESCE(r.last_read_post_id, 0) AND p.author_id <> :userId
        AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.created_at > :since
      GROUP BY t.id, t.title, t.space_key
      ORDER BY newest DESC
      LIMIT ${MAX_THREADS}`,
    {
      replacements: { userId: user.id, keys, since: new Date(now.getTime() - 24 * 3600_000) },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r): DigestThread => ({
    id: Number(r.id),
    title: String(r.title),
    spaceTitle: titles.get(String(r.space_key)) ?? String(r.space_key),
    posts: Number(r.n),
  }));
}

/**
 * The mail of an `exchange.digest_mail` outbox message for one person and day, or null when they switched
 * it off since, were deactivated, or nothing new is unread. Sent by the outbox's `mailHandler` (once what
 * the mail server took); the dedupe key keeps the job from asking twice.
 */
export async function digestMail(
  deps: { baseUrl: string },
  payload: DigestPayload,
  now = new Date(),
): Promise<Mail | null> {
  const user = await User.findByPk(payload.userId);
  if (!user?.active || (await digestChoice(user.id)) === 'off') return null;
  const locale: Locale = user.locale === 'en' ? 'en' : 'de';
  const threads = await digestFor(user, locale, now);
  if (!threads.length) return null;
  const base = deps.baseUrl.replace(/\/$/, '');
  const lines = threads.map((t) =>
    translate(locale, 'exchange.digest.line', {
      space: t.spaceTitle,
      title: t.title,
      count: t.posts,
      link: `${base}/austausch/threads/${t.id}`,
    }),
  );
  return {
    to: user.email,
    subject: translate(locale, 'exchange.digest.subject', { count: threads.length }),
    text: translate(locale, 'exchange.digest.text', {
      name: user.displayName,
      list: lines.join('\n'),
      settings: `${base}/account`,
    }),
  };
}
