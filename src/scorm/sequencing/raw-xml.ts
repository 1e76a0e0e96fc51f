/**
 * Reading helpers over the parser's `RawXml` (namespace prefixes already stripped). Names are
 * compared case-insensitively because hand-written manifests vary (`IDRef`, `idref`).
 */
import type { RawXml } from '../manifest';

export function kids(el: RawXml | undefined, name: string): RawXml[] {
  if (!el) return [];
  const want = name.toLowerCase();
  return el.children.filter((c) => c.name.toLowerCase() === want);
}

export function kid(el: RawXml | undefined, name: string): RawXml | undefined {
  return kids(el, name)[0];
}

export function attrOf(el: RawXml | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const want = name.toLowerCase();
  for (const [key, value] of Object.entries(el.attributes)) if (key.toLowerCase() === want) return value.trim();
  return undefined;
}

/** xs:boolean: `true`/`1` and `false`/`0`; anything else keeps the schema default. */
export function boolAttr(el: RawXml | undefined, name: string, fallback: boolean): boolean {
  const v = attrOf(el, name)?.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return fallback;
}

export function numAttr(el: RawXml | undefined, name: string): number | undefined {
  const v = attrOf(el, name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function numText(el: RawXml | undefined): number | undefined {
  const v = el?.text?.trim();
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** One of the allowed tokens (matched case-insensitively, returned as spelled in `allowed`). */
export function enumAttr<T extends string>(
  el: RawXml | undefined,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = attrOf(el, name)?.toLowerCase();
  return allowed.find((a) => a.toLowerCase() === v) ?? fallback;
}
