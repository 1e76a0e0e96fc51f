import { Router, type Request } from 'express';
import { Op, type WhereOptions } from 'sequelize';
import { AuditEntry } from '../shared/audit';
import { User } from '../auth';
import { isValidDate } from '../curriculum/berlin-time';
import { parseBerlinLocal } from '../curriculum';
import { addMessages } from '../shared/i18n';
import { CsvStream } from '../shared/csv';
import { pageParam } from '../shared/web/page-param';

addMessages({
  de: {
    'audit.title': 'Protokoll', 'audit.intro': 'Wer hat wann was geändert: Prüfungen, Anmeldungen, Anwesenheiten, Ausnahmen und Rollenänderungen. Einträge werden nie geändert oder gelöscht.',
    'audit.export': 'Als CSV exportieren', 'audit.action': 'Aktion', 'audit.person': 'Person (Name oder E-Mail)', 'audit.from': 'Von', 'audit.to': 'Bis',
    'audit.at': 'Zeitpunkt', 'audit.actor': 'Ausgeführt von', 'audit.subject': 'Betrifft', 'audit.change': 'Vorher → nachher', 'audit.reason': 'Begründung',
    'audit.system': 'System', 'audit.none': 'Keine Einträge für diese Auswahl.',
    'audit.action.authorisation.submitted': 'Autorisierung eingereicht', 'audit.action.authorisation.verified': 'Autorisierung bestätigt', 'audit.action.authorisation.rejected': 'Autorisierung abgelehnt',
    'audit.action.workshop.created': 'Workshop-Termin angelegt', 'audit.action.workshop.registered': 'Workshop: angemeldet', 'audit.action.workshop.unregistered': 'Workshop: abgemeldet', 'audit.action.workshop.attendance': 'Workshop: Teilnahme erfasst',
    'audit.action.cohort.created': 'Kohorte angelegt', 'audit.action.cohort.updated': 'Kohorte geändert', 'audit.action.cohort.session_added': 'Kohorte: Termin hinzugefügt', 'audit.action.cohort.session_removed': 'Kohorte: Termin entfernt', 'audit.action.cohort.finished': 'Kohorte abgeschlossen',
    'audit.action.q2.enrolled': 'Q2: angemeldet', 'audit.action.q2.waitlisted': 'Q2: auf die Warteliste', 'audit.action.q2.moved_up': 'Q2: von der Warteliste nachgerückt', 'audit.action.q2.withdrawn': 'Q2: abgemeldet', 'audit.action.q2.removed': 'Q2: entfernt',
    'audit.action.q2.override': 'Q2: Ausnahme von den Voraussetzungen', 'audit.action.q2.attendance': 'Q2: Anwesenheit erfasst', 'audit.action.q2.completed': 'Q2 abgeschlossen (Anwesenheit)', 'audit.action.q2.completion_marked': 'Q2 als abgeschlossen markiert', 'audit.action.q2.gate_met': 'Q2: alle Voraussetzungen erfüllt',
    'audit.action.certificate.issue': 'Zertifikat ausgestellt', 'audit.action.certificate.reissue': 'Zertifikat neu ausgestellt', 'audit.action.certificate.revoke': 'Zertifikat widerrufen',
    'audit.action.package.imported': 'SCORM-Paket importiert', 'audit.action.package.module_assigned': 'Paket einem Q1-Modul zugeordnet', 'audit.action.package.window_changed': 'Paket: Anzeige im Fenster geändert',
    'audit.subject_type.user': 'Konto', 'audit.subject_type.package': 'Paket', 'audit.subject_type.certificate': 'Zertifikat', 'audit.subject_type.cohort': 'Kohorte',
    'audit.subject_type.session': 'Kohortentermin', 'audit.subject_type.workshop': 'Workshop-Termin', 'audit.subject_type.authorisation': 'Autorisierung',
    'audit.action.user.created': 'Konto angelegt', 'audit.action.user.updated': 'Konto geändert', 'audit.action.user.role_changed': 'Rolle geändert', 'audit.action.user.invitation_accepted': 'Einladung angenommen', 'audit.action.user.password_reset': 'Passwort zurückgesetzt',
  },
});

/**
 * The audit log for admins (`/admin/audit`, behind requireAdmin): filter by action, person (name or
 * email, as actor or as the person concerned) and date range; paginated; CSV export streamed in
 * batches, so a long log never sits in memory whole. Read only.
 */
const PER_PAGE = 50;
const BATCH = 500;

interface Filter { action: string; q: string; from: string; to: string }

function readFilter(req: Request): Filter {
  const s = (v: unknown, max = 100) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  return { action: s(req.query.action, 64), q: s(req.query.q), from: isValidDate(s(req.query.from)) ? s(req.query.from) : '', to: isValidDate(s(req.query.to)) ? s(req.query.to) : '' };
}

