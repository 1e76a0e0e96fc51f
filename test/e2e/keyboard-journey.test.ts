/**
 * Issue #12, "Accessibility": one visit done with the keyboard only. A Lotse logs in, opens the Q1
 * module "Technik" (built from courses/ as SCORM 2004), reads a chapter, answers a knowledge-check
 * question and leaves the player — only page.keyboard, no click. Every control the journey lands on
 * must show a visible focus indicator, and the answer must reach the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { buildAllCourses } from '../../courses/build';
import { importPackage, type ImportedPackage } from '../../src/packages';
import { launchBrowser, screenshot, startServer, type RunningServer } from './helpers/browser';
import { courseFrame, readModule } from './helpers/courses-driver';
import { waitForTracking } from './helpers/courses-env';
import { makeUser, PASSWORD } from '../helpers/users';

const KEY = 'technik';

let srv: RunningServer;
let browser: Browser;
let zipDir: string;
let pkg: ImportedPackage;
beforeAll(async () => {
  zipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-keyboard-'));
  await buildAllCourses({ outDir: zipDir, only: [KEY] });
  srv = await startServer();
  browser = await launchBrowser();
  pkg = await importPackage(srv.ctx.services.packages, path.join(zipDir, `${KEY}-scorm2004.zip`), {
    actorId: null,
    moduleKey: KEY,
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (zipDir) fs.rmSync(zipDir, { recursive: true, force: true });
});

interface Focus {
  tag: string;
  id: string;
  name: string;
  href: string;
  value: string;
  type: string;
  /** :focus-visible matches and an outline or ring is actually drawn. */
  visible: boolean;
  inFrame: boolean;
}

/** What has focus in this document (runs in the page or in the SCO's frame). */
function focusHere(): Omit<Focus, 'inFrame'> {
  const a = document.activeElement as HTMLElement | null;
  if (!a) return { tag: '', id: '', name: '', href: '', value: '', type: '', visible: false };
  const style = getComputedStyle(a);
  const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return {
    tag: a.tagName,
    id: a.id,
    name: (a.getAttribute('aria-label') ?? a.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60),
    href: a.getAttribute('href') ?? '',
    value: (a as HTMLInputElement).value ?? '',
    type: a.getAttribute('type') ?? '',
    visible: a.matches(':focus-visible') && drawn,
  };
}

/** Focus in the page, or — following focused iframes down (player → launcher → SCO) — inside the frame that holds it. */
async function focusOf(page: Page): Promise<Focus> {
  let frame: Frame = page.mainFrame();
  for (let depth = 0; ; depth++) {
    const here = await frame.evaluate(focusHere);
    if (here.tag !== 'IFRAME') return { ...here, inFrame: depth > 0 };
    const handle = (await frame.evaluateHandle(() => document.activeElement)).asElement();
    const inner = handle && (await handle.contentFrame());
    if (!inner) return { ...here, inFrame: depth > 0 };
    frame = inner;
  }
}

/**
 * Presses `key` until focus is on what `want` accepts; fails with the path focus took if it never
 * gets there. The element reached must show its focus.
 */
async function tabTo(page: Page, what: string, want: (f: Focus) => boolean, key = 'Tab', max = 60): Promise<Focus> {
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focusOf(page);
    path.push(`${f.inFrame ? 'sco:' : ''}${f.tag}#${f.id}"${f.name}"`);
    if (want(f)) {
      expect({ what, visible: f.visible }).toEqual({ what, visible: true });
      return f;
    }
  }
  throw new Error(`${what} never got the focus with ${key}; it went ${path.join(' → ')}`);
}

async function headingFocused(frame: Frame, text: string): Promise<void> {
  await frame.waitForFunction(
    (t) => {
      const a = document.activeElement;
      return a?.id === 'page-heading' && a.textContent?.trim() === t;
    },
    text,
    { timeout: 10_000 },
  );
}

