import { User } from '../auth';
import { Cohort } from './cohort-models';
import { translate, pickLocale } from '../shared/i18n';
import type { Mail } from '../shared/mailer';

/**
 * Outbox type of the "you moved up from the waiting list" mail: one message per person, written by
 * `fillFreePlaces` in the transaction that gives them the place; sent through `mailHandler` (src/outbox).
 */
export const MOVED_UP_MAIL = 'q2.moved_up_mail';

export interface MovedUpPayload {
  cohortId: number;
  userId: number;
}

/** The mail that tells a person who moved up from the waiting list that they now have a place. */
export async function movedUpMail(baseUrl: string, p: MovedUpPayload): Promise<Mail | null> {
  const u = await User.findByPk(p.userId);
  if (!u) return null;
  const cohort = await Cohort.findByPk(p.cohortId);
  const locale = pickLocale(u.locale);
  return {
    to: u.email,
    subject: translate(locale, 'q2.mail.moved_up.subject'),
    text: translate(locale, 'q2.mail.moved_up.body', {
      name: u.displayName,
      cohort: cohort?.title ?? '',
      link: `${baseUrl}/q2`,
    }),
  };
}
