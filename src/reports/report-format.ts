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

// Intl formatting costs ~10 µs a call and the CSV prints 40,000 dates: ask Intl only for the
// Berlin UTC offset, once per hour of time (offsets change only on the hour), and do the rest by hand.
const BERLIN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});
const offsets = new Map<number, number>();

function berlinOffsetMs(d: Date): number {
  const hour = Math.floor(d.getTime() / 3600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const p: Record<string, number> = {};
    for (const part of BERLIN.formatToParts(new Date(hour * 3600_000))) p[part.type] = Number(part.value);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - hour * 3600_000;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Berlin local date and time as German Excel reads it: "27.11.2026 14:05". */
export function germanDateTime(d: Date | null): string {
  if (!d) return '';
  const l = new Date(d.getTime() + berlinOffsetMs(d));
  return `${two(l.getUTCDate())}.${two(l.getUTCMonth() + 1)}.${l.getUTCFullYear()} ${two(l.getUTCHours())}:${two(l.getUTCMinutes())}`;
}

/** SCORM time span (1.2 "0000:01:30.5", 2004 "PT1M30.5S") → seconds, or null when unreadable. */
export function timespanSeconds(value: unknown): number | null {
  if (typeof value !== 'string' || !value) return null;
  const hms = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const iso =
    /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      value,
    );
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
