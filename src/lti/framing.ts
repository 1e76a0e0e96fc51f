/**
 * Our pages refuse to be framed (`frame-ancestors 'self'`, X-Frame-Options). A session that began
 * with an LTI launch may be shown inside the launching platform's iframe: for it, the platform's
 * origins are added to frame-ancestors and X-Frame-Options is dropped (CSP supersedes it).
 */
import type { RequestHandler, Response } from 'express';

export function allowFraming(res: Response, origins: string[]): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp !== 'string' || origins.length === 0) return;
  const safe = origins.filter((o) => /^https?:\/\/[^\s;,'"]+$/.test(o));
  res.setHeader(
    'Content-Security-Policy',
    csp.replace("frame-ancestors 'self'", `frame-ancestors 'self' ${safe.join(' ')}`),
  );
  res.removeHeader('X-Frame-Options');
}

export const ltiFraming: RequestHandler = (req, res, next) => {
  const origins = req.session?.ltiFrameOrigins;
  if (origins?.length) allowFraming(res, origins);
  next();
};
