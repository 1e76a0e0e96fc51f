import { Router, type RequestHandler } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import type { Sequelize } from 'sequelize';
import { DatabaseRateLimitStore } from '../shared/web/rate-limit-store';
import { wantsJson } from '../shared/web/auth-guard';
import { normaliseCode } from './certificate-code';
import { verifyCode } from './manage-certificates';
import './messages';

export interface VerifyDeps {
  sequelize: Sequelize;
  maxPerIp: number;
  windowMinutes?: number;
}

/** Verification answers must not be cached or indexed: a revocation has to show at once, and a
 * person's name should not turn up in search engines because someone posted their QR link. */
const privateAnswer: RequestHandler = (req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
  next();
};

/** Counted in the database so all app processes share the limit: codes cannot be enumerated. */
export function verifyRateLimit(deps: VerifyDeps): RequestHandler {
  const windowMinutes = deps.windowMinutes ?? 10;
  return rateLimit({
    windowMs: windowMinutes * 60_000,
    limit: deps.maxPerIp,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: new DatabaseRateLimitStore(deps.sequelize, 'verify-ip'),
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (req, res) => {
      res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
      if (wantsJson(req)) {
        res.status(429).json({ code: 'RATE_LIMITED', message: req.t('verify.rate_limited') });
        return;
      }
      res.status(429).render('certificates/verify', {
        title: req.t('verify.title'),
        noindex: true,
        styles: ['/static/css/certificates.css'],
        formError: req.t('verify.rate_limited'),
      });
    },
  });
}

/** Public (no login): the form and the answer for one code. */
export function verifyRoutes(limiter: RequestHandler): Router {
  const r = Router();
  r.get('/', privateAnswer, (req, res) => {
    if (typeof req.query.code === 'string' && req.query.code.trim()) {
      const code = normaliseCode(req.query.code) ?? req.query.code.trim().slice(0, 40);
      res.redirect(303, `/verify/${encodeURIComponent(code)}`);
      return;
    }
    res.render('certificates/verify', {
      title: req.t('verify.title'),
      noindex: true,
      styles: ['/static/css/certificates.css'],
    });
  });
  r.get('/:code', privateAnswer, limiter, async (req, res) => {
    const result = await verifyCode(req.params.code);
    const kindLabel = result.kind ? req.t(`certificates.kind.${result.kind}`) : null;
    res.status(result.status === 'unknown' ? 404 : 200).render('certificates/verify', {
      title: req.t('verify.title'),
      noindex: true,
      styles: ['/static/css/certificates.css'],
      result,
      kindLabel,
      values: { code: result.code ?? '' },
    });
  });
  return r;
}

/** `GET /api/v1/certificates/verify/:code` — the same answer as JSON (404 for an unknown code). */
export function verifyApiRoutes(limiter: RequestHandler): Router {
  const r = Router();
  r.get('/verify/:code', privateAnswer, limiter, async (req, res) => {
    const result = await verifyCode(req.params.code);
    if (result.status === 'unknown') {
      res.status(404).json({ code: 'CERTIFICATE_UNKNOWN', message: req.t('verify.unknown_text'), status: 'unknown' });
      return;
    }
    res.json(result);
  });
  return r;
}
