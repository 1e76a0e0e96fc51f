import { de } from './de';
import { en } from './en';

export type Locale = 'de' | 'en';
export const LOCALES: Locale[] = ['de', 'en'];
type Catalogue = Record<string, string>;

/**
 * One catalogue per language. Components add their own strings with `addMessages` at load time,
 * so the catalogue stays one lookup while each component keeps its strings next to its code.
 */
const catalogues: Record<Locale, Catalogue> = { de: { ...de }, en: { ...en } };

/** English must name exactly the German keys (the compiler holds every component to that). */
export function addMessages<K extends string>(messages: {
  de: Record<K, string>;
  en: Record<NoInfer<K>, string>;
}): void {
  Object.assign(catalogues.de, messages.de);
  Object.assign(catalogues.en, messages.en);
}

export function translate(locale: Locale, key: string, params?: Record<string, unknown>): string {
  const template = catalogues[locale]?.[key] ?? catalogues.de[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] === undefined ? m : String(params[name])));
}

export function hasMessage(key: string): boolean {
  return key in catalogues.de;
}

export function pickLocale(requested: unknown): Locale {
  return requested === 'en' ? 'en' : 'de';
}

/** The keys a language's catalogue holds once every component has loaded (tests compare de and en). */
export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}
