import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startServer, launchBrowser, login, screenshot, scoFrame, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage } from '../../src/packages';
import { ScoAttempt } from '../../src/player/tracking-models';
import type { UserView } from '../../src/auth/user-model';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLES = SAMPLES_ROOT;

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

const importSample = (folder: string) =>
  importPackage(srv.ctx.services.packages, path.join(SAMPLES, folder), { actorId: admin.id });

async function learnerPage(width = 1280): Promise<{ page: Page; user: UserView }> {
  const user = await makeUser('lotse', { firstName: 'Paula', lastName: 'Putt' });
  const context = await browser.newContext({ viewport: { width, height: 860 } });
  const page = await context.newPage();
  // The golf samples ask "resume where you left off?" and "save your progress?": say yes.
  page.on('dialog', (d) => void d.accept());
  await login(page, srv.baseUrl, user.email, PASSWORD);
  return { page, user };
}

/** The golf sample's launch page inside our player frame, and its own inner content frame. */
async function golfFrames(page: Page): Promise<{ launch: Frame; content: () => Frame }> {
  await page.waitForFunction(() => {
    const f = document.getElementById('player-frame') as HTMLIFrameElement | null;
    return !!f && /launchpage\.html/.test(f.src);
  });
  const launch = await scoFrame(page);
  await launch.waitForSelector('#butNext');
  return { launch, content: () => launch.childFrames()[0] };
}

