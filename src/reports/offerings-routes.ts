/**
 * Weiterbildung in the tutor reports: /reports/angebote (participants per offering, filtered by
 * offering, region and state, with progress) and /reports/export/offerings.csv (same filters).
 * Read only; the scope (admins all, tutors their region) lives in offerings' `offeringReport`.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { offeringReport, offeringChoices, type OfferingReportRow, type OfferingReportFilter } from '../offerings';
import { REGION_KEYS, regionLabel } from '../shared/regions';
import { translate } from '../shared/i18n';
import { CsvStream } from '../shared/csv';
import { id, parseQuery } from '../shared/web/input';
import './messages';
import './offerings-messages';

const STATES = ['enrolled', 'done', 'invited'] as const;

/** Filters are soft: an unknown offering, region or state just means "all", as in the other reports. */
const filterQuery = z.object({
  offering: id.optional(),
  region: z.enum(REGION_KEYS).optional().catch(undefined),
  state: z.enum(STATES).optional().catch(undefined),
});

function filterOf(req: Request): OfferingReportFilter {
  const q = parseQuery(req, filterQuery);
  return { offeringId: q.offering || undefined, region: q.region, state: q.state };
}

const viewerOf = (req: Request) => ({ role: req.user!.role, region: req.user!.region ?? null });
const percentOf = (r: OfferingReportRow) => r.standing?.percent ?? 0;

export function offeringReportRoutes(): Router {
  const r = Router();

  r.get('/angebote', async (req, res) => {
    const filter = filterOf(req);
    const [rows, offerings] = await Promise.all([offeringReport(viewerOf(req), filter), offeringChoices()]);
    const query = new URLSearchParams(
      Object.entries({ offering: filter.offeringId, region: filter.region, state: filter.state })
        .filter(([, v]) => v)
        .map(([k, v]) => [k, String(v)]),
    ).toString();
    res.render('reports/offerings', {
      styles: ['/static/css/reports.css', '/static/css/offerings.css'],
      wide: true,
      title: req.t('reports.offerings.title'),
      filter,
      isAdminView: req.user!.role === 'admin',
      offerings: offerings.map((o) => ({ ...o, selected: o.id === filter.offeringId })),
      states: STATES.map((key) => ({ key, label: req.t(`reports.offerings.state.${key}`) })),
      rows: rows.map((row) => ({
        ...row,
        name: `${row.lastName}, ${row.firstName}`,
        statusKey: row.enrolledAt ? (row.standing?.status ?? 'not_started') : null,
        percent: percentOf(row),
      })),
      csvUrl: `/reports/export/offerings.csv${query ? `?${query}` : ''}`,
    });
  });

  r.get('/export/offerings.csv', async (req, res) => {
    const rows = await offeringReport(viewerOf(req), filterOf(req));
    const t = (key: string) => translate('de', key);
    const csv = new CsvStream(res);
    await csv.start(`weiterbildung-${new Date().toISOString().slice(0, 10)}.csv`, [
      t('reports.offerings.col_offering'),
      t('reports.csv.last_name'),
      t('reports.csv.first_name'),
      t('reports.csv.email'),
      t('reports.offerings.col_role'),
      t('reports.csv.region'),
      t('reports.offerings.col_state'),
      t('reports.offerings.col_progress'),
      t('reports.offerings.col_completed'),
      t('reports.csv.score'),
    ]);
    await csv.writeRows(
      rows.map((r) => [
        r.offeringTitle,
        r.lastName,
        r.firstName,
        r.email,
        t(`role.${r.role}`),
        regionLabel(r.region),
        r.enrolledAt ? t(`status.${r.standing?.status ?? 'not_started'}`) : t('reports.offerings.state.invited'),
        r.enrolledAt ? String(percentOf(r)) : '',
        r.standing?.completedAt ? new Date(r.standing.completedAt).toISOString().slice(0, 10) : '',
        r.standing?.scoreScaled === null || r.standing?.scoreScaled === undefined
          ? ''
          : String(Math.round(r.standing.scoreScaled * 100)),
      ]),
    );
    csv.end();
  });

  return r;
}
