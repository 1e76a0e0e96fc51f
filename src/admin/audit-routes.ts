import { Router, type Request } from 'express';
import type { AuditEntry } from '../shared/audit';
import { isValidDate } from '../shared/berlin-time';
import { auditActions, auditBatch, auditPage, auditWhere, namesFor, type AuditFilter as Filter } from './audit-queries';
import './messages';
import { CsvStream } from '../shared/csv';
import { pageParam } from '../shared/web/page-param';

/**
 * The audit log for admins (`/admin/audit`, behind requireAdmin): filter by action, person (name or
 * email, as actor or as the person concerned) and date range; paginated; CSV export streamed in
 * batches, so a long log never sits in memory whole. Read only.
 */
const PER_PAGE = 50;
const BATCH = 500;

function readFilter(req: Request): Filter {
  const s = (v: unknown, max = 100) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  return {
    action: s(req.query.action, 64),
    q: s(req.query.q),
    from: isValidDate(s(req.query.from)) ? s(req.query.from) : '',
    to: isValidDate(s(req.query.to)) ? s(req.query.to) : '',
  };
}

/** "package 3" is a database word; the log shows "Paket 3" (unknown types stay as stored). */
function typeLabel(type: string, req: Request): string {
  const label = req.t(`audit.subject_type.${type}`);
  return label.startsWith('audit.subject_type.') ? type : label;
}

function row(e: AuditEntry, names: Map<number, { name: string; email: string }>, req: Request) {
  const label = req.t(`audit.action.${e.action}`);
  return {
    id: e.id,
    at: e.at,
    action: e.action,
    actionLabel: label.startsWith('audit.action.') ? e.action : label,
    actor: e.actorId ? (names.get(e.actorId) ?? { name: `#${e.actorId}`, email: '' }) : null,
    subject: e.subjectUserId ? (names.get(e.subjectUserId) ?? { name: `#${e.subjectUserId}`, email: '' }) : null,
    object: e.subjectType ? `${typeLabel(e.subjectType, req)} ${e.subjectId ?? ''}`.trim() : '',
    before: e.beforeJson,
    after: e.afterJson,
    reason: e.reason,
  };
}

export function adminAuditRoutes(): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const filter = readFilter(req);
    const where = await auditWhere(filter);
    const page = pageParam(req.query.page);
    const { rows, count } = await auditPage(where, page, PER_PAGE);
    const names = await namesFor(rows);
    const actions = (await auditActions()).map((action) => ({
      value: action,
      label: req.t(`audit.action.${action}`).startsWith('audit.action.') ? action : req.t(`audit.action.${action}`),
    }));
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
    res.render('admin/audit', {
      title: req.t('audit.title'),
      styles: ['/static/css/q2.css'],
      wide: true,
      filter,
      actions,
      entries: rows.map((e) => row(e, names, req)),
      total: count,
      page,
      pages: Math.max(1, Math.ceil(count / PER_PAGE)),
      pagerQuery: query,
      csvUrl: `/admin/audit/export.csv${query ? `?${query}` : ''}`,
    });
  });

  // CSV export of the filtered log: UTF-8 with BOM and `;` (what German Excel opens directly).
  r.get('/export.csv', async (req, res) => {
    const filter = readFilter(req);
    const where = await auditWhere(filter);
    const csv = new CsvStream(res, 'when-needed');
    await csv.start(`protokoll-${new Date().toISOString().slice(0, 10)}.csv`, [
      'id',
      'zeitpunkt',
      'aktion',
      'ausgefuehrt_von',
      'ausgefuehrt_von_email',
      'betroffen',
      'betroffen_email',
      'objekt',
      'vorher',
      'nachher',
      'begruendung',
    ]);
    let lastId: number | null = null;
    while (where) {
      const rows: AuditEntry[] = await auditBatch(where, lastId, BATCH);
      if (!rows.length) break;
      const names = await namesFor(rows);
      // CsvStream waits for the client to take each batch before the next one is read.
      await csv.writeRows(
        rows.map((e) => {
          const v = row(e, names, req);
          return [
            v.id,
            v.at,
            v.action,
            v.actor?.name,
            v.actor?.email,
            v.subject?.name,
            v.subject?.email,
            v.object,
            v.before,
            v.after,
            v.reason,
          ];
        }),
      );
      lastId = rows[rows.length - 1].id;
      if (rows.length < BATCH) break;
    }
    csv.end();
  });
  return r;
}
