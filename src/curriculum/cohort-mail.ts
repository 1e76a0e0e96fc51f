import { User } from '../auth';
import { Cohort } from './cohort-models';
import { translate, pickLocale } from '../shared/i18n';
import type { Mailer } from '../shared/mailer';

/** Tells the people who moved up from the waiting list that they now have a place. */
export async function tellMovedUp(mailer: Mailer, baseUrl: string, cohortId: number, userIds: number[]): Promise<void> {
  if (!userIds.length) return;
  const cohort = await Cohort.findByPk(cohortId);
  const users = await User.findAll({ where: { id: userIds } });
  for (const u of users) {
    const locale = pickLocale(u.locale);
    await mailer.send({
      to: u.email,
      subject: translate(locale, 'q2.mail.moved_up.subject'),
      text: translate(locale, 'q2.mail.moved_up.body', {
        name: u.displayName,
        cohort: cohort?.title ?? '',
        link: `${baseUrl}/q2`,
      }),
    });
  }
}
