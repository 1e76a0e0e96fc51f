/**
 * The LTI protocol routes. They come before the CSRF check (the platform posts them cross-site; each
 * is authorised by what the Security Framework defines: state + cookie + signed id_token, or by a
 * value we signed), but after the session, so a launch can log the person in.
 *   GET|POST /lti/login, POST /lti/launch, GET /lti/jwks, GET /lti/session, GET /lti/continue,
 *   POST /lti/deep-link.
 * Every refusal is a German page with its code (never a 500 for what a platform or stranger sends),
 * logged at warn.
 */
import crypto from 'node:crypto';
import { Router, type CookieOptions, type Request, type Response } from 'express';
import type { LtiService } from './lti-service';
import { initiateLogin, STATE_TTL_MS } from './login-initiation';
import { handleLaunch } from './launch';
import { ltiError, spendOnce } from './launch-validation';
import { allowFraming } from './framing';
import { deepLinkingResponse, type DeepLinkContext } from './deep-linking';
import { AppError } from '../shared/errors';
import { id } from '../shared/web/input';
import { findUser, type UserView } from '../auth';
import { listPackages } from '../packages';
import { Q1_MODULES } from '../shared/q1-modules';
import './messages';

const STATE_COOKIE = 'gezu.lti.';
const HANDOFF_SECONDS = 120;

function stateCookieOptions(lti: LtiService): CookieOptions {
  return {
    httpOnly: true,
    path: '/lti',
    maxAge: STATE_TTL_MS,
    // Under https the platform's cross-site form post must carry it: SameSite=None needs Secure.
    ...(lti.secureCookies ? { sameSite: 'none', secure: true } : { sameSite: 'lax' }),
  };
}

function refuse(lti: LtiService, req: Request, res: Response, err: unknown): void {
  if (!(err instanceof AppError)) throw err;
  lti.logger.warn({ code: err.code, url: req.path, ip: req.ip }, 'LTI request refused');
  res.setHeader('Cache-Control', 'no-store');
  res.status(err.status).render('lti/refused', {
    title: req.t('lti.refused.title'),
    message: req.t(err.key),
    code: err.code,
  });
}

function logIn(req: Request, user: UserView): Promise<void> {
  return new Promise((resolve, reject) =>
    req.logIn(user, (err) => (err ? reject(err) : req.session.save((e) => (e ? reject(e) : resolve())))),
  );
}

