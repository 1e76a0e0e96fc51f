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
}

/** null when the person searched for does not exist: then nothing can match. */
export async function auditWhere(f: AuditFilter): Promise<WhereOptions | null> {
  const and: WhereOptions[] = [];
  if (f.action) and.push({ action: f.action });
  // Dates are Berlin calendar days, "to" inclusive.
  if (f.from) and.push({ at: { [Op.gte]: parseBerlinLocal(`${f.from}T00:00`)! } });
  if (f.to) and.push({ at: { [Op.lt]: new Date(parseBerlinLocal(`${f.to}T00:00`)!.getTime() + 86400_000) } });
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
