/**
 * SCORM time spans, held as integer centiseconds (the finest unit either version can express).
 *
 * SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (RTE 3.4.2 data types). The standard allows 2-4 hour
 * digits; we read any number of hour digits because scorm-again writes more for long totals.
 * SCORM 2004 timeinterval (second,10,2): ISO 8601 duration. Years, months and weeks are read with
 * the same fixed lengths scorm-again uses (365 d, 30 d, 7 d) since a duration has no calendar.
 */

const CS_PER_SECOND = 100;
const CS_PER_MINUTE = 60 * CS_PER_SECOND;
const CS_PER_HOUR = 60 * CS_PER_MINUTE;
const CS_PER_DAY = 24 * CS_PER_HOUR;

const TIMESPAN_12 = /^(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,2}))?$/;

export function parseDuration12(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = TIMESPAN_12.exec(value);
  if (!match) return null;
  const [, hours, minutes, seconds, fraction = ''] = match;
  return (
    Number(hours) * CS_PER_HOUR +
    Number(minutes) * CS_PER_MINUTE +
    Number(seconds) * CS_PER_SECOND +
    Number(fraction.padEnd(2, '0'))
  );
}

const NUM = '(\\d+(?:[.,]\\d+)?)';
const DURATION_2004 = new RegExp(
  `^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);
const UNIT_CS = [
  365 * CS_PER_DAY,
  30 * CS_PER_DAY,
  7 * CS_PER_DAY,
  CS_PER_DAY,
  CS_PER_HOUR,
  CS_PER_MINUTE,
  CS_PER_SECOND,
];

export function parseDuration2004(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = DURATION_2004.exec(value);
  // ISO 8601 needs at least one component, and a 'T' must be followed by one.
  if (!match || value === 'P' || value.endsWith('T')) return null;
  let total = 0;
  for (let i = 0; i < UNIT_CS.length; i++) {
    const part = match[i + 1];
    if (part !== undefined) total += Number(part.replace(',', '.')) * UNIT_CS[i];
  }
  return Math.round(total);
}

function wholeCs(cs: number): number {
  return Number.isFinite(cs) && cs > 0 ? Math.round(cs) : 0;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** HH:MM:SS, plus .SS only when there are centiseconds; capped at the standard's 9999:59:59.99. */
export function formatDuration12(cs: number): string {
  const total = Math.min(wholeCs(cs), 10000 * CS_PER_HOUR - 1);
  const hours = Math.floor(total / CS_PER_HOUR);
  const minutes = Math.floor((total % CS_PER_HOUR) / CS_PER_MINUTE);
  const seconds = Math.floor((total % CS_PER_MINUTE) / CS_PER_SECOND);
  const fraction = total % CS_PER_SECOND;
  const base = `${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  return fraction === 0 ? base : `${base}.${pad2(fraction)}`;
}

/** PT#H#M#S without days (a day is not always 24 h in ISO 8601); zero is PT0S. */
export function formatDuration2004(cs: number): string {
  const total = wholeCs(cs);
  if (total === 0) return 'PT0S';
  const hours = Math.floor(total / CS_PER_HOUR);
  const minutes = Math.floor((total % CS_PER_HOUR) / CS_PER_MINUTE);
  const restCs = total % CS_PER_MINUTE;
  let text = 'PT';
  if (hours) text += `${hours}H`;
  if (minutes) text += `${minutes}M`;
  if (restCs) {
    const whole = Math.floor(restCs / CS_PER_SECOND);
    const fraction = restCs % CS_PER_SECOND;
    text += fraction === 0 ? `${whole}S` : `${whole}.${pad2(fraction).replace(/0$/, '')}S`;
  }
  return text;
}

/** Parse a time span written in either version's format (manifest values come in both). */
export function parseAnyDuration(value: unknown): number | null {
  return parseDuration12(value) ?? parseDuration2004(value);
}

/**
 * The server owns total_time: it adds each session's time once, when the session ends.
 * scorm-again repeats the session's running session_time in every commit and sends its own
 * total_time only on LMSFinish/Terminate, so neither may simply be summed per commit.
 */
export function accumulateTotalTime(previousTotalCs: number, sessionTimeCs: number): number {
  return wholeCs(previousTotalCs) + wholeCs(sessionTimeCs);
}
