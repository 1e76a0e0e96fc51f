import { Q1_MODULES } from '../shared/q1-modules';
import { getQ1Completion } from '../player';
import { authorisationStatuses } from './authorisations';
import { workshopStatuses } from './workshops';
import { checkQ2Gate, type GateRecords, type GateResult } from './q2-gate';
import type { Locale } from '../shared/i18n';

/** Collects what the gate needs for many Lotsen with a fixed number of queries (dashboards use it). */
export async function getGateRecords(userIds: number[]): Promise<Map<number, GateRecords>> {
  const [q1, auth, workshop] = await Promise.all([
    getQ1Completion(userIds),
    authorisationStatuses(userIds),
    workshopStatuses(userIds),
  ]);
  return new Map(
    userIds.map((id) => {
      const mine = q1.get(id) ?? new Map();
      const a = auth.get(id);
      return [
        id,
        {
          q1: Q1_MODULES.map((m) => ({
            moduleKey: m.key,
            title: m.title,
            completed: mine.get(m.key)?.completed ?? false,
            passed: mine.get(m.key)?.passed ?? null,
          })),
          authorisation: { status: a?.status ?? 'none', reason: a?.reason ?? null },
          workshop: { status: workshop.get(id) ?? 'none' },
        },
      ];
    }),
  );
}

export async function evaluateGate(
  userId: number,
  locale: Locale = 'de',
): Promise<GateResult & { records: GateRecords }> {
  const records = (await getGateRecords([userId])).get(userId)!;
  return { ...checkQ2Gate(records, locale), records };
}
