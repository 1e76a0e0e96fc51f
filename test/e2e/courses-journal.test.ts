/**
 * Issue 17, learning journal: the answers to a chapter's reflection task are kept with the attempt
 * (suspend_data), survive leaving and resuming, and only the entries the Lotse shares reach the
 * tutor's drill-down in the reports.
 */
import { screenshot, login } from './helpers/browser';
import { courseFrame, headingOf, readModule, scrollToChapterEnd, suspendDataOf } from './helpers/courses-driver';
import {
  importCourse,
  lotsePage,
  startCoursesEnv,
  stopCoursesEnv,
  waitForTracking,
  type CoursesEnv,
} from './helpers/courses-env';
import { makeUser, PASSWORD } from '../helpers/users';

let env: CoursesEnv;
beforeAll(async () => {
  env = await startCoursesEnv();
}, 60_000);
afterAll(() => stopCoursesEnv(env));

const SHARED = 'In der Tischlerei würde ich mit dem doppelten Abtippen der Aufmaße beginnen.';
const PRIVATE = 'Persönlich: Ich bin unsicher, wie ich den Inhaber auf seine Insellösungen anspreche.';

/** Chapter 1: a shared entry; chapter 2: a private one; both stored with the attempt. */
async function writeTwoEntries(env: CoursesEnv) {
  const mod = readModule('technik');
  const [first, second] = mod.chapters;
  const pkg = await importCourse(env, 'technik', '2004');
  const { page, user } = await lotsePage(env);
  await page.goto(`${env.srv.baseUrl}/play/${pkg.id}`);
  const frame = await courseFrame(page);
  await frame.getByRole('link', { name: 'Mit Kapitel 1 beginnen' }).click();
  await frame.waitForFunction((t) => document.getElementById('page-heading')?.textContent?.trim() === t, first.title);
  await frame.getByLabel('Ihre Notiz im Lernjournal').fill(SHARED);
  await frame.getByLabel(/Mit dem Reflecting Team teilen/).check();
  await frame.getByRole('button', { name: 'Im Lernjournal speichern' }).click();
  await frame.waitForSelector('.journal-status:text("geteilt")');
  await scrollToChapterEnd(frame);
  await screenshot(page, 'courses-journal-entry-1280');
  await frame
    .getByRole('navigation', { name: 'Kapitel blättern' })
    .getByRole('link', { name: 'Weiter', exact: true })
    .click();
  await frame.waitForFunction((t) => document.getElementById('page-heading')?.textContent?.trim() === t, second.title);
  await frame.getByLabel('Ihre Notiz im Lernjournal').fill(PRIVATE);
  await frame.getByRole('button', { name: 'Im Lernjournal speichern' }).click();
  await frame.waitForSelector('.journal-status:text("nur für Sie")');
  const stored = await waitForTracking(
    user.id,
    pkg.id,
    (t) => Object.keys(suspendDataOf(t.sco.cmiJson).j ?? {}).length === 2,
  );
  const journal = suspendDataOf(stored.sco.cmiJson).j!;
  expect(journal[first.id]).toMatchObject({ t: SHARED, s: true, c: first.title });
  expect(journal[second.id]).toMatchObject({ t: PRIVATE, s: false });
  return { mod, pkg, page, user };
}

describe('the learning journal', () => {
  it('when a Lotse answers two reflection tasks and leaves, then both entries are back after the resume, listed in the journal and downloadable', async () => {
    const { mod, pkg, page, user } = await writeTwoEntries(env);
    const context = page.context();
    await page.close({ runBeforeUnload: true });
    await waitForTracking(user.id, pkg.id, (t) => t.sco.exitMode === 'suspend' && t.sco.totalTimeCs > 0);
    const again = await context.newPage();
    await again.goto(`${env.srv.baseUrl}/play/${pkg.id}`);
    const back = await courseFrame(again);
    expect(await headingOf(back)).toBe(mod.chapters[1].title);
    expect(await back.getByLabel('Ihre Notiz im Lernjournal').inputValue()).toBe(PRIVATE);
    await back
      .locator('#toc')
      .getByRole('link', { name: /Lernjournal/ })
      .click();
    await back.waitForFunction(
      () => document.getElementById('page-heading')?.textContent?.trim() === 'Ihr Lernjournal',
    );
    expect(await back.locator('.journal-entry .journal-text').allTextContents()).toEqual([SHARED, PRIVATE]);
    expect(await back.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(true);
    const download = again.waitForEvent('download');
    await back.getByRole('button', { name: 'Als Textdatei herunterladen' }).click();
    expect((await download).suggestedFilename()).toBe('lernjournal-technik.txt');
    await screenshot(again, 'courses-journal-page-1280');
    await context.close();
  }, 60_000);

  it('when a Lotse shares one of two entries, then the tutor of their region sees that one in the drill-down and never the private one', async () => {
    const { mod, page, user } = await writeTwoEntries(env);
    await page.context().close();
    const tutor = await makeUser('tutor', { region: user.region });
    const tutorContext = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tutorPage = await tutorContext.newPage();
    await login(tutorPage, env.srv.baseUrl, tutor.email, PASSWORD);
    const res = await tutorPage.goto(`${env.srv.baseUrl}/reports/lotsen/${user.id}`);
    expect(res?.status()).toBe(200);
    const shared = tutorPage.locator('.shared-journal');
    expect(await shared.count()).toBe(1);
    expect(await shared.locator('.journal-shared-text').allTextContents()).toEqual([SHARED]);
    expect(await shared.textContent()).toContain(mod.chapters[0].title);
    expect(await tutorPage.content()).not.toContain(PRIVATE);
    await screenshot(tutorPage, 'courses-journal-tutor-1280');
    await tutorContext.close();
  }, 60_000);
});