export function ltiProtocolRoutes(lti: LtiService): Router {
  const r = Router();
  const redirectUri = `${lti.baseUrl}/lti/launch`;

  const login = async (req: Request, res: Response) => {
    try {
      const input = { ...(req.query as object), ...((req.body as object | undefined) ?? {}) };
      const { url, state } = await initiateLogin(input, redirectUri);
      res.cookie(`${STATE_COOKIE}${state}`, state, stateCookieOptions(lti));
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, url);
    } catch (err) {
      refuse(lti, req, res, err);
    }
  };
  r.get('/lti/login', login);
  r.post('/lti/login', login);

  r.get('/lti/jwks', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await lti.keys.jwks());
  });

  r.post('/lti/launch', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const state = typeof body.state === 'string' ? body.state : '';
    try {
      const outcome = await handleLaunch(lti.platformKeys, {
        idToken: body.id_token,
        state,
        cookieState: state ? req.cookies?.[`${STATE_COOKIE}${state}`] : undefined,
      });
      if (state) res.clearCookie(`${STATE_COOKIE}${state}`, { ...stateCookieOptions(lti), maxAge: undefined });
      res.setHeader('Cache-Control', 'no-store');
      if (outcome.kind === 'deep-link') return renderDeepLinkPicker(lti, req, res, outcome.ctx);
      if (outcome.kind === 'confirm') {
        return res.render('lti/confirm', {
          title: req.t('lti.confirm.title'),
          loginUrl: `/login?next=${encodeURIComponent(`/lti/link/${outcome.linkId}?package=${outcome.packageId}`)}`,
        });
      }
      await logIn(req, outcome.user);
      req.session.ltiFrameOrigins = outcome.frameOrigins;
      // An LMS frames us cross-site: the session cookie must then be SameSite=None (only for this session).
      if (lti.secureCookies) {
        req.session.cookie.sameSite = 'none';
        req.session.cookie.secure = true;
      }
      await new Promise<void>((ok, fail) => req.session.save((e) => (e ? fail(e) : ok())));
      allowFraming(res, outcome.frameOrigins);
      const playUrl = `/play/${outcome.pkg.id}`;
      const handoff = lti.handoffSigner.sign(
        { userId: outcome.user.id, path: playUrl, platformId: outcome.platformId, n: crypto.randomUUID() },
        HANDOFF_SECONDS,
      );
      res.render('lti/launch', {
        title: outcome.pkg.title,
        pkg: outcome.pkg,
        playUrl,
        userId: outcome.user.id,
        newWindowUrl: `/lti/continue?t=${encodeURIComponent(handoff)}`,
        scripts: ['/static/js/lti/launch.js'],
      });
    } catch (err) {
      refuse(lti, req, res, err);
    }
  });

  // The launch page asks whether the session cookie came back (third-party cookies may be blocked).
  r.get('/lti/session', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ userId: req.user?.id ?? null });
  });

  // "In neuem Fenster öffnen": a first-party window, logged in by a signed, once-only hand-off.
  r.get('/lti/continue', async (req, res) => {
    try {
      const v = lti.handoffSigner.open<{ userId: number; path: string; platformId: number; n: string }>(req.query.t);
      if (!v || !v.path.startsWith('/play/')) throw ltiError('LTI_HANDOFF_INVALID');
      if (!(await spendOnce(v.platformId, `handoff:${v.n}`, HANDOFF_SECONDS))) throw ltiError('LTI_HANDOFF_INVALID');
      const user = await findUser(v.userId);
      if (!user) throw ltiError('LTI_ACCOUNT_INACTIVE', 403);
      await logIn(req, user);
      res.redirect(303, v.path);
    } catch (err) {
      refuse(lti, req, res, err);
    }
  });

  r.post('/lti/deep-link', async (req, res) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const ctx = lti.deepLinkSigner.open<DeepLinkContext>(body.ctx);
      if (!ctx) throw ltiError('LTI_DEEP_LINK_EXPIRED');
      const choice = typeof body.choice === 'string' ? body.choice : '';
      let item: { title: string; custom: Record<string, string> } | null = null;
      const mod = Q1_MODULES.find((m) => `module:${m.key}` === choice);
      if (mod) item = { title: mod.title, custom: { module: mod.key } };
      const pkgMatch = /^package:([1-9][0-9]{0,9})$/.exec(choice);
      if (pkgMatch) {
        const pkg = (await listPackages()).find((p) => p.id === id.parse(pkgMatch[1]));
        if (pkg) item = { title: pkg.title, custom: { package: String(pkg.id) } };
      }
      if (!item) throw ltiError('LTI_DEEP_LINK_CHOICE_INVALID');
      const jwt = await deepLinkingResponse(lti.keys, ctx, item, `${lti.baseUrl}/lti/launch`);
      res.setHeader('Cache-Control', 'no-store');
      res.render('lti/deep-link-return', {
        title: req.t('lti.deep_link.sending'),
        returnUrl: ctx.returnUrl,
        jwt,
        scripts: ['/static/js/lti/autopost.js'],
      });
    } catch (err) {
      refuse(lti, req, res, err);
    }
  });
  return r;
}

async function renderDeepLinkPicker(lti: LtiService, req: Request, res: Response, ctx: DeepLinkContext) {
  const packages = await listPackages();
  const modules = Q1_MODULES.map((m) => ({
    value: `module:${m.key}`,
    title: m.title,
    available: packages.some((p) => p.moduleKey === m.key),
  }));
  const others = packages.filter((p) => !p.moduleKey).map((p) => ({ value: `package:${p.id}`, title: p.title }));
  res.render('lti/deep-link', {
    title: req.t('lti.deep_link.title'),
    styles: ['/static/css/lti.css'],
    modules,
    others,
    ctx: lti.deepLinkSigner.sign(ctx, 3600),
  });
}
