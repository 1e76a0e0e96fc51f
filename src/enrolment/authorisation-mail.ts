import { User } from '../auth';
import { translate, pickLocale } from '../shared/i18n';
import type { NoticeDeps } from './gate-notice';

/** Tells the Lotse how their authorisation was decided, in their own language. */
export async function mailAuthorisationDecision(
  deps: NoticeDeps,
  userId: number,
  decision: 'verified' | 'rejected',
  reason: string,
): Promise<void> {
  const user = await User.findByPk(userId);
  if (!user) return;
  const locale = pickLocale(user.locale);
  await deps.mailer.send({
    to: user.email,
    subject: translate(locale, `q2.mail.auth_${decision}.subject`),
    text: translate(locale, `q2.mail.auth_${decision}.body`, {
      name: user.displayName,
      reason,
      link: `${deps.baseUrl}/q2/authorisation`,
    }),
  });
}
