import { createInvitation, type UserView } from '../auth';
import { translate, type Locale } from '../shared/i18n';
import type { Mailer } from '../shared/mailer';

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
  const { user, token, expiresAt } = await createInvitation(input, actorId);
  const link = `${deps.baseUrl}/invitation/${token}`;
  const expires = expiresAt.toLocaleDateString('de-DE');
  await deps.mailer.send({
    to: user.email,
    subject: translate(locale, 'mail.invite.subject'),
    text: translate(locale, 'mail.invite.body', { name: user.name, link, expires }),
  });
  return { user, link, expiresAt, expires, mailed: deps.mailer.configured };
}
