import type { CertificateKind } from './certificate-model';

/**
 * What a certificate states, frozen when it is issued (stored as JSON): the PDF and the
 * verification page are rendered from this alone, so they read the same years later even if
 * packages, module titles or the person's name change — unless an admin reissues it.
 */
export interface CertificateFacts {
  version: 1;
  kind: CertificateKind;
  programme: string;
  sponsor: string;
  holder: { firstName: string; lastName: string; name: string };
  modules: CertifiedModule[];
  /** When the whole qualification (or the one module) was completed: the latest module date. */
  completedAt: string | null;
  issuedAt: string;
  place: string;
}

export interface CertifiedModule {
  key: string;
  title: string;
  completedAt: string | null;
  scoreScaled: number | null;
  passed: boolean | null;
}

export interface ModuleCompletion {
  completed: boolean;
  passed: boolean | null;
  completedAt: Date | null;
  scoreScaled: number | null;
}

export const PROGRAMME = 'GeZu 4.0 – Gemeinsam Zukunft gestalten';
export const SPONSOR = 'Offensive Mittelstand';
export const Q2_MODULE = { key: 'q2', title: 'Baustein 2 (Q2): Experimentierräume initiieren und begleiten' };

/** A module counts when it is completed and not failed (passed is null when the package has no mastery rule). */
export function moduleDone(c: ModuleCompletion | undefined): c is ModuleCompletion & { completed: true } {
  return !!c && c.completed && c.passed !== false;
}

export function buildFacts(input: {
  kind: CertificateKind;
  holder: { firstName: string; lastName: string };
  modules: { key: string; title: string; completion: ModuleCompletion }[];
  issuedAt: Date;
  place: string;
}): CertificateFacts {
  const modules = input.modules.map(({ key, title, completion }) => ({
    key,
    title,
    completedAt: completion.completedAt ? new Date(completion.completedAt).toISOString() : null,
    scoreScaled: completion.scoreScaled ?? null,
    passed: completion.passed ?? null,
  }));
  const dates = modules
    .map((m) => m.completedAt)
    .filter((d): d is string => !!d)
    .sort();
  return {
    version: 1,
    kind: input.kind,
    programme: PROGRAMME,
    sponsor: SPONSOR,
    holder: holderOf(input.holder),
    modules,
    completedAt: dates.at(-1) ?? null,
    issuedAt: input.issuedAt.toISOString(),
    place: input.place,
  };
}

export function holderOf(u: { firstName: string; lastName: string }) {
  return { firstName: u.firstName, lastName: u.lastName, name: `${u.firstName} ${u.lastName}`.trim() };
}

/** dd.mm.yyyy in German time, whatever the server's time zone. */
export function formatDate(iso: string | Date | null): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));
}

export function formatScore(m: Pick<CertifiedModule, 'scoreScaled' | 'passed' | 'completedAt'>): string {
  if (m.scoreScaled !== null && m.scoreScaled !== undefined) return `${Math.round(m.scoreScaled * 100)} %`;
  return m.passed ? 'bestanden' : m.completedAt ? 'abgeschlossen' : '–';
}
