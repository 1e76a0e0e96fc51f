import { QueryTypes, type Sequelize } from 'sequelize';
import type { Replacements } from './report-scope';

/**
 * Raw reads for the reports. SQLite hands back dates as text and MariaDB sums as DECIMAL strings,
 * so every value passes through one of these converters before it leaves the repository.
 */
/**
 * Where every report and export query goes: the read replica of DATABASE_READ_URL, or the main
 * connection. Built once by the composition root and handed to the report routes.
 */
export interface ReportDb {
  select<T extends object = Record<string, unknown>>(sql: string, replacements?: Replacements): Promise<T[]>;
  /** SQLite and MariaDB spell dates and JSON differently in a few queries. */
  readonly isSqlite: boolean;
}

export function createReportDb(database: Sequelize): ReportDb {
  return {
    select: <T extends object>(sql: string, replacements: Replacements = {}) =>
      database.query<T>(sql, { type: QueryTypes.SELECT, replacements, raw: true }),
    isSqlite: database.getDialect() === 'sqlite',
  };
}

export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function int(v: unknown): number {
  return Math.round(num(v) ?? 0);
}

/** SQLite stores "2025-03-01 09:30:00.000 +00:00"; MariaDB gives a Date. */
export function date(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v;
  const s = String(v);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`) : new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function bool(v: unknown): boolean | null {
  if (v === null || v === undefined) return null;
  return v === true || v === 1 || v === '1';
}

/** Scaled scores live in FLOAT columns (single precision on MariaDB): 0.92 comes back as 0.92000001…; four decimals is what the player stores. */
export function score(v: unknown): number | null {
  const n = num(v);
  return n === null ? null : Math.round(n * 10000) / 10000;
}
