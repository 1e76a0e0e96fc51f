import { evaluateGate } from './gate-records';
import { gateChecklist, type Checklist } from './q2-checklist';
import { getQ2Status, type Q2Status } from '../curriculum';
import type { Locale } from '../shared/i18n';

/** What the Lotse's home page and /q2 show about Q2: the gate checklist and their cohort status. */
export async function q2HomeSection(
  userId: number,
  locale: Locale = 'de',
): Promise<{ checklist: Checklist; status: Q2Status; readyToEnrol: boolean; attendancePercent: number }> {
  const gate = await evaluateGate(userId, locale);
  const status = (await getQ2Status([userId])).get(userId)!;
  return {
    checklist: gateChecklist(gate.records, gate, locale),
    status,
    readyToEnrol: gate.ok && status.status === 'none',
    attendancePercent: Math.round((status.attendanceShare ?? 0) * 100),
  };
}
