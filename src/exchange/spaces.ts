import { QueryTypes } from 'sequelize';
import { REGIONS } from '../shared/regions';
import { Q1_MODULES } from '../shared/q1-modules';
import { NoPermissionError, NotFoundError } from '../shared/errors';
import { translate, type Locale } from '../shared/i18n';
import { cohortTies, cohortBriefs } from '../curriculum';
import { ExchangeThread } from './exchange-models';
import { canSeeSpace, canModerate, type PersonFacts } from './visibility';
import { parseSpaceKey, spaceKey, spaceTitleParts, REGIONAL_KINDS, type SpaceRef } from './space-keys';

export interface Person {
  id: number;
  role: PersonFacts['role'];
  region: string | null;
}

export interface SpaceView {
  key: string;
  kind: SpaceRef['kind'];
  title: string;
  unread: number;
}

export interface ResolvedSpace {
  ref: SpaceRef;
  key: string;
  title: string;
  canModerate: boolean;
}

export async function factsOf(person: Person): Promise<PersonFacts> {
  const ties = await cohortTies(person.id);
  return {
    role: person.role,
    region: person.region,
    memberCohortIds: ties.member.map((c) => c.id),
    tutorCohorts: ties.tutoring.map((c) => ({ id: c.id, region: c.region })),
    knownCohorts: [...ties.member, ...ties.tutoring],
  };
}

function titleOf(ref: SpaceRef, locale: Locale, cohortTitle?: string): string {
  const { key, params } = spaceTitleParts(ref, cohortTitle);
  return translate(locale, key, params);
}

/** The person's cohorts, by id, with titles: from the facts when they carry them, else one read. */
async function ownCohorts(facts: PersonFacts): Promise<{ id: number; title: string; region: string }[]> {
  const ids = [...new Set([...facts.memberCohortIds, ...facts.tutorCohorts.map((c) => c.id)])];
  const known = new Map((facts.knownCohorts ?? []).map((c) => [c.id, c]));
  if (ids.every((id) => known.has(id))) return ids.sort((a, b) => a - b).map((id) => known.get(id)!);
  return cohortBriefs(ids);
}

/** Every space a person sees, in a fixed order: modules, cohorts, then per region. */
async function visibleSpaces(facts: PersonFacts, locale: Locale): Promise<Omit<SpaceView, 'unread'>[]> {
  const cohorts = facts.role === 'admin' ? await cohortBriefs() : await ownCohorts(facts);
  const candidates: { ref: SpaceRef; title?: string }[] = [
    ...Q1_MODULES.map((m) => ({ ref: { kind: 'module', slug: m.key } as SpaceRef })),
    ...cohorts.map((c) => ({ ref: { kind: 'cohort', cohortId: c.id } as SpaceRef, title: c.title })),
    ...REGIONS.flatMap((r) => REGIONAL_KINDS.map((kind) => ({ ref: { kind, slug: r.key } as SpaceRef }))),
  ];
  return candidates
    .filter((c) => canSeeSpace(facts, c.ref))
    .map((c) => ({ key: spaceKey(c.ref), kind: c.ref.kind, title: titleOf(c.ref, locale, c.title) }));
}

/**
 * Unread = threads with a post newer than the person's read mark (threads, not posts: one glance
 * tells where to look). One grouped query over the threads of the given spaces.
 */
async function unreadBySpace(userId: number, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const sequelize = ExchangeThread.sequelize!;
  const rows = await sequelize.query<{ space_key: string; n: number | string }>(
    `SELECT t.space_key, COUNT(*) AS n
       FROM exchange_threads t
       LEFT JOIN exchange_reads r ON r.thread_id = t.id AND r.user_id = :userId
      WHERE t.space_key IN (:keys) AND t.deleted_at IS NULL
        AND t.last_post_id > COALESCE(r.last_read_post_id, 0)
      GROUP BY t.space_key`,
    { replacements: { userId, keys }, type: QueryTypes.SELECT },
  );
  for (const row of rows) out.set(row.space_key, Number(row.n));
  return out;
}

export async function listSpaces(person: Person, locale: Locale): Promise<SpaceView[]> {
  const facts = await factsOf(person);
  const spaces = await visibleSpaces(facts, locale);
  const unread = await unreadBySpace(
    person.id,
    spaces.map((s) => s.key),
  );
  return spaces.map((s) => ({ ...s, unread: unread.get(s.key) ?? 0 }));
}

/** The number in the header: unread threads over every space the person sees. */
export async function totalUnread(person: Person): Promise<number> {
  const spaces = await listSpaces(person, 'de');
  return spaces.reduce((sum, s) => sum + s.unread, 0);
}

/** A space by its key, for a person: 404 for a key naming no space, 403 for one they may not see. */
export async function resolveSpace(
  key: unknown,
  person: Person,
  locale: Locale,
  facts?: PersonFacts,
): Promise<ResolvedSpace> {
  const ref = parseSpaceKey(key);
  if (!ref) throw new NotFoundError('exchange.error.space_not_found', 'EXCHANGE_SPACE_NOT_FOUND');
  let cohortTitle: string | undefined;
  if (ref.kind === 'cohort') {
    const [cohort] = await cohortBriefs([ref.cohortId]);
    if (!cohort) throw new NotFoundError('exchange.error.space_not_found', 'EXCHANGE_SPACE_NOT_FOUND');
    cohortTitle = cohort.title;
  }
  const f = facts ?? (await factsOf(person));
  if (!canSeeSpace(f, ref)) throw new NoPermissionError('exchange.error.space_forbidden', 'EXCHANGE_SPACE_FORBIDDEN');
  return { ref, key: spaceKey(ref), title: titleOf(ref, locale, cohortTitle), canModerate: canModerate(f, ref) };
}

/** Keys of the spaces a person sees (search, mentions). */
export async function visibleSpaceKeys(person: Person): Promise<string[]> {
  return (await visibleSpaces(await factsOf(person), 'de')).map((s) => s.key);
}
