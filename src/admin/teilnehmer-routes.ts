import { Router, type Request, type Response } from 'express';
import * as users from '../auth';
import { ValidationError } from '../shared/errors';
import type { Mailer } from '../shared/mailer';
import { enqueueMail } from '../outbox';
import { formErrors } from '../shared/web/input';

/**
 * Tutors and admins invite people from firms (role `teilnehmer`, bound to a region) through the same
 * invitation flow as every account (mailed one-time link, audited `user.created`). A tutor with a region
 * invites into that region. Mounted at /staff/teilnehmer behind requireStaff.
 */
export function staffTeilnehmerRoutes(deps: { mailer: Mailer; baseUrl: string }): Router {
  const r = Router();
  const fixedRegion = (req: Request) => (req.user!.role === 'tutor' ? (req.user!.region ?? null) : null);
  const page = (req: Request, extra: Record<string, unknown>) => ({
    title: req.t('teilnehmer.invite.title'),
    fixedRegion: fixedRegion(req),
    ...extra,
  });

  r.get('/invite', (req, res) =>
    res.render('admin/invite-teilnehmer', page(req, { values: { region: fixedRegion(req) ?? '' } })),
  );
  r.post('/invite', async (req: Request, res: Response) => {
    const region = fixedRegion(req) ?? (req.body.region || null);
    const input = { ...req.body, role: 'teilnehmer', region };
    try {
      const { user, token, expiresAt } = await users.createInvitation(input, req.user!.id, (transaction, made) =>
        enqueueMail(transaction, {
          to: made.user.email,
          subject: req.t('mail.invite.subject'),
          text: req.t('mail.invite.body', {
            name: made.user.name,
            link: `${deps.baseUrl}/invitation/${made.token}`,
            expires: made.expiresAt.toLocaleDateString('de-DE'),
          }),
        }),
      );
      const link = `${deps.baseUrl}/invitation/${token}`;
      const expires = expiresAt.toLocaleDateString('de-DE');
      res.status(201).render('admin/invited', {
        title: req.t('teilnehmer.invite.title'),
        invitee: user,
        link,
        expires,
        mailConfigured: deps.mailer.configured,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res
        .status(422)
        .render(
          'admin/invite-teilnehmer',
          page(req, { values: input, errors: formErrors(req, err), formError: req.t('error.form') }),
        );
    }
  });
  return r;
}
