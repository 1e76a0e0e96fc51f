/**
 * The LTI protocol routes. They come before the CSRF check (the platform posts them cross-site; each
 * is authorised by what the Security Framework defines: state + cookie + signed id_token, or by a
 * value we signed), but after the session, so a launch can log the person in.
 *   GET|POST /lti/login, POST /lti/launch, GET /lti/resume, GET /lti/jwks, GET /lti/session,
 *   GET /lti/continue, POST /lti/deep-link.
 * Every refusal is a German page with its code (never a 500 for what a platform or stranger sends),
 * logged at warn.
 */
import crypto from 'node:crypto';
import { Router, type CookieOptions, type Request, type Response } from 'express';
import type { LtiService } from './lti-service';
import { initiateLogin, pendingStorageLogin, STATE_TTL_MS } from './login-initiation';
import { handleLaunch, type LaunchOutcome } from './launch';
import { ltiError, spendOnce } from './launch-validation';
import { allowFraming } from './framing';
import { deepLinkingResponse, type DeepLinkContext } from './deep-linking';
import { AppError } from '../shared/errors';
import { id } from '../shared/web/input';
import { findUser, type UserView } from '../auth';
import { getPackage, listPackages } from '../packages';
import { Q1_MODULES } from '../shared/q1-modules';
import './messages';

const STATE_COOKIE = 'gezu.lti.';
const HANDOFF_SECONDS = 120;
const RESUME_SECONDS = 60;

/**
 * The browser a hand-off was made for (a hash of its User-Agent): the link is for a new window of the
 * same browser; pasted into another browser it is refused. Weak on purpose (no cookie can be shared
 * between the platform's frame and a first-party window), but it keeps a copied link from working elsewhere.
 */
function browserOf(req: Request): string {
  return crypto
    .createHash('sha256')
    .update(req.get('User-Agent') ?? '')
    .digest('base64url')
    .slice(0, 16);
}

/** What /lti/resume needs to show a launch's outcome again (ids only; the rows are read again). */
type ResumeValue =
  | { kind: 'deep-link'; platformId: number; frameOrigins: string[]; ctx: DeepLinkContext }
  | { kind: 'confirm'; platformId: number; frameOrigins: string[]; linkId: number; packageId: number }
  | { kind: 'play'; platformId: number; frameOrigins: string[]; userId: number; packageId: number };

function resumeOf(o: LaunchOutcome): ResumeValue {
  if (o.kind === 'play')
    return {
      kind: 'play',
      platformId: o.platformId,
      frameOrigins: o.frameOrigins,
      userId: o.user.id,
      packageId: o.pkg.id,
    };
  return o;
}

async function outcomeOf(r: ResumeValue): Promise<LaunchOutcome> {
  if (r.kind !== 'play') return r;
  const user = await findUser(r.userId);
  if (!user) throw ltiError('LTI_ACCOUNT_INACTIVE', 403);
  return {
    kind: 'play',
    platformId: r.platformId,
    frameOrigins: r.frameOrigins,
    user,
    pkg: await getPackage(r.packageId),
  };
}

