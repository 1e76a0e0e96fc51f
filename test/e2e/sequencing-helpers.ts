/**
 * Shared steps for the sequencing journeys: the real app, Debian's Chromium, the golf Sequencing*
 * samples imported as they are. The golf SCOs complete (and, without a test, pass) on their last
 * page and record a test's score when its answers are submitted.
 */
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser, login, scoFrame, startServer, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage, type ImportedPackage } from '../../src/packages';
import { Attempt, PackageCompletion } from '../../src/player/tracking-models';
import type { UserView } from '../../src/auth/user-model';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLES = path.join(SAMPLES_ROOT, 'scorm2004');

export interface Journey {
  srv: RunningServer;
  browser: Browser;
  admin: UserView;
}

export async function startJourney(): Promise<Journey> {
  const srv = await startServer();
  const browser = await launchBrowser();
  const admin = await makeUser('admin');
  return { srv, browser, admin };
}

export async function endJourney(j: Journey | undefined): Promise<void> {
  await j?.browser.close();
  await j?.srv.stop();
}

export function importGolf(j: Journey, folder: string): Promise<ImportedPackage> {
  return importPackage(j.srv.ctx.services.packages, path.join(SAMPLES, folder), { actorId: j.admin.id });
}

/**
 * The 4th edition golf SCOs load jQuery from ajax.googleapis.com, which neither our content CSP nor
 * an offline test machine allows; their page then stops before Initialize. `jqueryStub` answers that
 * URL with the three calls the notes window needs (CSP bypassed in this browser context only).
 */
const JQUERY_STUB = `window.$ = function (sel) { var el = document.querySelector(sel);
  return { dialog: function () { return this; }, val: function (v) { if (v === undefined) return el.value; el.value = v; return this; } }; };`;

export async function openPlayer(
  j: Journey,
  packageId: number,
  opts: { user?: UserView; jqueryStub?: boolean } = {},
): Promise<{ page: Page; user: UserView }> {
  const learner = opts.user ?? (await makeUser('lotse'));
  const context = await j.browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: !!opts.jqueryStub });
  if (opts.jqueryStub) {
    await context.route('https://ajax.googleapis.com/**', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: route.request().url().includes('jqueryui') ? '' : JQUERY_STUB,
      }),
    );
  }
  const page = await context.newPage();
  // "Resume where you left off?" — yes.
  page.on('dialog', (d) => void d.accept());
  if (process.env.SEQ_DEBUG) {
    page.on('console', (m) => console.log('[page]', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  }
  await login(page, j.srv.baseUrl, learner.email, PASSWORD);
  await page.goto(`${j.srv.baseUrl}/play/${packageId}`);
  return { page, user: learner };
}

/** Waits until the player shows the SCO launched with `?content=<content>` and returns its frame. */
export async function scoShown(page: Page, content: string): Promise<Frame> {
  await page.waitForFunction((c) => {
    const f = document.getElementById('player-frame') as HTMLIFrameElement | null;
    return !!f && new RegExp(`launchpage\\.html\\?content=${c}$`).test(f.src);
  }, content);
  const frame = await scoFrame(page);
  await frame.waitForSelector('#butNext');
  return frame;
}

/** Pages through a content SCO to its last page (completed and passed). */
export async function readToTheEnd(frame: Frame): Promise<void> {
  for (let i = 0; i < 10 && !(await frame.$eval('#butNext', (b) => (b as HTMLInputElement).disabled)); i++)
    await frame.click('#butNext');
  await frame.waitForTimeout(200);
}

/** Answers the test on the SCO's page: all right, or all wrong (score 0). */
export async function takeTest(frame: Frame, pass: boolean): Promise<void> {
  await frame.waitForFunction(() =>
    (document.getElementById('contentFrame') as HTMLIFrameElement).src.includes('assessmenttemplate'),
  );
  const test = frame.childFrames()[0];
  await test.waitForSelector('input[type=button][value="Submit Answers"]');
  if (pass) {
    for (const radio of await test.$$('.correctAnswer input[type=radio]')) await radio.check();
    for (const div of await test.$$('.correctAnswer:has(input[type=text])')) {
      const answer = /\((-?[\d.]+)\)/.exec((await div.textContent()) ?? '')![1];
      await (await div.$('input[type=text]'))!.fill(answer);
    }
  }
  await test.click('input[type=button][value="Submit Answers"]');
  await test.waitForSelector(pass ? 'text=Score: 100' : 'text=Score:');
}

/** The player's navigation as the learner sees it. */
export async function navState(
  page: Page,
): Promise<{ next: boolean; previous: boolean; choosable: string[]; disabled: string[] }> {
  return page.evaluate(() => {
    const enabled = (id: string) => {
      const b = document.getElementById(id) as HTMLButtonElement | null;
      return !!b && !b.hidden && !b.disabled;
    };
    const toc = Array.from(document.querySelectorAll<HTMLButtonElement>('.toc-item'));
    const title = (b: HTMLButtonElement) => b.querySelector('.toc-title')?.textContent?.trim() ?? '';
    return {
      next: enabled('player-next'),
      previous: enabled('player-prev'),
      choosable: toc.filter((b) => !b.disabled).map(title),
      disabled: toc.filter((b) => b.disabled).map(title),
    };
  });
}

export async function attemptOf(userId: number, packageId: number): Promise<Attempt> {
  return (await Attempt.findOne({ where: { userId, packageId }, order: [['number', 'DESC']] }))!;
}

/** Polls the attempt until `check` holds (the page saves asynchronously). */
export async function waitForAttempt(
  userId: number,
  packageId: number,
  check: (a: Attempt) => boolean,
): Promise<Attempt> {
  for (let i = 0; i < 100; i++) {
    const a = await attemptOf(userId, packageId);
    if (a && check(a)) return a;
    await new Promise((r) => setTimeout(r, 100));
  }
  const a = await attemptOf(userId, packageId);
  throw new Error(
    `attempt never reached the expected state: ${JSON.stringify({ completion: a?.completionStatus, success: a?.successStatus })}`,
  );
}

export function completionOf(userId: number, packageId: number): Promise<PackageCompletion | null> {
  return PackageCompletion.findOne({ where: { userId, packageId } });
}
