/** The three required Q1 modules. Keys are stored (packages.module_key); titles are shown. */
export const Q1_MODULES = [
  { key: 'tools-methoden', title: 'Tools & Methoden' },
  { key: 'technik', title: 'Technik' },
  { key: 'megatrends', title: 'Megatrends' },
] as const;

export type Q1ModuleKey = (typeof Q1_MODULES)[number]['key'];

export function isQ1ModuleKey(key: unknown): key is Q1ModuleKey {
  return Q1_MODULES.some((m) => m.key === key);
}

export function q1ModuleTitle(key: string | null | undefined): string | null {
  return Q1_MODULES.find((m) => m.key === key)?.title ?? null;
}
