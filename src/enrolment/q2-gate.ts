import { translate, type Locale } from '../shared/i18n';
import './messages';

/**
 * The Q2 gate: who may enrol in a Q2 cohort. Pure — given a Lotse's records it returns every unmet
 * condition with a reason a person understands and the next step; no I/O, so every path that
 * enrols (form, API, admin bulk) asks the same question and gets the same answer.
 */
export interface Q1Record {
  moduleKey: string;
  title: string;
  completed: boolean;
  passed: boolean | null;
}
export type AuthorisationGateStatus = 'none' | 'pending' | 'verified' | 'rejected';
export type WorkshopGateStatus = 'none' | 'registered' | 'attended' | 'absent';
export interface GateRecords {
  q1: Q1Record[];
  authorisation: { status: AuthorisationGateStatus; reason?: string | null };
  workshop: { status: WorkshopGateStatus };
}
export type GateCode =
  | 'Q1_INCOMPLETE'
  | 'AUTHORISATION_MISSING'
  | 'AUTHORISATION_PENDING'
  | 'AUTHORISATION_REJECTED'
  | 'WORKSHOP_NOT_ATTENDED';
export interface GateMissing {
  code: GateCode;
  message: string;
  modules?: string[];
  next: { label: string; href: string };
}
export interface GateResult {
  ok: boolean;
  met: number;
  total: 3;
  missing: GateMissing[];
}

/** "A", "A und B", "A, B und C" */
function listing(names: string[], locale: Locale): string {
  if (names.length < 2) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${translate(locale, 'gate.and')} ${names[names.length - 1]}`;
}

export function checkQ2Gate(records: GateRecords, locale: Locale = 'de'): GateResult {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const missing: GateMissing[] = [];

  // A module counts when it is completed and not failed (passed is null when there is no mastery rule).
  const open = records.q1.filter((m) => !m.completed || m.passed === false);
  if (open.length) {
    const names = open.map((m) => (m.completed ? t('gate.q1.failed_module', { title: m.title }) : m.title));
    missing.push({
      code: 'Q1_INCOMPLETE',
      message: t(open.length === 1 ? 'gate.q1.missing_one' : 'gate.q1.missing_many', {
        modules: listing(names, locale),
      }),
      modules: open.map((m) => m.moduleKey),
      next: { label: t('gate.q1.next'), href: '/learning' },
    });
  }

  const auth = records.authorisation;
  const authHref = '/q2/authorisation';
  if (auth.status === 'none') {
    missing.push({
      code: 'AUTHORISATION_MISSING',
      message: t('gate.auth.missing'),
      next: { label: t('gate.auth.next_submit'), href: authHref },
    });
  } else if (auth.status === 'pending') {
    missing.push({
      code: 'AUTHORISATION_PENDING',
      message: t('gate.auth.pending'),
      next: { label: t('gate.auth.next_view'), href: authHref },
    });
  } else if (auth.status === 'rejected') {
    const message = auth.reason ? t('gate.auth.rejected_reason', { reason: auth.reason }) : t('gate.auth.rejected');
    missing.push({
      code: 'AUTHORISATION_REJECTED',
      message,
      next: { label: t('gate.auth.next_resubmit'), href: authHref },
    });
  }

  const ws = records.workshop.status;
  if (ws !== 'attended') {
    missing.push({
      code: 'WORKSHOP_NOT_ATTENDED',
      message: t(`gate.workshop.${ws}`),
      next: {
        label: t(ws === 'registered' ? 'gate.workshop.next_view' : 'gate.workshop.next_register'),
        href: '/q2/workshop',
      },
    });
  }

  const met = 3 - missing.length;
  return { ok: missing.length === 0, met, total: 3, missing };
}
