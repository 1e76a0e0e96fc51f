import { REGION_KEYS, regionLabel } from '../shared/regions';
import { Q1_MODULES, q1ModuleTitle } from '../shared/q1-modules';

export type SpaceKind = 'module' | 'cohort' | 'region' | 'reflecting' | 'firms';
export const SPACE_KINDS: SpaceKind[] = ['module', 'cohort', 'region', 'reflecting', 'firms'];
export const REGIONAL_KINDS = ['region', 'reflecting', 'firms'] as const;

/** A space named by its key: `module:<key>`, `cohort:<id>`, `region|reflecting|firms:<region>`. */
export type SpaceRef =
  | { kind: 'module'; slug: string }
  | { kind: 'cohort'; cohortId: number }
  | { kind: 'region' | 'reflecting' | 'firms'; slug: string };

/** Parses a key from a URL; anything that names no possible space is null (the caller answers 404). */
export function parseSpaceKey(key: unknown): SpaceRef | null {
  if (typeof key !== 'string' || key.length > 80) return null;
  const m = /^([a-z]+):([a-z0-9-]+)$/.exec(key);
  if (!m) return null;
  const [, kind, rest] = m;
  if (kind === 'module') return Q1_MODULES.some((q) => q.key === rest) ? { kind, slug: rest } : null;
  if (kind === 'cohort') return /^[1-9][0-9]{0,9}$/.test(rest) ? { kind, cohortId: Number(rest) } : null;
  if (kind === 'region' || kind === 'reflecting' || kind === 'firms')
    return (REGION_KEYS as string[]).includes(rest) ? { kind, slug: rest } : null;
  return null;
}

export function spaceKey(ref: SpaceRef): string {
  return ref.kind === 'cohort' ? `cohort:${ref.cohortId}` : `${ref.kind}:${ref.slug}`;
}

/** The catalogue key and parameters of a space's title (cohort titles come from the cohort). */
export function spaceTitleParts(ref: SpaceRef, cohortTitle?: string): { key: string; params: Record<string, string> } {
  switch (ref.kind) {
    case 'module':
      return { key: 'exchange.space.module', params: { name: q1ModuleTitle(ref.slug) ?? ref.slug } };
    case 'cohort':
      return { key: 'exchange.space.cohort', params: { name: cohortTitle ?? String(ref.cohortId) } };
    default:
      return { key: `exchange.space.${ref.kind}`, params: { name: regionLabel(ref.slug) } };
  }
}
