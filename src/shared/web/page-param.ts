/** The highest page any list offers; beyond it the offset alone would make the database slow or fail. */
export const MAX_PAGE = 100_000;

/**
 * One reading of every `?page=` parameter: a whole number from 1 to MAX_PAGE; anything else (missing,
 * `abc`, `-3`, `2.5`, `1e309` = Infinity, an array from `?page=1&page=2`) is page 1, or MAX_PAGE when it
 * is a number above it. A stranger's query string must never reach OFFSET as Infinity or NaN.
 */
export function pageParam(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (Number.isNaN(n) || n < 1) return 1;
  if (n > MAX_PAGE) return MAX_PAGE;
  return Math.floor(n);
}
