import type { RequestHandler } from 'express';

/**
 * express-session writes a response's headers before its store has saved the session (it holds back
 * only the last byte of the body). A browser follows a redirect as soon as it sees the Location
 * header, so the next page could load the session before the flash message or login was stored — on
 * MariaDB this lost about one flash in two. So redirects wait for the session to be saved first —
 * when it holds anything: an anonymous visitor sent from `/` to `/login` gets no session row.
 */
export const saveSessionBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  (res as unknown as { redirect: (...args: unknown[]) => void }).redirect = (...args: unknown[]) => {
    // Only `cookie` is enumerable on an empty session (id and req are hidden properties).
    if (!req.session || Object.keys(req.session).every((k) => k === 'cookie')) return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  };
  next();
};
