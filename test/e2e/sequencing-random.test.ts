/**
 * Golf "RandomTest" in Chromium: after the content, one of four hidden tests in random order; two
 * attempts at the post test; "suspend all" is hidden during a test (adlnav:hideLMSUI).
 */
import {
  completionOf,
  endJourney,
  importGolf,
  navState,
  openPlayer,
  readToTheEnd,
  startJourney,
  takeTest,
  waitForAttempt,
  type Journey,
} from './sequencing-helpers';
import type { Frame, Page } from 'playwright-core';
import { screenshot, scoFrame } from './helpers/browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
}, 60_000);
afterAll(async () => {
  await endJourney(j);
});

/** A fresh test SCO on screen (the retry may bring any of the four, also the same one again). */
async function testShown(page: Page): Promise<{ which: string; frame: Frame }> {
  const handle = await page.waitForFunction(() => {
    const f = document.getElementById('player-frame') as HTMLIFrameElement | null;
    const m = f ? /launchpage\.html\?content=(assessment\d)$/.exec(f.src) : null;
    return m ? m[1] : null;
  });
  const which = (await handle.jsonValue()) as string;
  // The SCO is on the content origin, inside our launcher: look into it from its own frame.
  const frame = await scoFrame(page);
  await frame.waitForFunction(() => {
    const doc = (document.getElementById('contentFrame') as HTMLIFrameElement | null)?.contentDocument;
    return (
      !!doc && !!doc.querySelector('input[value="Submit Answers"]') && !(doc.body.textContent ?? '').includes('Score:')
    );
  });
  return { which, frame };
}

async function contentFrame(page: Page, content: string): Promise<Frame> {
  await page.waitForFunction(
    (c) => (document.getElementById('player-frame') as HTMLIFrameElement).src.endsWith(`content=${c}`),
    content,
  );
  const frame = await scoFrame(page);
  await frame.waitForSelector('#butNext');
  return frame;
}

async function suspendOffered(page: Page): Promise<boolean> {
  return page.evaluate(() => !(document.getElementById('player-suspend') as HTMLButtonElement).hidden);
}

describe('RandomTest in the browser', () => {
  it('when the post test is failed twice, then no third test comes and the module is completed and failed; suspending is not offered during a test', async () => {
    const pkg = await importGolf(j, 'SequencingRandomTest_SCORM20043rdEdition');
    const { page, user } = await openPlayer(j, pkg.id);
    for (const name of ['playing', 'etiquette', 'handicapping', 'havingfun']) {
      await readToTheEnd(await contentFrame(page, name));
      expect([name, await suspendOffered(page)]).toEqual([name, true]);
      await page.getByRole('button', { name: /Weiter/ }).click();
    }
    const first = await testShown(page);
    // Forbidden: suspend all during a test; the hidden tests never appear in the table of contents.
    expect(await suspendOffered(page)).toBe(false);
    expect(
      (await navState(page)).choosable.concat((await navState(page)).disabled).some((t) => t.startsWith('Test')),
    ).toBe(false);
    await screenshot(page, 'seq-random-test');
    await takeTest(first.frame, false);
    await page.getByRole('button', { name: /Weiter/ }).click();

    const second = await testShown(page);
    expect(second.which).toMatch(/^assessment[1-4]$/);
    await takeTest(second.frame, false);
    await page.getByRole('button', { name: /Weiter/ }).click();
    await page.getByText('Das Modul ist beendet.').waitFor();
    const attempt = await waitForAttempt(user.id, pkg.id, (a) => a.completionStatus === 'completed');
    expect(attempt.successStatus).toBe('failed');
    expect(await completionOf(user.id, pkg.id)).toBeNull();
    await page.context().close();
  }, 120_000);

  it('when the first test is passed, then the module is completed and passed', async () => {
    const pkg = await importGolf(j, 'SequencingRandomTest_SCORM20043rdEdition');
    const { page, user } = await openPlayer(j, pkg.id);
    for (const name of ['playing', 'etiquette', 'handicapping', 'havingfun']) {
      await readToTheEnd(await contentFrame(page, name));
      await page.getByRole('button', { name: /Weiter/ }).click();
    }
    await takeTest((await testShown(page)).frame, true);
    await page.getByRole('button', { name: /Weiter/ }).click();
    await page.getByText('Das Modul ist beendet.').waitFor();
    const attempt = await waitForAttempt(user.id, pkg.id, (a) => a.completionStatus === 'completed');
    expect(attempt.successStatus).toBe('passed');
    expect((await completionOf(user.id, pkg.id))?.passed).toBe(true);
    await page.context().close();
  }, 120_000);
});
