/** The four regional networks of the programme. Keys are stored; labels are shown. */
export const REGIONS = [
  { key: 'baden-wuerttemberg', label: 'Baden-Württemberg' },
  { key: 'luebeck-westmecklenburg', label: 'Lübeck/Westmecklenburg' },
  { key: 'saarland', label: 'Saarland' },
  { key: 'rhein-ruhr', label: 'Rhein-Ruhr' },
] as const;

export type RegionKey = (typeof REGIONS)[number]['key'];
export const REGION_KEYS = REGIONS.map((r) => r.key) as [RegionKey, ...RegionKey[]];

export function regionLabel(key: string | null | undefined): string {
  return REGIONS.find((r) => r.key === key)?.label ?? '–';
}

/** `teilnehmer`: people from firms (issue 18) — invited, bound to a region; they see offerings for
 * firms and their region's firms space, never Q1/Q2 pages or other people's progress. */
export const ROLES = ['lotse', 'tutor', 'admin', 'teilnehmer'] as const;
export type Role = (typeof ROLES)[number];
