import type { RequestHandler } from 'express';
import { pickLocale, translate } from '../i18n';

/** Puts what every page needs (user, language, CSRF token, flash messages, nav) into res.locals. */
export const pageLocals: RequestHandler = (req, res, next) => {
  if (typeof req.query.lang === 'string') {
    res.cookie('lang', pickLocale(req.query.lang), { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86400_000 });
  }
  const locale = pickLocale(req.query.lang ?? req.cookies?.lang ?? req.user?.locale);
  req.locale = locale;
  req.t = (key, params) => translate(locale, key, params);
  res.locals.locale = locale;
  res.locals.otherLocale = locale === 'de' ? 'en' : 'de';
  res.locals.currentUser = req.user ?? null;
  res.locals.isLotse = req.user?.role === 'lotse';
  res.locals.isTutor = req.user?.role === 'tutor';
  res.locals.isAdmin = req.user?.role === 'admin';
  res.locals.isTeilnehmer = req.user?.role === 'teilnehmer';
  res.locals.isLearner = req.user?.role === 'lotse' || req.user?.role === 'teilnehmer';
  res.locals.isStaff = req.user?.role === 'tutor' || req.user?.role === 'admin';
  res.locals.path = req.path;
  // The token is made lazily: only pages with a form pay for it. It needs no stored session (see
  // csrf.ts), so an anonymous visit of /login or /register writes no session row.
  Object.defineProperty(res.locals, 'csrfToken', {
    enumerable: true,
    get: () => req.csrfToken?.(),
  });
  // Flash messages are taken out of the session only when a page is really rendered, so a parallel
  // request (the browser's favicon, a fetch) cannot swallow them before the page shows them.
  let flashTaken: unknown[] | undefined;
  Object.defineProperty(res.locals, 'flash', {
    enumerable: true,
    get: () => {
      if (flashTaken === undefined) {
        flashTaken = req.session?.flash ?? [];
        if (req.session?.flash?.length) req.session.flash = [];
      }
      return flashTaken;
    },
  });
  next();
};

export function flash(req: Parameters<RequestHandler>[0], type: 'success' | 'error' | 'info', text: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { type, text }];
}
