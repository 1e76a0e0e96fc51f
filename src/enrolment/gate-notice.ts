import { UniqueConstraintError } from 'sequelize';
import { GateNotice } from './enrolment-models';
import { evaluateGate } from './gate-records';
import { User } from '../auth';
import { writeAudit } from '../shared/audit';
import { translate, pickLocale } from '../shared/i18n';
import type { Mailer } from '../shared/mailer';

export interface NoticeDeps {
  mailer: Mailer;
  baseUrl: string;
}

/**
 * Tells a Lotse once that every Q2 prerequisite is met: a row in q2_gate_notices (so it happens
 * once, even when two changes land at the same time), an audit entry and a mail. Called after any
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
    });
  } catch (err) {
    if (err instanceof UniqueConstraintError) return false;
    throw err;
  }
  const locale = pickLocale(user.locale);
  await deps.mailer.send({
    to: user.email,
    subject: translate(locale, 'q2.mail.gate_met.subject'),
    text: translate(locale, 'q2.mail.gate_met.body', { name: user.displayName, link: `${deps.baseUrl}/q2` }),
  });
  return true;
}

export async function gateNoticeSent(userId: number): Promise<boolean> {
  return Boolean(await GateNotice.findByPk(userId));
}
