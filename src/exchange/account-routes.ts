import { Router } from 'express';
import { flash } from '../shared/web/locals';
import type { ExchangeService } from './exchange-service';
import './messages-extras';

/**
 * The exchange's part of `/account` (mounted before the account's own routes): the page gets the
 * digest choice as `exchangeDigest`, and `POST /account/benachrichtigungen` stores it — so the account
 * component needs to know nothing of the exchange.
 */
export function exchangeAccountRoutes(exchange: ExchangeService): Router {
  const r = Router();
  r.get('/', async (req, res, next) => {
    res.locals.exchangeDigest = await exchange.digestChoice(req.user!.id);
    next();
  });
  r.post('/benachrichtigungen', async (req, res) => {
    const choice = await exchange.setDigestChoice(req.user!.id, (req.body as { digest?: unknown })?.digest);
    flash(req, 'success', req.t(`exchange.settings.saved_${choice}`));
    res.redirect(303, '/account');
  });
  return r;
}
