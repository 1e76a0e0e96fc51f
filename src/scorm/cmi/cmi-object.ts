/**
 * Small readers for the cmi object as scorm-again renders it. Every value arrives as a string
 * ("" when unset), and CMI arrays arrive as objects keyed "0", "1", ... — after a database
 * round trip they may also be real arrays, so both shapes are read alike.
 */

export type CmiRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is CmiRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accepts the cmi object itself or a wrapper `{ cmi: {...} }` and returns the cmi object. */
export function unwrapCmi(value: unknown): CmiRecord {
  if (!isRecord(value)) return {};
  return isRecord(value.cmi) ? value.cmi : value;
}

export function getIn(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (isRecord(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** String value of a scalar CMI element; '' for anything else. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

/** True for a CMIDecimal written as text or number ("" is not a number). */
export function isDecimalText(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && DECIMAL.test(value);
}

/** Number value of a CMIDecimal element; null when unset ("") or not a number. */
export function asNumber(value: unknown): number | null {
  return isDecimalText(value) ? Number(value) : null;
}

/** Items of a CMI array (real array or object keyed by index), in index order. */
export function listItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && item !== null);
  if (!isRecord(value)) return [];
  return Object.keys(value)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => value[key])
    .filter((item) => item !== undefined && item !== null);
}
