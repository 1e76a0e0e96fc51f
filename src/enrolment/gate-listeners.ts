import { isQ1ModuleKey } from '../shared/q1-modules';
import { User } from '../auth';
import { translate, pickLocale } from '../shared/i18n';
import { notifyIfGateMet, type NoticeDeps } from './gate-notice';
import type { Mail } from '../shared/mailer';

export { GATE_MET_MAIL } from './gate-notice';

/**
 * Outbox handler for a package completion: when a Q1 module is the last missing prerequisite, the
 * Lotse is told. Idempotent: the notice row is written once, whoever gets there first.
 */
export async function gateOnPackageCompleted(
  deps: NoticeDeps,
  p: { userId: number; moduleKey: string | null },
): Promise<void> {
  if (isQ1ModuleKey(p.moduleKey)) await notifyIfGateMet(deps, p.userId);
}

/**
 * The "gate met" mail of an outbox message (sent by the outbox's `mailHandler`: a mail server that is down
 * makes it throw and the outbox tries again later; what the server took is not sent again).
 */
export async function gateMetMail(deps: { baseUrl: string }, p: { userId: number }): Promise<Mail | null> {
  const user = await User.findByPk(p.userId);
  if (!user) return null;
  const locale = pickLocale(user.locale);
  return {
    to: user.email,
    subject: translate(locale, 'q2.mail.gate_met.subject'),
    text: translate(locale, 'q2.mail.gate_met.body', { name: user.displayName, link: `${deps.baseUrl}/q2` }),
  };
}
