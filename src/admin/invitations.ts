import { createInvitation, type UserView } from '../auth';
import { translate, type Locale } from '../shared/i18n';
import type { Mailer } from '../shared/mailer';
import { enqueueMail } from '../outbox';

export interface InvitationDeps {
  mailer: Mailer;
  baseUrl: string;
}

/**
 * Invites a person (the account waits for its password) and mails them the link — one place for the
 * form at /admin/users/invite and POST /api/v1/users/invitations. The mail is in the inviting admin's
 * language, as the form did.
 */
export async function inviteUser(
  deps: InvitationDeps,
  input: unknown,
  actorId: number,
  locale: Locale,
): Promise<{ user: UserView; link: string; expiresAt: Date; expires: string; mailed: boolean }> {
  const linkOf = (token: string) => `${deps.baseUrl}/invitation/${token}`;
  const dateOf = (d: Date) => d.toLocaleDateString('de-DE');
  // The invitation and its mail are written in one transaction; the outbox sends the mail after it commits.
  const { user, token, expiresAt } = await createInvitation(input, actorId, (transaction, made) =>
    enqueueMail(transaction, {
      to: made.user.email,
      subject: translate(locale, 'mail.invite.subject'),
      text: translate(locale, 'mail.invite.body', {
        name: made.user.name,
        link: linkOf(made.token),
        expires: dateOf(made.expiresAt),
      }),
    }),
  );
  return { user, link: linkOf(token), expiresAt, expires: dateOf(expiresAt), mailed: deps.mailer.configured };
}
