/**
 * `/api/v1/offerings` (behind requireAdmin): what the pages at /admin/offerings do, as JSON — list
 * (current or archived), publish a package as an offering, change it, archive/restore it, invite
 * people. The same service (manage-offerings.ts), so the audit entries are the same
 * (`offering.create`, `offering.update`, `offering.archive`, `offering.restore`, `offering.invite`).
 */
import { Router } from 'express';
import { z } from 'zod';
import { idParam, parseBody, parseQuery } from '../shared/web/input';
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

/** Known keys only (a typo must not pass silently); offeringSchema checks the values. */
const offeringKeys = z
  .object({
    packageId: z.unknown(),
    title: z.unknown(),
    description: z.unknown(),
    audiences: z.unknown(),
    regions: z.unknown(),
    enrolment: z.unknown(),
    startsOn: z.unknown(),
    endsOn: z.unknown(),
  })
  .partial()
  .strict();

const listQuery = z.object({ archived: z.enum(['true', 'false']).optional() });
const invitationBody = z.object({ emails: z.union([z.string(), z.array(z.string().max(320)).max(200)]) }).strict();

export function offeringApiRoutes(): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const f = parseQuery(req, listQuery);
    res.json({ offerings: await listOfferingsForAdmin({ archived: f.archived === 'true' }) });
  });

  r.get('/packages', async (_req, res) => {
    res.json({ packages: await publishablePackages() });
  });

  r.post('/', async (req, res) => {
    const body = parseBody(req, offeringKeys);
    res.status(201).json(await createOffering(body, req.user!.id));
  });

  r.get('/:id', async (req, res) => {
    const offering = await getOffering(idParam(req));
    res.json({ ...offering, participants: await participantsOf(offering) });
  });

  // PATCH: the fields given replace those of the offering; the whole is checked as the form checks it.
  r.patch('/:id', async (req, res) => {
    const id = idParam(req);
    const patch = parseBody(req, offeringKeys);
    const current = await getOffering(id);
    res.json(await updateOffering(id, { ...current, ...patch }, req.user!.id));
  });

  r.post('/:id/archive', async (req, res) => {
    res.json(await setArchived(idParam(req), true, req.user!.id));
  });

  r.post('/:id/restore', async (req, res) => {
    res.json(await setArchived(idParam(req), false, req.user!.id));
  });

  r.post('/:id/invitations', async (req, res) => {
    const id = idParam(req);
    const body = parseBody(req, invitationBody);
    const emails = Array.isArray(body.emails) ? body.emails.join('\n') : body.emails;
    res.json(await inviteToOffering(id, emails, req.user!.id));
  });
  return r;
}
