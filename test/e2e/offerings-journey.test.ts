/**
 * The journey of issue 18: an admin publishes a package as an offering; a Lotse finds it under
 * "Weitere Angebote", enrols, plays it in the player to the end and downloads the
 * Teilnahmebestätigung, whose text is read back from the real PDF.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startServer, launchBrowser, login, screenshot, scoFrame, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage } from '../../src/packages';
import { SAMPLES } from '../helpers/samples';
import { pdfText } from '../unit/certificates/pdf-tools';

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

async function playGolfToTheEnd(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const f = document.getElementById('player-frame') as HTMLIFrameElement | null;
    return !!f && /launchpage\.html/.test(f.src);
  });
  const launch = await scoFrame(page);
  await launch.waitForSelector('#butNext');
  for (let i = 0; i < 14; i++) await launch.click('#butNext');
  await launch.waitForFunction(() =>
    (document.getElementById('contentFrame') as HTMLIFrameElement).src.includes('assessmenttemplate'),
  );
  const content = launch.childFrames()[0];
  await content.waitForLoadState();
  await passKnowledgeCheck(content);
  await launch.click('#butExit');
}

describe('an offering from publication to the Teilnahmebestätigung', () => {
  it('when an admin publishes a package and a Lotse enrols, plays it to the end and downloads the confirmation, then the PDF names person and offering', async () => {
    const admin = await makeUser('admin', { firstName: 'Ada', lastName: 'Admin' });
    const pkg = await importPackage(
      srv.ctx.services.packages,
      path.join(SAMPLES, 'scorm12/RuntimeBasicCalls_SCORM12'),
      {
        actorId: admin.id,
      },
    );
    const lotse = await makeUser('lotse', { firstName: 'Paula', lastName: 'Putt', region: 'saarland' });

    // The admin publishes the package for Lotsen in the Saarland.
    const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ap = await adminCtx.newPage();
    await login(ap, srv.baseUrl, admin.email, PASSWORD);
    await ap.goto(`${srv.baseUrl}/admin/offerings`);
    await ap.getByRole('link', { name: 'Neues Angebot' }).first().click();
    await ap.getByLabel(/SCORM-Paket/).selectOption(String(pkg.id));
    await ap.getByLabel(/^Titel/).fill('Golf für Beraterinnen und Berater');
    await ap
      .getByLabel(/^Beschreibung/)
      .fill('Regeln, Etikette und ein Wissenstest — eine kleine Weiterbildung zum Ausprobieren.');
    await ap.getByLabel('Saarland').check();
    await ap.getByRole('button', { name: 'Veröffentlichen' }).click();
    await ap.waitForSelector('text=Das Angebot ist veröffentlicht.');
    await screenshot(ap, 'offerings-journey-admin-published');
    await adminCtx.close();

    // The Lotse finds it on the home page and under "Weitere Angebote", and enrols.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept());
    await login(page, srv.baseUrl, lotse.email, PASSWORD);
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Weitere Angebote' })
      .click();
    await page.getByRole('link', { name: 'Golf für Beraterinnen und Berater' }).first().click();
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForSelector('text=Sie sind für „Golf für Beraterinnen und Berater“ angemeldet.');
    await page.getByRole('link', { name: 'Starten' }).click();

    // It plays in the existing player to the end.
    await playGolfToTheEnd(page);
    const offeringUrl = await (async () => {
      for (let i = 0; i < 100; i++) {
        await page.goto(`${srv.baseUrl}/angebote`);
        const bar = page.locator('.offering-item .progress').first();
        if ((await bar.getAttribute('aria-valuenow')) === '100') return page.url();
        await page.waitForTimeout(200);
      }
      throw new Error('the offering never showed 100 %');
    })();
    expect(offeringUrl).toContain('/angebote');
    await screenshot(page, 'offerings-journey-completed');
    await page.getByRole('link', { name: 'Golf für Beraterinnen und Berater' }).first().click();
    await page.getByRole('button', { name: 'Teilnahmebestätigung erstellen' }).click();
    await page.waitForSelector('text=Ihre Teilnahmebestätigung ist erstellt.');
    await screenshot(page, 'offerings-journey-confirmation');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Teilnahmebestätigung herunterladen (PDF)' }).click(),
    ]);
    const file = await download.path();
    const pdf = fs.readFileSync(file!);
    const { text } = await pdfText(pdf);
    expect(text).toContain('Teilnahmebestätigung');
    expect(text).toContain('Paula Putt');
    expect(text).toContain('an der Weiterbildung „Golf für Beraterinnen und Berater“ teilgenommen');
    const code = /GZ(-[0-9A-Z]{4}){4}/.exec(text)![0];
    await page.goto(`${srv.baseUrl}/verify/${code}`);
    await page.waitForSelector('text=Teilnahmebestätigung Weiterbildung');
    await ctx.close();
  }, 120_000);
});
