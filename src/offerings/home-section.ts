import type { Request } from 'express';
import { offeringsFor } from './learner-offerings';
import { offeringCardView } from './learner-routes';

/** The home page's "Weitere Angebote": enrolled offerings first, then open ones (at most four). */
export async function offeringsHomeSection(req: Request) {
  const user = req.user!;
  const cards = (await offeringsFor({ id: user.id, role: user.role, region: user.region ?? null }))
    .map((o) => offeringCardView(req, o))
    .sort((a, b) => Number(b.enrolled) - Number(a.enrolled));
  return { cards: cards.slice(0, 4), more: cards.length > 4, total: cards.length };
}
