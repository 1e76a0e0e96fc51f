import { Op } from 'sequelize';
import { User } from '../auth';
import { writeAudit } from '../shared/audit';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { Cohort, placeInCohort, berlinDate, type Placement } from '../curriculum';
import { evaluateGate } from './gate-records';
import type { GateMissing } from './q2-gate';
import { translate, type Locale } from '../shared/i18n';

/**
 * The one way into a Q2 cohort. Every path — the Lotse's form, the API and the admin's bulk
 * enrolment — goes through here, so the gate is checked on the server every time.
 */
export class PrerequisitesNotMetError extends AppError {
  constructor(readonly missing: GateMissing[]) {
    super(422, 'Q2_PREREQUISITES_NOT_MET', 'gate.not_met', { missing });
  }
}

/** A Lotse asks for a place: gate, then a place or the waiting list, in one locked transaction. */
export async function requestEnrolment(cohortId: number, userId: number, locale: Locale = 'de'): Promise<Placement> {
  const cohort = await Cohort.findByPk(cohortId);
  if (!cohort) throw new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
  const gate = await evaluateGate(userId, locale);
  if (!gate.ok) throw new PrerequisitesNotMetError(gate.missing);
  if (cohort.startsOn < berlinDate()) throw new ConflictError('q2.error.cohort_started', 'COHORT_STARTED');
  return Cohort.sequelize!.transaction((transaction) =>
    placeInCohort(cohortId, userId, { actorId: userId, transaction }),
  );
}

export interface BulkOutcome {
  userId: number | null;
  label: string;
  name: string | null;
  outcome: 'enrolled' | 'waitlisted' | 'refused' | 'failed';
  overridden: boolean;
  missing: GateMissing[];
  message: string | null;
}

/** "a@b.de, c@d.de" or one per line → addresses, lower-cased, without duplicates. */
export function parseEmailList(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].slice(0, 200);
}

/**
 * The admin enrols several Lotsen. Each is checked alone (own transaction); those who do not meet
 * the gate are refused — unless the admin ticked "override" and wrote a reason, which is then
 * audited for each person it was used for.
 */
export async function bulkEnrol(
  cohortId: number,
  actorId: number,
  input: { emails: string[]; userIds: number[]; override: boolean; reason?: unknown },
  locale: Locale = 'de',
): Promise<BulkOutcome[]> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (input.override && !reason)
    throw new ValidationError('q2.error.override_reason', { reason: 'q2.error.reason_required' }, 'REASON_REQUIRED');
  if (!input.emails.length && !input.userIds.length)
    throw new ValidationError('q2.error.nobody_chosen', { people: 'q2.bulk.error.none' }, 'NOBODY_CHOSEN');
  if (!(await Cohort.findByPk(cohortId))) throw new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
  const users = await User.findAll({ where: { [Op.or]: [{ email: input.emails }, { id: input.userIds }] } });
  const outcomes: BulkOutcome[] = [];
  const found = new Set(users.map((u) => u.email.toLowerCase()));
  for (const email of input.emails.filter((e) => !found.has(e))) {
    outcomes.push({
      userId: null,
      label: email,
      name: null,
      outcome: 'failed',
      overridden: false,
      missing: [],
      message: translate(locale, 'q2.bulk.error.no_account'),
    });
  }
  for (const user of users) {
    const base = {
      userId: user.id,
      label: user.email,
      name: user.displayName,
      overridden: false,
      missing: [] as GateMissing[],
      message: null,
    };
    if (user.role !== 'lotse' || !user.active) {
      outcomes.push({ ...base, outcome: 'failed', message: translate(locale, 'q2.bulk.error.not_lotse') });
      continue;
    }
    const gate = await evaluateGate(user.id, locale);
    if (!gate.ok && !input.override) {
      outcomes.push({ ...base, outcome: 'refused', missing: gate.missing });
      continue;
    }
    try {
      const placement = await Cohort.sequelize!.transaction(async (transaction) => {
        const p = await placeInCohort(cohortId, user.id, {
          actorId,
          overrideReason: gate.ok ? null : reason,
          transaction,
        });
        if (!gate.ok) {
          await writeAudit(
            {
              actorId,
              action: 'q2.override',
              subjectType: 'cohort',
              subjectId: cohortId,
              subjectUserId: user.id,
              before: { missing: gate.missing.map((m) => m.code) },
              after: { status: p.status },
              reason,
            },
            transaction,
          );
        }
        return p;
      });
      outcomes.push({ ...base, outcome: placement.status, overridden: !gate.ok, missing: gate.missing });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      outcomes.push({ ...base, outcome: 'failed', message: err.text(locale) });
    }
  }
  return outcomes;
}
