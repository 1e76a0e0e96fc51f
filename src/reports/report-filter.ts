import { z } from 'zod';
import { REGION_KEYS } from '../shared/regions';
import { Q1_MODULES } from '../shared/q1-modules';

/**
 * The dashboard's filters, read from the query string (pages, CSV and JSON read the same ones).
 * Invalid values fall back to "no filter" instead of failing: a filter link must never break the page.
 */
export const CELL_STATUSES = ['not_started', 'in_progress', 'completed', 'passed', 'failed'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];
export const SORTS = ['name', 'region', 'activity', 'progress'] as const;
export type Sort = (typeof SORTS)[number];

export const DEFAULT_STUCK_DAYS = 14;
export const PER_PAGE = 50;

const moduleKeys = Q1_MODULES.map((m) => m.key) as [string, ...string[]];
const orEmpty = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const schema = z.object({
  region: orEmpty(z.enum(REGION_KEYS)),
  cohort: orEmpty(z.coerce.number().int().positive()),
  // "" = overall Q1 status of the Lotse; a module key = that module's status.
  module: orEmpty(z.enum(moduleKeys)),
  status: orEmpty(z.enum(CELL_STATUSES)),
  inactiveDays: orEmpty(z.coerce.number().int().min(1).max(3650)),
  stuckDays: z.coerce.number().int().min(1).max(3650).catch(DEFAULT_STUCK_DAYS).default(DEFAULT_STUCK_DAYS),
  stuck: orEmpty(z.enum(['1'])),
  q: orEmpty(z.string().trim().max(100)),
  sort: z.enum(SORTS).catch('name').default('name'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
});

export interface ReportFilter {
  region?: string;
  cohort?: number;
  module?: string;
  status?: CellStatus;
  inactiveDays?: number;
  stuckDays: number;
  stuckOnly: boolean;
  q?: string;
  sort: Sort;
  dir: 'asc' | 'desc';
  page: number;
}

export function parseReportFilter(query: Record<string, unknown>): ReportFilter {
  const plain = Object.fromEntries(
    Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v === '' ? undefined : v]),
  );
  const f = schema.parse(plain);
  return {
    region: f.region,
    cohort: f.cohort,
    module: f.module,
    status: f.status,
    inactiveDays: f.inactiveDays,
    stuckDays: f.stuckDays,
    stuckOnly: f.stuck === '1',
    q: f.q || undefined,
    sort: f.sort,
    dir: f.dir,
    page: f.page,
  };
}

/** The filter as a query string (without page), for pager links and the CSV link. */
export function filterQuery(f: ReportFilter, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  };
  put('region', f.region);
  put('cohort', f.cohort);
  put('module', f.module);
  put('status', f.status);
  put('inactiveDays', f.inactiveDays);
  if (f.stuckDays !== DEFAULT_STUCK_DAYS) put('stuckDays', f.stuckDays);
  if (f.stuckOnly) put('stuck', '1');
  put('q', f.q);
  if (f.sort !== 'name') put('sort', f.sort);
  if (f.dir !== 'asc') put('dir', f.dir);
  for (const [k, v] of Object.entries(extra)) put(k, v);
  return params.toString();
}
