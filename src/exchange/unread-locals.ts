import type { RequestHandler } from 'express';
import type { ExchangeService } from './exchange-service';

/**
 * The unread counter in the header: computed for logged-in page views (GET, not the API, not
 * static files), so each page costs one grouped query more and JSON calls nothing.
 */
export function exchangeUnreadLocals(exchange: ExchangeService): RequestHandler {
  return async (req, res, next) => {
    if (!req.user || req.method !== 'GET' || req.originalUrl.startsWith('/api/')) return next();
    try {
      res.locals.exchangeUnread = await exchange.totalUnread(req.user);
    } catch (err) {
      // A counter is not worth a broken page.
      req.log?.warn({ err }, 'exchange unread counter failed');
    }
    next();
  };
}