describe('a Lotse with the keyboard only', () => {
  it('when a Lotse logs in, opens Technik, reads a chapter, answers a question and leaves with Tab, typing and Enter, then focus is visible on every stop and the answer is stored', async () => {
    const mod = readModule(KEY);
    const user = await makeUser('lotse', { firstName: 'Karla', lastName: 'Tastatur' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // Login: the first Tab reaches the skip link, then the form; Enter sends it.
    await page.goto(`${srv.baseUrl}/login`);
    await page.keyboard.press('Tab');
    const skip = await focusOf(page);
    expect(skip).toMatchObject({ tag: 'A', href: '#main', visible: true });
    await tabTo(page, 'the e-mail field', (f) => f.id === 'f-email');
    await page.keyboard.type(user.email);
    await tabTo(page, 'the password field', (f) => f.id === 'f-password', 'Tab', 1);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${srv.baseUrl}/`);

    // Home → "Meine Module" → the module's start link.
    await tabTo(page, 'the link to my modules', (f) => f.tag === 'A' && f.href === '/learning');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${srv.baseUrl}/learning`);
    await tabTo(page, 'the start link of Technik', (f) => f.tag === 'A' && f.href === `/play/${pkg.id}`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${srv.baseUrl}/play/${pkg.id}`);
    const frame = await courseFrame(page);

    // Into the SCO: Tab goes from the player's bar into the course, to its start button.
    await tabTo(page, 'the course start button', (f) => f.inFrame && f.name === 'Mit Kapitel 1 beginnen');
    await page.keyboard.press('Enter');
    await headingFocused(frame, mod.chapters[0].title);
    // Reading: End scrolls to the chapter's end, which is what marks it as read.
    const before = await frame.evaluate(() => window.scrollY);
    await page.keyboard.press('End');
    await frame.waitForFunction((y) => window.scrollY > y, before);
    // Under a fully loaded CI machine the chapter once stayed unmarked for 30 s after one End (never when
    // run alone): End again, as a reader would, until the end is on screen — at most three presses.
    const seen = '#toc-list li.is-current .toc-status.is-seen';
    for (let press = 1; press < 3; press++) {
      const marked = await frame.waitForSelector(seen, { state: 'attached', timeout: 8_000 }).catch(() => null);
      if (marked) break;
      console.warn(
        `keyboard journey: chapter not marked read after End #${press}, scrollY ${await frame.evaluate(() => `${window.scrollY}/${document.documentElement.scrollHeight - window.innerHeight}`)}`,
      );
      await page.keyboard.press('End');
    }
    await frame.waitForSelector(seen, { state: 'attached' });
    await screenshot(page, 'keyboard-chapter');
    await tabTo(page, 'the "Weiter" button', (f) => f.inFrame && f.name === 'Weiter');
    await page.keyboard.press('Enter');
    await headingFocused(frame, mod.chapters[1].title);

    // Back from the heading into the course's table of contents: its last entry is the knowledge check.
    await tabTo(
      page,
      'the knowledge check in the table of contents',
      (f) => f.inFrame && f.href === '#wissenscheck',
      'Shift+Tab',
      3,
    );
    await page.keyboard.press('Enter');
    await headingFocused(frame, mod.quiz.title);

    // The first single-choice question the course drew: Tab into its radio group, arrows to the right answer.
    let f = await tabTo(page, 'a single-choice question', (x) => x.inFrame && x.tag === 'INPUT' && x.type === 'radio');
    const question = mod.quiz.questions.find((q) => f.id.startsWith(`q-${q.id}-`))!;
    if (question?.type !== 'single') throw new Error(`${f.id} is no single-choice question of module.json`);
    const radio = (x: Focus) => x.inFrame && x.tag === 'INPUT' && x.id.startsWith(`q-${question.id}-`);
    const want = question.correct[0];
    for (let i = 0; i < question.options.length && f.value !== want; i++) {
      await page.keyboard.press('ArrowDown');
      f = await focusOf(page);
      expect(radio(f)).toBe(true);
    }
    if (!(await frame.isChecked(`#q-${question.id}-${want}`))) await page.keyboard.press('Space');
    expect(await frame.isChecked(`#q-${question.id}-${want}`)).toBe(true);
    expect(f.visible).toBe(true);
    await screenshot(page, 'keyboard-question');

    // Leave: Shift+Tab out of the SCO to the player's "Beenden", Enter.
    await tabTo(page, 'the player exit link', (x) => !x.inFrame && x.id === 'player-exit', 'Shift+Tab', 80);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${srv.baseUrl}/learning`);

    // The server has the visit: on the knowledge check, chapter 1 read (2 only opened), the answer kept, suspended.
    const t = await waitForTracking(
      user.id,
      pkg.id,
      (x) => x.sco.location === 'wissenscheck' && x.sco.exitMode === 'suspend',
    );
    const cmi = JSON.parse(t.sco.cmiJson ?? '{}') as { suspend_data?: string; cmi?: { suspend_data?: string } };
    const state = JSON.parse(cmi.suspend_data ?? cmi.cmi?.suspend_data ?? '{}') as {
      s: number[];
      a: Record<string, string>;
    };
    expect(state.s).toEqual([0]);
    expect(state.a[question.id]).toBe(want);
    await context.close();
  }, 90_000);
});