async function waitForRow(where: Record<string, unknown>, check: (r: ScoAttempt) => boolean): Promise<ScoAttempt> {
  for (let i = 0; i < 100; i++) {
    const r = await ScoAttempt.findOne({ where });
    if (r && check(r)) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  const r = await ScoAttempt.findOne({ where });
  throw new Error(`row never reached the expected state: ${JSON.stringify(r?.toJSON())}`);
}

/** Answers the golf knowledge check correctly: the right answers carry class correctAnswer. */
async function passKnowledgeCheck(frame: Frame): Promise<void> {
  await frame.waitForSelector('input[type=button][value="Submit Answers"]');
  for (const radio of await frame.$$('.correctAnswer input[type=radio]')) await radio.check();
  for (const div of await frame.$$('.correctAnswer:has(input[type=text])')) {
    const answer = /\((-?[\d.]+)\)/.exec((await div.textContent()) ?? '')![1];
    await (await div.$('input[type=text]'))!.fill(answer);
  }
  await frame.click('input[type=button][value="Submit Answers"]');
  await frame.waitForSelector('text=Score: 100');
}

async function playGolfToTheEnd(folder: string, shotPrefix: string): Promise<void> {
  const pkg = await importSample(folder);
  const { page, user } = await learnerPage();
  await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
  const { launch, content } = await golfFrames(page);
  await screenshot(page, `${shotPrefix}-start`);
  for (let i = 0; i < 14; i++) await launch.click('#butNext');
  await page.waitForFunction(() => true);
  await launch.waitForFunction(() =>
    (document.getElementById('contentFrame') as HTMLIFrameElement).src.includes('assessmenttemplate'),
  );
  await content().waitForLoadState();
  await passKnowledgeCheck(content());
  await screenshot(page, `${shotPrefix}-passed`);
  await launch.click('#butExit');
  const row = await waitForRow(
    { scoId: pkg.scos[0].id, userId: user.id },
    (r) => r.successStatus === 'passed' && r.exitMode !== 'suspend',
  );
  expect(row.completionStatus).toBe('completed');
  expect(row.scoreRaw).toBe(100);
  expect(row.location).toBe('14');
  await page.context().close();
}

describe('a Lotse plays SCORM packages in the browser', () => {
  it('when RuntimeBasicCalls (SCORM 1.2) is played page by page to the end, then completed/passed and the score are stored', async () => {
    await playGolfToTheEnd('scorm12/RuntimeBasicCalls_SCORM12', 'player-12');
  }, 90_000);

  it('when RuntimeBasicCalls (SCORM 2004 3rd) is played page by page to the end, then completed/passed and the score are stored', async () => {
    await playGolfToTheEnd('scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', 'player-2004');
  }, 90_000);

  it('when RuntimeMinimumCalls (one SCO per page) is navigated through the table of contents, then each visited SCO is stored as completed', async () => {
    const pkg = await importSample('scorm12/RuntimeMinimumCalls_SCORM12');
    const { page, user } = await learnerPage();
    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const toc = page.getByRole('navigation', { name: 'Inhalt' });
    const visited = pkg.scos.slice(0, 4);
    // Each SCO calls LMSInitialize when loaded; the next click unloads it (LMSFinish).
    const shown = async (href: string) => {
      await page.waitForFunction(
        (h) => (document.getElementById('player-frame') as HTMLIFrameElement).src.endsWith(h),
        href,
      );
      await scoFrame(page);
      await waitForRow(
        { scoId: pkg.scos.find((s) => s.launchUrl === href)!.id, userId: user.id },
        (r) => r.sessionCount > 0,
      );
    };
    for (const sco of visited) {
      await toc.getByRole('button', { name: sco.title }).click();
      await shown(sco.launchUrl);
    }
    await page.getByRole('button', { name: /Weiter/ }).click(); // the 5th by "next"
    await shown(pkg.scos[4].launchUrl);
    await toc.getByRole('button', { name: visited[0].title }).click();
    await shown(visited[0].launchUrl);
    for (const sco of pkg.scos.slice(0, 5))
      await waitForRow({ scoId: sco.id, userId: user.id }, (r) => r.completionStatus === 'completed');
    const untouched = await ScoAttempt.findOne({ where: { scoId: pkg.scos[7].id, userId: user.id } });
    expect(untouched!.completionStatus).toBe('not attempted');
    await expect(toc.getByRole('button', { name: visited[1].title }).textContent()).resolves.toContain('abgeschlossen');
    await screenshot(page, 'player-toc-desktop');
    await page.context().close();

    // On a phone the table of contents is a drawer behind a button.
    const phone = await learnerPage(375);
    await phone.page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const drawer = phone.page.locator('#player-toc');
    expect(await drawer.isVisible()).toBe(false);
    await phone.page.getByRole('button', { name: 'Inhaltsverzeichnis' }).click();
    expect(await drawer.isVisible()).toBe(true);
    await screenshot(phone.page, 'player-toc-phone');
    await phone.page.context().close();
  }, 90_000);

  it('when the tab is closed in the middle and the learner comes back, then the content resumes at the same page with entry=resume', async () => {
    const pkg = await importSample('scorm12/RuntimeBasicCalls_SCORM12');
    const { page, user } = await learnerPage();
    await page.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const first = await golfFrames(page);
    for (let i = 0; i < 4; i++) await first.launch.click('#butNext');
    await first.launch.waitForFunction(() =>
      (document.getElementById('contentFrame') as HTMLIFrameElement).src.includes('RulesOfGolf'),
    );
    const context = page.context();
    await page.close({ runBeforeUnload: true });
    const row = await waitForRow(
      { scoId: pkg.scos[0].id, userId: user.id },
      (r) => r.location === '4' && r.exitMode === 'suspend',
    );
    expect(row.completionStatus).toBe('incomplete');

    const again = await context.newPage();
    again.on('dialog', (d) => void d.accept());
    const launchReply = again.waitForResponse((res) => res.url().includes('/launch?'));
    await again.goto(`${srv.baseUrl}/play/${pkg.id}`);
    const launchData = await (await launchReply).json();
    expect(launchData.cmi.core.entry).toBe('resume');
    expect(launchData.cmi.core.lesson_location).toBe('4');
    const second = await golfFrames(again);
    await second.launch.waitForFunction(() =>
      (document.getElementById('contentFrame') as HTMLIFrameElement).src.includes('RulesOfGolf'),
    );
    await second.content().waitForSelector('h1');
    expect(await second.content().textContent('h1')).toMatch(/Rules/i);
    await screenshot(again, 'player-resumed');
    await context.close();
  }, 90_000);
});
