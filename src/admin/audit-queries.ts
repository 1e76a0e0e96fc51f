import { Op, type WhereOptions } from 'sequelize';
import { AuditEntry } from '../shared/audit';
import { User } from '../auth';
import { parseBerlinLocal } from '../curriculum';

/** The audit log's reads for the admin pages: filter → rows, names of the people named, actions used. */
export interface AuditFilter {
  action: string;
  q: string;
  from: string;
  to: string;
  /** The API's narrower filters: exactly this actor / person concerned, instants (`until` exclusive). */
  actorId?: number;
  subjectUserId?: number;
  since?: Date;
  until?: Date;
}

/** null when the person searched for does not exist: then nothing can match. */
export async function auditWhere(f: AuditFilter): Promise<WhereOptions | null> {
  const and: WhereOptions[] = [];
  if (f.action) and.push({ action: f.action });
  // Dates are Berlin calendar days, "to" inclusive.
  if (f.from) and.push({ at: { [Op.gte]: parseBerlinLocal(`${f.from}T00:00`)! } });
  if (f.to) and.push({ at: { [Op.lt]: new Date(parseBerlinLocal(`${f.to}T00:00`)!.getTime() + 86400_000) } });
  if (f.actorId) and.push({ actorId: f.actorId });
  if (f.subjectUserId) and.push({ subjectUserId: f.subjectUserId });
  if (f.since) and.push({ at: { [Op.gte]: f.since } });
  if (f.until) and.push({ at: { [Op.lt]: f.until } });
  if (f.q) {
    const like = `%${f.q}%`;
    const people = await User.findAll({
      where: {
        [Op.or]: [
          { email: { [Op.like]: like } },
          { firstName: { [Op.like]: like } },
          { lastName: { [Op.like]: like } },
        ],
      },
      attributes: ['id'],
      limit: 500,
    });
    if (!people.length) return null;
    const ids = people.map((p) => p.id);
    and.push({ [Op.or]: [{ actorId: ids }, { subjectUserId: ids }] });
  }
  return { [Op.and]: and };
}

export async function auditPage(
  where: WhereOptions | null,
  page: number,
  perPage: number,
): Promise<{ rows: AuditEntry[]; count: number }> {
  if (!where) return { rows: [], count: 0 };
  return AuditEntry.findAndCountAll({ where, order: [['id', 'DESC']], limit: perPage, offset: (page - 1) * perPage });
}

/** One batch of the export, newest first, below `beforeId` (keyset paging: no OFFSET over a long log). */
export function auditBatch(where: WhereOptions, beforeId: number | null, size: number): Promise<AuditEntry[]> {
  const batchWhere: WhereOptions = beforeId === null ? where : { [Op.and]: [where, { id: { [Op.lt]: beforeId } }] };
  return AuditEntry.findAll({ where: batchWhere, order: [['id', 'DESC']], limit: size });
}

export async function auditActions(): Promise<string[]> {
  return (await AuditEntry.findAll({ attributes: ['action'], group: ['action'], order: [['action', 'ASC']] })).map(
    (a) => a.action,
  );
}

export async function namesFor(entries: AuditEntry[]): Promise<Map<number, { name: string; email: string }>> {
  const ids = [
    ...new Set(
      entries.flatMap((e) => [e.actorId, e.subjectUserId]).filter((id): id is number => typeof id === 'number'),
    ),
  ];
  const users = ids.length
    ? await User.findAll({ where: { id: ids }, attributes: ['id', 'firstName', 'lastName', 'email'] })
    : [];
  return new Map(users.map((u) => [u.id, { name: u.displayName, email: u.email }]));
}

function parsedJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface AuditApiEntry {
  id: number;
  at: Date;
  action: string;
  actor: { id: number; name: string; email: string } | null;
  subjectUser: { id: number; name: string; email: string } | null;
  subjectType: string | null;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** One page of the filtered log for the API, newest first, with the people named and before/after as JSON. */
export async function auditApiPage(
  filter: AuditFilter,
  page: number,
  perPage: number,
): Promise<{ entries: AuditApiEntry[]; total: number; page: number; pages: number }> {
  const { rows, count } = await auditPage(await auditWhere(filter), page, perPage);
  const names = await namesFor(rows);
  const person = (id: number | null) => (id ? { id, ...(names.get(id) ?? { name: `#${id}`, email: '' }) } : null);
  return {
    entries: rows.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      actor: person(e.actorId),
      subjectUser: person(e.subjectUserId),
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      before: parsedJson(e.beforeJson),
      after: parsedJson(e.afterJson),
      reason: e.reason,
    })),
    total: count,
    page,
    pages: Math.max(1, Math.ceil(count / perPage)),
  };
}
