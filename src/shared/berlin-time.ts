/**
 * The programme runs in Germany: dates and times people type ("2025-03-04T09:30" from a
 * datetime-local field) mean Berlin time whatever zone the server runs in, and "today" is the
 * Berlin date. Pure helpers, no I/O.
 */
const ZONE = 'Europe/Berlin';
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function berlinFields(date: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(date).map((p) => [p.type, p.value]));
}

/** Offset of Berlin from UTC at that instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetMs(date: Date): number {
  const f = berlinFields(date);
  const asUtc = Date.UTC(+f.year, +f.month - 1, +f.day, +f.hour, +f.minute, +f.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** "2025-03-04T09:30" (Berlin) → the instant; null when the text is not such a date and time. */
export function parseBerlinLocal(text: unknown): Date | null {
  const m = typeof text === 'string' ? LOCAL_RE.exec(text.trim()) : null;
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let result = new Date(guess - offsetMs(new Date(guess)));
  // Near a DST switch the offset at the guess differs from the offset at the result: correct once.
  result = new Date(guess - offsetMs(result));
  return result;
}

/** The instant as a datetime-local value in Berlin time. */
export function toBerlinLocal(date: Date): string {
  const f = berlinFields(date);
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}`;
}

/** The Berlin calendar date of an instant, "YYYY-MM-DD". */
export function berlinDate(date: Date = new Date()): string {
  const f = berlinFields(date);
  return `${f.year}-${f.month}-${f.day}`;
}

export function isValidDate(text: unknown): text is string {
  if (typeof text !== 'string' || !DATE_RE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
