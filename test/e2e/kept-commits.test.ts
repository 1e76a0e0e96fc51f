import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, login, scoFrame, screenshot, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage } from '../../src/packages';
import { ScoAttempt } from '../../src/player/tracking-models';
import { SAMPLES } from '../helpers/samples';

let srv: RunningServer;
let browser: Browser;
beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const COMMIT_URL = /\/api\/v1\/attempts\/\d+\/scos\/\d+\/commit/;

describe('kept commits go out from any page', () => {
  it('when the server refused the commits and the learner closed the tab, then opening the home page stores them', async () => {
    const admin = await makeUser('admin');
    const pkg = await importPackage(
      srv.ctx.services.packages,
      path.join(SAMPLES, 'scorm12/RuntimeBasicCalls_SCORM12'),
      { actorId: admin.id },
    );
    const user = await makeUser('lotse');
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await login(page, srv.baseUrl, user.email, PASSWORD);

    // The server is away for commits (what a database outage looks like to the player): it answers 503.
    // Done in front of the app on the real HTTP server: a browser-side route would not see the beacon.
    let refused = 0;
    let away = true;
    srv.server.removeAllListeners('request');
    const posts: string[] = [];
    srv.server.on('request', (req, res) => {
      if (req.method === 'POST') posts.push(req.url ?? '');
      if (away && req.method === 'POST' && COMMIT_URL.test(req.url ?? '')) {
        refused++;
        res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"code":"SERVICE_UNAVAILABLE"}');
        return;
      }
      srv.app(req, res);
    });
    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    await page.waitForFunction(() =>
      /launchpage\.html/.test((document.getElementById('player-frame') as HTMLIFrameElement)?.src ?? ''),
    );
    const launch = await scoFrame(page);
    await launch.waitForSelector('#butNext');
    for (let i = 0; i < 4; i++) await launch.click('#butNext');
    await launch.waitForFunction(() =>
      (document.getElementById('contentFrame') as HTMLIFrameElement).src.includes('RulesOfGolf'),
    );
    await page.close({ runBeforeUnload: true });
    // The closing tab's beacon arrives a moment later; it is refused too.
    for (let i = 0; i < 50 && !posts.some((u) => COMMIT_URL.test(u)); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(refused).toBeGreaterThan(0);
    const row = await ScoAttempt.findOne({ where: { scoId: pkg.scos[0].id, userId: user.id } });
    expect(row?.location ?? null).not.toBe('4');

    // The server answers again; the learner opens the home page, not the module.
    away = false;
    const home = await context.newPage();
    await home.goto(`${srv.baseUrl}/`);
    await home.waitForFunction(() => document.documentElement.getAttribute('data-kept-commits') === '0');
    const keptLeft = await home.evaluate(() =>
      Object.keys(window.localStorage).filter((k) => k.startsWith('gezu-commit:')),
    );
    expect(keptLeft).toEqual([]);
    const stored = await ScoAttempt.findOne({ where: { scoId: pkg.scos[0].id, userId: user.id } });
    expect(stored).toMatchObject({ location: '4', exitMode: 'suspend' });
    await screenshot(home, 'kept-commits-home');
    await context.close();
  }, 120_000);
});