async function whereFor(f: Filter): Promise<WhereOptions | null> {
  const and: WhereOptions[] = [];
  if (f.action) and.push({ action: f.action });
  // Dates are Berlin calendar days, "to" inclusive.
  if (f.from) and.push({ at: { [Op.gte]: parseBerlinLocal(`${f.from}T00:00`)! } });
  if (f.to) and.push({ at: { [Op.lt]: new Date(parseBerlinLocal(`${f.to}T00:00`)!.getTime() + 86400_000) } });
  if (f.q) {
    const like = `%${f.q}%`;
    const people = await User.findAll({ where: { [Op.or]: [{ email: { [Op.like]: like } }, { firstName: { [Op.like]: like } }, { lastName: { [Op.like]: like } }] }, attributes: ['id'], limit: 500 });
    if (!people.length) return null;
    const ids = people.map((p) => p.id);
    and.push({ [Op.or]: [{ actorId: ids }, { subjectUserId: ids }] });
  }
  return { [Op.and]: and };
}

async function namesFor(entries: AuditEntry[]): Promise<Map<number, { name: string; email: string }>> {
  const ids = [...new Set(entries.flatMap((e) => [e.actorId, e.subjectUserId]).filter((id): id is number => typeof id === 'number'))];
  const users = ids.length ? await User.findAll({ where: { id: ids }, attributes: ['id', 'firstName', 'lastName', 'email'] }) : [];
  return new Map(users.map((u) => [u.id, { name: u.displayName, email: u.email }]));
}

/** "package 3" is a database word; the log shows "Paket 3" (unknown types stay as stored). */
function typeLabel(type: string, req: Request): string {
  const label = req.t(`audit.subject_type.${type}`);
  return label.startsWith('audit.subject_type.') ? type : label;
}

function row(e: AuditEntry, names: Map<number, { name: string; email: string }>, req: Request) {
  const label = req.t(`audit.action.${e.action}`);
  return {
    id: e.id, at: e.at, action: e.action, actionLabel: label.startsWith('audit.action.') ? e.action : label,
    actor: e.actorId ? names.get(e.actorId) ?? { name: `#${e.actorId}`, email: '' } : null,
    subject: e.subjectUserId ? names.get(e.subjectUserId) ?? { name: `#${e.subjectUserId}`, email: '' } : null,
    object: e.subjectType ? `${typeLabel(e.subjectType, req)} ${e.subjectId ?? ''}`.trim() : '',
    before: e.beforeJson, after: e.afterJson, reason: e.reason,
  };
}

export function adminAuditRoutes(): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const filter = readFilter(req);
    const where = await whereFor(filter);
    const page = pageParam(req.query.page);
    const { rows, count } = where ? await AuditEntry.findAndCountAll({ where, order: [['id', 'DESC']], limit: PER_PAGE, offset: (page - 1) * PER_PAGE }) : { rows: [], count: 0 };
    const names = await namesFor(rows);
    const actions = (await AuditEntry.findAll({ attributes: ['action'], group: ['action'], order: [['action', 'ASC']] })).map((a) => ({ value: a.action, label: req.t(`audit.action.${a.action}`).startsWith('audit.action.') ? a.action : req.t(`audit.action.${a.action}`) }));
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
    res.render('admin/audit', {
      title: req.t('audit.title'), styles: ['/static/css/q2.css'], wide: true, filter, actions,
      entries: rows.map((e) => row(e, names, req)), total: count, page, pages: Math.max(1, Math.ceil(count / PER_PAGE)), pagerQuery: query, csvUrl: `/admin/audit/export.csv${query ? `?${query}` : ''}`,
    });
  });

  // CSV export of the filtered log: UTF-8 with BOM and `;` (what German Excel opens directly).
  r.get('/export.csv', async (req, res) => {
    const filter = readFilter(req);
    const where = await whereFor(filter);
    const csv = new CsvStream(res, 'when-needed');
    await csv.start(`protokoll-${new Date().toISOString().slice(0, 10)}.csv`, ['id', 'zeitpunkt', 'aktion', 'ausgefuehrt_von', 'ausgefuehrt_von_email', 'betroffen', 'betroffen_email', 'objekt', 'vorher', 'nachher', 'begruendung']);
    let lastId: number | null = null;
    while (where) {
      const batchWhere: WhereOptions = lastId === null ? where : { [Op.and]: [where, { id: { [Op.lt]: lastId } }] };
      const rows: AuditEntry[] = await AuditEntry.findAll({ where: batchWhere, order: [['id', 'DESC']], limit: BATCH });
      if (!rows.length) break;
      const names = await namesFor(rows);
      // CsvStream waits for the client to take each batch before the next one is read.
      await csv.writeRows(rows.map((e) => {
        const v = row(e, names, req);
        return [v.id, v.at, v.action, v.actor?.name, v.actor?.email, v.subject?.name, v.subject?.email, v.object, v.before, v.after, v.reason];
      }));
      lastId = rows[rows.length - 1].id;
      if (rows.length < BATCH) break;
    }
    csv.end();
  });
  return r;
}
