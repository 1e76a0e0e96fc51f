import { User } from '../auth';
import { translate, pickLocale } from '../shared/i18n';
import type { Mail } from '../shared/mailer';

/** Outbox type of the mail that tells a Lotse how their authorisation was decided (written with the decision). */
export const AUTHORISATION_MAIL = 'enrolment.authorisation_mail';

export interface AuthorisationMailPayload {
  userId: number;
  decision: 'verified' | 'rejected';
  reason: string;
}

/** The decision's mail in the Lotse's own language (sent by the outbox's `mailHandler`). */
export async function authorisationMail(deps: { baseUrl: string }, p: AuthorisationMailPayload): Promise<Mail | null> {
  const user = await User.findByPk(p.userId);
  if (!user) return null;
  const locale = pickLocale(user.locale);
  return {
    to: user.email,
    subject: translate(locale, `q2.mail.auth_${p.decision}.subject`),
    text: translate(locale, `q2.mail.auth_${p.decision}.body`, {
      name: user.displayName,
      reason: p.reason,
      link: `${deps.baseUrl}/q2/authorisation`,
    }),
  };
}
