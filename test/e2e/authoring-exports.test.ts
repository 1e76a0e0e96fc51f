/**
 * Exports-like packages of four authoring tools (test/fixtures/authoring-exports) in Chromium: each
 * finds the API the way its tool does — parent (Rise), parent.parent (Storyline), opener from a
 * pop-up (Captivate), the player's own window (Adapt) — through our launcher on the content origin,
 * and what it writes arrives in the database; resume data comes back on the next visit.
 */
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startServer, launchBrowser, login, scoFrame, screenshot, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage, setOpenInNewWindow } from '../../src/packages';
import { ScoAttempt } from '../../src/player/tracking-models';
import type { UserView } from '../../src/auth/user-model';

const FIXTURES = path.resolve(__dirname, '../fixtures/authoring-exports');
let srv: RunningServer;
let browser: Browser;
let admin: UserView;
beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  admin = await makeUser('admin');
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function learner(): Promise<{ page: Page; user: UserView }> {
  const user = await makeUser('lotse', { firstName: 'Paula', lastName: 'Putt' });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await login(page, srv.baseUrl, user.email, PASSWORD);
  return { page, user };
}

async function waitForRow(where: Record<string, unknown>, check: (r: ScoAttempt) => boolean): Promise<ScoAttempt> {
  for (let i = 0; i < 150; i++) {
    const r = await ScoAttempt.findOne({ where });
    if (r && check(r)) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  const r = await ScoAttempt.findOne({ where });
  throw new Error(`row never reached the expected state: ${JSON.stringify(r?.toJSON())}`);
}

const cmiOf = (r: ScoAttempt) => JSON.parse(r.cmiJson ?? '{}');
const textOf = async (frame: Frame, sel: string) => ((await frame.textContent(sel)) ?? '').trim();

async function leavePlayer(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Beenden' }).click();
  await page.waitForURL((u) => u.pathname === '/learning');
}

/** A frame inside the SCO page; it may not be attached yet when the SCO page has loaded, so wait for it. */
async function childFrame(parent: Frame, selector: string): Promise<Frame> {
  const handle = await parent.waitForSelector(selector, { state: 'attached' });
  return (await handle.contentFrame())!;
}

describe('exports of authoring tools find the API through the frame chain and commit', () => {
  it('when a Rise-like course (1.2, driver in the outer page, course in a child frame) is played, left and resumed, then its data arrives and comes back', async () => {
    const pkg = await importPackage(srv.ctx.services.packages, path.join(FIXTURES, 'rise-like'), { actorId: admin.id });
    const { page, user } = await learner();
    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const sco = await scoFrame(page);
    await sco.waitForSelector('#status:text("api-found")');
    const course = await childFrame(sco, 'iframe#content');
    await course.waitForSelector('#resumed:not(:empty)');
    // Read right after Initialize: the launcher had the values before the SCO started.
    expect(JSON.parse(await textOf(course, '#resumed'))).toMatchObject({
      entry: 'ab-initio',
      name: 'Putt, Paula',
      suspend: '',
    });
    await course.click('#lesson2');
    await waitForRow({ scoId: pkg.scos[0].id, userId: user.id }, (r) => r.location === 'lesson-2');
    await screenshot(page, 'authoring-rise');
    await leavePlayer(page);
    const left = await waitForRow({ scoId: pkg.scos[0].id, userId: user.id }, (r) => r.exitMode === 'suspend');
    expect(cmiOf(left).suspend_data).toBe('rise:{"lesson":2}');

    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const again = await childFrame(await scoFrame(page), 'iframe#content');
    await again.waitForSelector('#resumed:not(:empty)');
    expect(JSON.parse(await textOf(again, '#resumed'))).toMatchObject({
      entry: 'resume',
      location: 'lesson-2',
      suspend: 'rise:{"lesson":2}',
    });
    await again.click('#quiz');
    const row = await waitForRow({ scoId: pkg.scos[0].id, userId: user.id }, (r) => r.successStatus === 'passed');
    expect(row.scoreRaw).toBe(90);
    expect(Object.keys(cmiOf(row).interactions)).toHaveLength(3);
    await page.context().close();
  }, 120_000);

  it('when a Storyline-like course (2004, driver two frames below the API) writes large suspend data and a burst of interactions, then all of it is stored', async () => {
    const pkg = await importPackage(srv.ctx.services.packages, path.join(FIXTURES, 'storyline-like'), {
      actorId: admin.id,
    });
    const { page, user } = await learner();
    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const player = async () => {
      // The course's own frame may not be attached yet when the SCO page has loaded: wait for it.
      const f = await childFrame(await scoFrame(page), 'iframe#story');
      await f.waitForSelector('#status:text("api-found")');
      return f;
    };
    const first = await player();
    if (process.env.E2E_DEBUG) page.on('console', (m) => console.log('[page]', m.text()));
    expect(JSON.parse(await textOf(first, '#resumed'))).toMatchObject({
      entry: 'ab-initio',
      location: '',
      suspendLength: 0,
      learner: 'Putt, Paula',
    });
    await first.click('#slide5');
    await waitForRow({ scoId: pkg.scos[0].id, userId: user.id }, (r) => r.location === 'slide-5');
    await leavePlayer(page);
    const left = await waitForRow({ scoId: pkg.scos[0].id, userId: user.id }, (r) => r.exitMode === 'suspend');
    expect(cmiOf(left).suspend_data).toHaveLength(5400);

    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const second = await player();
    expect(JSON.parse(await textOf(second, '#resumed'))).toMatchObject({
      entry: 'resume',
      location: 'slide-5',
      suspendLength: 5400,
    });
    await second.click('#finish');
    const row = await waitForRow(
      { scoId: pkg.scos[0].id, userId: user.id },
      (r) => r.successStatus === 'passed' && r.completionStatus === 'completed',
    );
    const ids = Object.values(cmiOf(row).interactions as Record<string, { id: string }>).map((i) => i.id);
    // Eight interactions, none overwritten although each was appended at _count without a round trip.
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((q) => `Slide${q}_Question`));
    expect(row.scoreScaled).toBeCloseTo(0.88);
    await page.context().close();
  }, 120_000);

  it('when a Captivate-like course opens itself in a pop-up, then its findAPI reaches the API through opener and its result is stored', async () => {
    const pkg = await importPackage(srv.ctx.services.packages, path.join(FIXTURES, 'captivate-like'), {
      actorId: admin.id,
    });
    const { page, user } = await learner();
    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const sco = await scoFrame(page);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), sco.click('#start')]);
    if (process.env.E2E_DEBUG) {
      popup.on('console', (m) => console.log('[popup]', m.text()));
      popup.on('pageerror', (e) => console.log('[popup error]', e.message));
      await popup.waitForTimeout(3000);
      console.log(await popup.content(), await popup.evaluate(() => String(window.opener)));
    }
    await popup.waitForSelector('#status:text("api-found")');
    expect(JSON.parse(await textOf(popup.mainFrame(), '#resumed'))).toEqual({ entry: 'ab-initio', mode: 'normal' });
    await popup.click('#answer');
    const row = await waitForRow({ scoId: pkg.scos[0].id, userId: user.id }, (r) => r.successStatus === 'passed');
    expect(row.completionStatus).toBe('completed');
    expect(row.scoreScaled).toBe(1);
    expect(Object.keys(cmiOf(row).interactions)).toHaveLength(1);
    await page.context().close();
  }, 120_000);

  it('when an Adapt-like course (pipwerks-style search) is set to open in a new window, then it finds the API there and its completion is stored', async () => {
    const pkg = await importPackage(srv.ctx.services.packages, path.join(FIXTURES, 'adapt-like'), {
      actorId: admin.id,
    });
    await setOpenInNewWindow(pkg.id, true, admin.id);
    const { page, user } = await learner();
    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const [popup] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: /neuem Fenster/ }).click(),
    ]);
    const handle = await popup.waitForSelector('#sco-frame[src^="/c/"]', { state: 'attached' });
    const sco = (await handle.contentFrame())!;
    await sco.waitForSelector('#status:text("api-found")');
    expect(JSON.parse(await textOf(sco, '#resumed'))).toMatchObject({
      version: '1.2',
      status: 'not attempted',
      entry: 'ab-initio',
    });
    await sco.click('#complete');
    await waitForRow(
      { scoId: pkg.scos[0].id, userId: user.id },
      (r) => r.completionStatus === 'completed' && r.scoreRaw === 75,
    );
    await popup.close({ runBeforeUnload: true });
    const row = await waitForRow(
      { scoId: pkg.scos[0].id, userId: user.id },
      (r) => cmiOf(r).suspend_data === '{"c":[1,1,1],"q":[0.75]}',
    );
    expect(row.completionStatus).toBe('completed');
    await page.context().close();
  }, 120_000);
});
