import type { CellStatus } from './report-filter';

/** Small pure formatters shared by pages, CSV and JSON. */

/** Centiseconds → "h:mm" (minutes rounded down; 0 → "0:00"). */
export function hoursMinutes(cs: number | null | undefined): string {
  const minutes = Math.floor(Math.max(0, Number(cs) || 0) / 6000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Scaled score (−1…1) → whole percent, or null. */
export function scorePercent(scaled: number | null | undefined): number | null {
  return scaled === null || scaled === undefined ? null : Math.round(scaled * 100);
}

/** Icon beside the text of a status: never colour alone. */
export const STATUS_ICON: Record<CellStatus, string> = {
  not_started: '○',
  in_progress: '◐',
  completed: '✓',
  passed: '★',
  failed: '✗',
};

/** Berlin local date and time as German Excel reads it: "27.11.2026 14:05". */
export function germanDateTime(d: Date | null): string {
  if (!d) return '';
  const parts = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('day')}.${p('month')}.${p('year')} ${p('hour')}:${p('minute')}`;
}

/** SCORM time span (1.2 "0000:01:30.5", 2004 "PT1M30.5S") → seconds, or null when unreadable. */
export function timespanSeconds(value: unknown): number | null {
  if (typeof value !== 'string' || !value) return null;
  const hms = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const iso = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!iso || value === 'P' || value.endsWith('T')) return null;
  const [, y, mo, d, h, mi, s] = iso.map((x) => Number(x ?? 0));
  return y * 31536000 + mo * 2592000 + d * 86400 + h * 3600 + mi * 60 + s;
}

/** Seconds → "1:05 min" / "42 s" for latencies. */
export function shortDuration(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')} min`;
}
