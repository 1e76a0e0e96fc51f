import { doubleCsrf } from 'csrf-csrf';
import type { Request } from 'express';

/**
 * Double-submit CSRF tokens, bound to the session id once someone is logged in. Anonymous visitors
 * (login, registration, reset forms) have no session — we store none for them — so their tokens are
 * bound to a fixed identifier: the random token in the httpOnly cookie must still match the form's,
 * which a foreign site can neither read nor set (SameSite=Lax; `__Host-` prefix under HTTPS).
 * Forms send `_csrf`; scripts send the `x-csrf-token` header. Requests authorised by a bearer token (scripts, no cookies) and the SCORM
 * commit beacon (authorised by its per-attempt URL token, see player/) are exempt.
 */
export function createCsrf(secret: string, secureCookies: boolean) {
  return doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req: Request) => (req.user && req.session ? req.session.id : 'anonymous'),
    cookieName: secureCookies ? '__Host-gezu.csrf' : 'gezu.csrf',
    cookieOptions: { sameSite: 'lax', secure: secureCookies, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req: Request) => {
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('application/x-www-form-urlencoded')) {
        return (req.body as Record<string, string> | undefined)?._csrf;
      }
      // Uploads are checked before their body is read (nothing big is accepted without a token),
      // so the token comes in the header (upload script) or the form's action URL.
      if (type.startsWith('multipart/form-data')) {
        return (req.headers['x-csrf-token'] as string | undefined) ?? (req.query._csrf as string | undefined);
      }
      return req.headers['x-csrf-token'] as string | undefined;
    },
    skipCsrfProtection: (req: Request) => Boolean(req.bearerAuth) || Boolean(req.csrfExempt),
  });
}