/** The page a valid launch leads to: deep-link picker, account-link notice, or the launch page. */
async function renderOutcome(lti: LtiService, req: Request, res: Response, outcome: LaunchOutcome): Promise<void> {
  if (outcome.kind === 'deep-link') return renderDeepLinkPicker(lti, req, res, outcome.ctx, outcome.frameOrigins);
  allowFraming(res, outcome.frameOrigins);
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
  const playUrl = `/play/${outcome.pkg.id}`;
  const handoff = lti.handoffSigner.sign(
    {
      userId: outcome.user.id,
      path: playUrl,
      platformId: outcome.platformId,
      n: crypto.randomUUID(),
      b: browserOf(req),
    },
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
}

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
      const { url, state, nonce, storage } = await initiateLogin(input, redirectUri);
      res.cookie(`${STATE_COOKIE}${state}`, state, stateCookieOptions(lti));
      res.setHeader('Cache-Control', 'no-store');
      if (!storage) return res.redirect(302, url);
      // The platform offers its storage: a page in its frame puts state and nonce there, then goes on.
      allowFraming(res, storage.frameOrigins);
      res.render('lti/storage', {
        title: req.t('lti.storage.title'),
        mode: 'put',
        state,
        nonce,
        storage,
        next: url,
        scripts: ['/static/js/lti/storage.js'],
      });
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
    const cookieState = state ? req.cookies?.[`${STATE_COOKIE}${state}`] : undefined;
    // The second post of a launch checked in the platform's storage: only our own page can send it
    // (a same-origin fetch with a custom header; a cross-site form can set neither).
    const storageChecked = req.get('X-LTI-Storage') === 'checked';
    try {
      if (storageChecked && req.get('Origin') !== lti.origin) throw ltiError('LTI_STATE_MISMATCH');
      if (!storageChecked && state && cookieState !== state) {
        const pending = await pendingStorageLogin(state);
        if (pending) {
          res.setHeader('Cache-Control', 'no-store');
          allowFraming(res, pending.storage.frameOrigins);
          return res.render('lti/storage', {
            title: req.t('lti.storage.title'),
            mode: 'get',
            state,
            nonce: pending.nonce,
            storage: pending.storage,
            idToken: typeof body.id_token === 'string' ? body.id_token : '',
            scripts: ['/static/js/lti/storage.js'],
          });
        }
      }
      const outcome = await handleLaunch(lti.platformKeys, {
        idToken: body.id_token,
        state,
        cookieState,
        storageChecked,
      });
      if (state) res.clearCookie(`${STATE_COOKIE}${state}`, { ...stateCookieOptions(lti), maxAge: undefined });
      res.setHeader('Cache-Control', 'no-store');
      if (!storageChecked) return await renderOutcome(lti, req, res, outcome);
      // The page that checked the storage goes on to the outcome by a once-only link (60 s).
      const resume = lti.handoffSigner.sign({ r: resumeOf(outcome), n: crypto.randomUUID() }, RESUME_SECONDS);
      res.json({ next: `/lti/resume?t=${encodeURIComponent(resume)}` });
    } catch (err) {
      if (storageChecked && err instanceof AppError) {
        lti.logger.warn({ code: err.code, url: req.path, ip: req.ip }, 'LTI request refused');
        res.setHeader('Cache-Control', 'no-store');
        return void res.status(err.status).json({ code: err.code, message: req.t(err.key) });
      }
      refuse(lti, req, res, err);
    }
  });

  // After a launch checked in the platform's storage: the outcome page, once.
  r.get('/lti/resume', async (req, res) => {
    try {
      const v = lti.handoffSigner.open<{ r: ResumeValue; n: string }>(req.query.t);
      if (!v?.r || !(await spendOnce(v.r.platformId, `resume:${v.n}`, RESUME_SECONDS)))
        throw ltiError('LTI_HANDOFF_INVALID');
      res.setHeader('Cache-Control', 'no-store');
      await renderOutcome(lti, req, res, await outcomeOf(v.r));
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
      const v = lti.handoffSigner.open<{ userId: number; path: string; platformId: number; n: string; b?: string }>(
        req.query.t,
      );
      if (!v || !v.path?.startsWith('/play/') || v.b !== browserOf(req)) throw ltiError('LTI_HANDOFF_INVALID');
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

async function renderDeepLinkPicker(
  lti: LtiService,
  req: Request,
  res: Response,
  ctx: DeepLinkContext,
  frameOrigins: string[],
) {
  const packages = await listPackages();
  const modules = Q1_MODULES.map((m) => ({
    value: `module:${m.key}`,
    title: m.title,
    available: packages.some((p) => p.moduleKey === m.key),
  }));
  const others = packages.filter((p) => !p.moduleKey).map((p) => ({ value: `package:${p.id}`, title: p.title }));
  allowFraming(res, frameOrigins);
  res.render('lti/deep-link', {
    title: req.t('lti.deep_link.title'),
    styles: ['/static/css/lti.css'],
    modules,
    others,
    ctx: lti.deepLinkSigner.sign(ctx, 3600),
  });
}
