import type { Response } from 'express';
import { Q1_MODULES } from '../shared/q1-modules';
import { regionLabel } from '../shared/regions';
import { translate } from '../shared/i18n';
import { CsvStream } from '../shared/csv';
import { matrixIds, matrixRows, q1Packages } from './matrix-repository';
import { gateColumns } from './gate-columns';
import { offeringTallies } from '../offerings';
import { germanDateTime, hoursMinutes, scorePercent, timespanSeconds } from './report-format';
import { parseCmi, readInteractions } from './cmi-read';
import { lotseScope, type Viewer } from './report-scope';
import type { ReportFilter } from './report-filter';
import { int, type ReportDb } from './db-values';
import './messages';

/**
 * Streamed CSV downloads. The matrix first reads the ordered ids of every matching Lotse (a list of
 * numbers, small even for 10,000), then fetches and writes BATCH Lotsen at a time, waiting for the
 * socket between batches. Interactions walk sco_attempts by id (keyset). Memory holds one batch.
 */
const BATCH = 2000;
const INTERACTION_BATCH = 1000;
const t = (key: string, params?: Record<string, unknown>) => translate('de', key, params);
const percentCell = (v: number | null) => (v === null ? '' : String(v));

export async function streamMatrixCsv(
  rdb: ReportDb,
  res: Response,
  viewer: Viewer,
  filter: ReportFilter,
): Promise<void> {
  const now = new Date();
  const modules = await q1Packages(rdb);
  const ids = await matrixIds(rdb, viewer, filter, modules, now);
  const csv = new CsvStream(res);
  const header = [
    t('reports.csv.last_name'),
    t('reports.csv.first_name'),
    t('reports.csv.email'),
    t('reports.csv.region'),
  ];
  for (const m of Q1_MODULES) {
    header.push(
      `${m.title}: ${t('reports.csv.status')}`,
      `${m.title}: ${t('reports.csv.score')}`,
      `${m.title}: ${t('reports.csv.time')}`,
      `${m.title}: ${t('reports.csv.attempts')}`,
      `${m.title}: ${t('reports.csv.last_activity')}`,
    );
  }
  header.push(
    t('reports.csv.overall'),
    t('reports.csv.progress'),
    t('reports.csv.last_activity'),
    t('reports.gate.q1'),
    t('reports.gate.authorisation'),
    t('reports.gate.workshop'),
    t('reports.q2'),
    t('reports.csv.cohort'),
    t('reports.csv.stuck'),
    t('reports.csv.offerings'),
  );
  await csv.start(`lernstand-${now.toISOString().slice(0, 10)}.csv`, header);
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const [rows, gates, offerings] = await Promise.all([
      matrixRows(rdb, viewer, filter, modules, now, batch),
      gateColumns(batch),
      offeringTallies(batch),
    ]);
    await csv.writeRows(
      rows.map((r) => {
        const g = gates.get(r.id);
        const stuck = [
          r.stuckInactive ? t('reports.stuck.inactive_short', { days: filter.stuckDays }) : '',
          r.stuckFailed ? t('reports.stuck.failed_short') : '',
        ]
          .filter(Boolean)
          .join(', ');
        return [
          r.lastName,
          r.firstName,
          r.email,
          r.region ? regionLabel(r.region) : '',
          ...r.cells.flatMap((c) => [
            t(`reports.status.${c.status}`),
            percentCell(scorePercent(c.scoreScaled)),
            c.attempts ? hoursMinutes(c.timeCs) : '',
            c.attempts || '',
            germanDateTime(c.lastActivityAt),
          ]),
          t(`reports.status.${r.overall}`),
          String(Math.round(r.progress * 100)),
          germanDateTime(r.lastActivityAt),
          g ? (g.q1 ? t('common.yes') : t('common.no')) : '',
          g ? t(`reports.auth.${g.authorisation}`) : '',
          g ? t(`reports.workshop.${g.workshop}`) : '',
          g ? t(`reports.q2.${g.q2}`) : '',
          g?.cohort?.title ?? '',
          stuck,
          offerings.has(r.id) ? t('reports.offerings.tally', { ...offerings.get(r.id) }) : '',
        ];
      }),
    );
  }
  csv.end();
}

export async function streamInteractionsCsv(
  rdb: ReportDb,
  res: Response,
  viewer: Viewer,
  filter: Pick<ReportFilter, 'region' | 'cohort' | 'q'>,
  opts: { moduleKey?: string; userId?: number },
): Promise<void> {
  const scope = lotseScope(viewer, filter);
  const extra: string[] = [];
  const replacements: Record<string, unknown> = { ...scope.replacements };
  if (opts.moduleKey) {
    extra.push('p.module_key = :moduleKey');
    replacements.moduleKey = opts.moduleKey;
  }
  if (opts.userId) {
    extra.push('u.id = :lotseId');
    replacements.lotseId = opts.userId;
  }
  const csv = new CsvStream(res);
  await csv.start(`interaktionen-${new Date().toISOString().slice(0, 10)}.csv`, [
    t('reports.csv.last_name'),
    t('reports.csv.first_name'),
    t('reports.csv.email'),
    t('reports.csv.region'),
    t('reports.csv.module'),
    t('reports.csv.attempt'),
    t('reports.csv.sco'),
    t('reports.csv.number'),
    t('reports.csv.question_id'),
    t('reports.csv.question'),
    t('reports.csv.type'),
    t('reports.csv.response'),
    t('reports.csv.correct_response'),
    t('reports.csv.result'),
    t('reports.csv.latency'),
    t('reports.csv.timestamp'),
  ]);
  let after = 0;
  for (;;) {
    const rows = await rdb.select(
      `SELECT s.id, s.cmi_json, a.number, p.module_key, p.title AS package_title, ps.title AS sco_title, u.first_name, u.last_name, u.email, u.region
      FROM sco_attempts s JOIN attempts a ON a.id = s.attempt_id JOIN users u ON u.id = a.user_id JOIN packages p ON p.id = a.package_id JOIN package_scos ps ON ps.id = s.sco_id
      WHERE s.id > :after AND s.cmi_json IS NOT NULL AND a.credit = 'credit' AND ${scope.sql}${extra.map((e) => ` AND ${e}`).join('')}
      ORDER BY s.id LIMIT ${INTERACTION_BATCH}`,
      { ...replacements, after },
    );
    if (!rows.length) break;
    after = int(rows[rows.length - 1].id);
    const lines: unknown[][] = [];
    for (const r of rows) {
      const moduleTitle = Q1_MODULES.find((m) => m.key === r.module_key)?.title ?? String(r.package_title);
      for (const it of readInteractions(parseCmi(r.cmi_json as string))) {
        const latency = timespanSeconds(it.latency);
        lines.push([
          r.last_name,
          r.first_name,
          r.email,
          r.region ? regionLabel(String(r.region)) : '',
          moduleTitle,
          int(r.number),
          r.sco_title,
          it.index + 1,
          it.id,
          it.description,
          it.type,
          it.response,
          it.correctResponses.join(' | '),
          it.outcome ? t(`reports.outcome.${it.outcome}`) : it.result,
          latency === null ? '' : String(latency).replace('.', ','),
          it.timestamp,
        ]);
      }
    }
    await csv.writeRows(lines);
    if (rows.length < INTERACTION_BATCH) break;
  }
  csv.end();
}
