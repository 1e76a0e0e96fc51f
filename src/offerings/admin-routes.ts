/**
 * Admin pages under /admin/offerings (mounted behind requireAdmin): list (current or archived), new,
 * edit with participants and invitations, archive/restore. Every form carries the CSRF field.
 */
import { Router, type Request } from 'express';
import { ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { formErrors, idParam } from '../shared/web/input';
import { REGIONS } from '../shared/regions';
import {
  createOffering,
  getOffering,
  inviteToOffering,
  listOfferingsForAdmin,
  participantsOf,
  publishablePackages,
  setArchived,
  updateOffering,
} from './manage-offerings';
import { AUDIENCES } from './offering-rules';
import { offeringSummary } from './offering-labels';
import './messages';

const PAGE = { styles: ['/static/css/offerings.css'] };

/** Form values as the template needs them: checkboxes with their checked state. */
function formModel(req: Request, values: Record<string, unknown>) {
  const picked = (v: unknown) => ([] as unknown[]).concat(v ?? []).map(String);
  const audiences = picked(values.audiences);
  const regions = picked(values.regions);
  return {
    values,
    audienceOptions: AUDIENCES.map((key) => ({
      key,
      label: req.t(`offerings.audience.${key}`),
      checked: audiences.includes(key),
    })),
    regionOptions: REGIONS.map((r) => ({ key: r.key, label: r.label, checked: regions.includes(r.key) })),
    enrolmentOptions: (['open', 'invitation'] as const).map((key) => ({
      key,
      label: req.t(`offerings.enrolment.${key}`),
      checked: (values.enrolment ?? 'open') === key,
    })),
  };
}

export function adminOfferingRoutes(): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const archived = req.query.archived === '1';
    const offerings = await listOfferingsForAdmin({ archived });
    res.render('offerings/admin-list', {
      ...PAGE,
      title: req.t('offerings.admin.title'),
      archived,
      offerings: offerings.map((o) => ({ ...o, ...offeringSummary(req, o) })),
    });
  });

  const renderForm = async (
    req: Request,
    res: import('express').Response,
    opts: { status?: number; offeringId?: number; values: Record<string, unknown>; errors?: Record<string, string> },
  ) => {
    const offering = opts.offeringId ? await getOffering(opts.offeringId) : null;
    const participants = offering ? await participantsOf(offering) : [];
    res.status(opts.status ?? 200).render('offerings/admin-form', {
      ...PAGE,
      title: offering
        ? req.t('offerings.admin.edit_title', { title: offering.title })
        : req.t('offerings.admin.new_title'),
      offering,
      packages: (await publishablePackages()).map((p) => ({
        ...p,
        selected: Number(opts.values.packageId) === p.id,
      })),
      ...formModel(req, opts.values),
      errors: opts.errors,
      formError: opts.errors ? req.t('error.form') : undefined,
      participants: participants.map((p) => ({
        ...p,
        statusKey: p.standing?.status ?? null,
      })),
    });
  };

  r.get('/new', async (req, res) => renderForm(req, res, { values: { enrolment: 'open', audiences: ['lotsen'] } }));

  r.post('/', async (req, res) => {
    try {
      const offering = await createOffering(req.body, req.user!.id);
      flash(req, 'success', req.t('offerings.admin.created'));
      res.redirect(303, `/admin/offerings/${offering.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, { status: 422, values: req.body ?? {}, errors: formErrors(req, err) });
    }
  });

  r.get('/:id', async (req, res) => {
    const offering = await getOffering(idParam(req));
    await renderForm(req, res, { offeringId: offering.id, values: { ...offering } });
  });

  r.post('/:id', async (req, res) => {
    const id = idParam(req);
    try {
      await updateOffering(id, req.body, req.user!.id);
      flash(req, 'success', req.t('offerings.admin.saved'));
      res.redirect(303, `/admin/offerings/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, { status: 422, offeringId: id, values: req.body ?? {}, errors: formErrors(req, err) });
    }
  });

  r.post('/:id/archive', async (req, res) => {
    const id = idParam(req);
    await setArchived(id, true, req.user!.id);
    flash(req, 'success', req.t('offerings.admin.archived'));
    res.redirect(303, `/admin/offerings/${id}`);
  });

  r.post('/:id/restore', async (req, res) => {
    const id = idParam(req);
    await setArchived(id, false, req.user!.id);
    flash(req, 'success', req.t('offerings.admin.restored'));
    res.redirect(303, `/admin/offerings/${id}`);
  });

  r.post('/:id/invitations', async (req, res) => {
    const id = idParam(req);
    try {
      const out = await inviteToOffering(id, req.body?.emails, req.user!.id);
      if (out.invited.length) flash(req, 'success', req.t('offerings.invite.done', { names: out.invited.join(', ') }));
      if (out.already.length) flash(req, 'info', req.t('offerings.invite.already', { names: out.already.join(', ') }));
      if (out.unknown.length)
        flash(req, 'error', req.t('offerings.invite.unknown', { emails: out.unknown.join(', ') }));
      if (out.unfit.length) flash(req, 'error', req.t('offerings.invite.unfit', { names: out.unfit.join(', ') }));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', req.t('offerings.error.emails_required'));
    }
    res.redirect(303, `/admin/offerings/${id}#invite`);
  });

  return r;
}
