import { translate, type Locale } from '../shared/i18n';
import type { GateRecords, GateResult, GateCode } from './q2-gate';

/**
 * The gate as a checklist for people (home page, /q2): all three conditions, each with its status,
 * the gate's message when unmet and a link to the next step. Pure.
 */
export interface ChecklistItem {
  key: 'q1' | 'authorisation' | 'workshop';
  title: string;
  done: boolean;
  statusKey: string;
  statusLabel: string;
  message: string | null;
  next: { label: string; href: string } | null;
  modules?: { title: string; done: boolean }[];
}
export interface Checklist {
  ok: boolean;
  met: number;
  total: number;
  percent: number;
  summary: string;
  items: ChecklistItem[];
}

const CODES: Record<ChecklistItem['key'], GateCode[]> = {
  q1: ['Q1_INCOMPLETE'],
  authorisation: ['AUTHORISATION_MISSING', 'AUTHORISATION_PENDING', 'AUTHORISATION_REJECTED'],
  workshop: ['WORKSHOP_NOT_ATTENDED'],
};

export function gateChecklist(records: GateRecords, gate: GateResult, locale: Locale = 'de'): Checklist {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const item = (key: ChecklistItem['key'], statusKey: string): ChecklistItem => {
    const missing = gate.missing.find((m) => CODES[key].includes(m.code));
    return {
      key,
      title: t(`q2.check.${key}`),
      done: !missing,
      statusKey,
      statusLabel: t(`q2.check.status.${statusKey}`),
      message: missing?.message ?? null,
      next: missing?.next ?? null,
    };
  };
  const q1Done = records.q1.filter((m) => m.completed && m.passed !== false).length;
  const q1 = item('q1', q1Done === records.q1.length ? 'done' : q1Done > 0 ? 'partial' : 'open');
  q1.statusLabel = t('q2.check.q1_count', { done: q1Done, total: records.q1.length });
  q1.modules = records.q1.map((m) => ({ title: m.title, done: m.completed && m.passed !== false }));
  return {
    ok: gate.ok,
    met: gate.met,
    total: gate.total,
    percent: Math.round((gate.met / gate.total) * 100),
    summary: t('q2.check.summary', { met: gate.met, total: gate.total }),
    items: [
      q1,
      item('authorisation', `auth_${records.authorisation.status}`),
      item('workshop', `ws_${records.workshop.status}`),
    ],
  };
}
