/**
 * Issue 17, accessibility: axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page
 * of the three Q1 modules as a Lotse sees them in the player — the start page, every chapter (with
 * its long image descriptions opened and its reflection task), the knowledge check and the result
 * page with its feedback. The build checks what it can statically (alt text length, `scope` on
 * table headers: courses/build/check-chapter-fragment.ts); this checks what only a browser can see
 * (contrast as rendered, names of controls, ARIA).
 */
import type { Frame, Page } from 'playwright-core';
import { scan, scanFrame, isBlocking, FindingLog, type Finding } from './helpers/axe';
import { answerQuiz, courseFrame, headingOf, readModule, Q1_KEYS } from './helpers/courses-driver';
import { importCourse, lotsePage, startCoursesEnv, stopCoursesEnv, type CoursesEnv } from './helpers/courses-env';

let env: CoursesEnv;
const log = new FindingLog();
beforeAll(async () => {
  env = await startCoursesEnv();
}, 60_000);
afterAll(async () => {
  log.write();
  await stopCoursesEnv(env);
});

/** Opens every <details> (long descriptions, hints) so that their content is checked too. */
async function openAllDetails(frame: Frame): Promise<void> {
  await frame.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
}

async function blockingOn(page: Page, frame: Frame, name: string): Promise<{ page: string; findings: Finding[] }> {
  await openAllDetails(frame);
  // The player page around it (ours, without the frame content) and the course page itself.
  const findings = [...(await scan(page, { skipFrameContent: true })), ...(await scanFrame(frame))];
  log.add(name, findings);
  return { page: name, findings: findings.filter(isBlocking) };
}

describe('every page of the Q1 modules meets WCAG 2.1 AA as axe-core checks it', () => {
  for (const key of Q1_KEYS) {
    it(`when every page of ${key} is opened in the player, then axe finds no serious or critical violation`, async () => {
      const mod = readModule(key);
      const pkg = await importCourse(env, key, '2004');
      const { page } = await lotsePage(env, 1280);
      await page.goto(`${env.srv.baseUrl}/play/${pkg.id}`);
      const frame = await courseFrame(page);
      const problems: { page: string; findings: Finding[] }[] = [];
      problems.push(await blockingOn(page, frame, `${key}: Start`));

      await frame.getByRole('link', { name: 'Mit Kapitel 1 beginnen' }).click();
      for (let i = 0; i < mod.chapters.length; i++) {
        const title = mod.chapters[i].title;
        await frame.waitForFunction((t) => document.getElementById('page-heading')?.textContent?.trim() === t, title);
        await frame.locator('.chapter-end').scrollIntoViewIfNeeded();
        problems.push(await blockingOn(page, frame, `${key}: ${title}`));
        const last = i === mod.chapters.length - 1;
        await frame
          .getByRole('navigation', { name: 'Kapitel blättern' })
          .getByRole('link', { name: last ? `Weiter zum ${mod.quiz.title}` : 'Weiter', exact: true })
          .click();
      }
      await frame.waitForFunction(
        (t) => document.getElementById('page-heading')?.textContent?.trim() === t,
        mod.quiz.title,
      );
      problems.push(await blockingOn(page, frame, `${key}: ${mod.quiz.title}`));
      // A failed check shows the feedback per question: its colours and markers are checked too.
      await answerQuiz(frame, mod, 'wrong');
      expect(await headingOf(frame)).toBe('Ihr Ergebnis');
      problems.push(await blockingOn(page, frame, `${key}: Ergebnis (nicht bestanden)`));

      // The scan reaches the course's page (two sandboxed frames down): an image without alt put there is found.
      await frame.evaluate(() => document.querySelector('main')!.appendChild(document.createElement('img')));
      expect((await scanFrame(frame)).some((f) => f.rule === 'image-alt' && isBlocking(f))).toBe(true);

      expect(problems.filter((p) => p.findings.length > 0)).toEqual([]);
      // Start, every chapter, the check and the result: nothing left out.
      expect(problems).toHaveLength(mod.chapters.length + 3);
      await page.context().close();
    }, 240_000);
  }
});
