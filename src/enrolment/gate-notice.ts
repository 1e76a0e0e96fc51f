import { UniqueConstraintError } from 'sequelize';
import { GateNotice } from './enrolment-models';
import { evaluateGate } from './gate-records';
import { User } from '../auth';
import { writeAudit } from '../shared/audit';
import { enqueue } from '../outbox';
import type { Mailer } from '../shared/mailer';

/** Outbox type of the "gate met" mail: written with the q2_gate_notices row, sent by gate-listeners.ts. */
export const GATE_MET_MAIL = 'enrolment.gate_met_mail';

export interface NoticeDeps {
  mailer: Mailer;
  baseUrl: string;
}

/**
 * Tells a Lotse once that every Q2 prerequisite is met: a row in q2_gate_notices (so it happens
 * once, even when two changes land at the same time), an audit entry and a mail — an outbox message
 * written in the same transaction (sent by gate-listeners.ts `gateMetMail`). Called after any
 * change that can complete the gate; cheap when nothing changed. Returns whether it told them now.
 */
export async function notifyIfGateMet(deps: NoticeDeps, userId: number): Promise<boolean> {
  if (await GateNotice.findByPk(userId)) return false;
  const user = await User.findByPk(userId);
  if (!user || user.role !== 'lotse') return false;
  const gate = await evaluateGate(userId);
  if (!gate.ok) return false;
  try {
    await GateNotice.sequelize!.transaction(async (transaction) => {
      await GateNotice.create({ userId, notifiedAt: new Date() }, { transaction });
      await writeAudit(
        {
          actorId: null,
          action: 'q2.gate_met',
          subjectType: 'user',
          subjectId: userId,
          subjectUserId: userId,
          after: { met: 3 },
        },
        transaction,
      );
      await enqueue(transaction, GATE_MET_MAIL, { userId }, { dedupeKey: `gate_met_mail:${userId}` });
    });
  } catch (err) {
    if (err instanceof UniqueConstraintError) return false;
    throw err;
  }
  return true;
}

export async function gateNoticeSent(userId: number): Promise<boolean> {
  return Boolean(await GateNotice.findByPk(userId));
}
