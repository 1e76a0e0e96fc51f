import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, screenshot, login, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage } from '../../src/packages';
import { Certificate } from '../../src/certificates/certificate-model';
import { getUser } from '../../src/auth/users';
import { completeModule } from '../unit/certificates/seed-completions';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLE = path.join(SAMPLES_ROOT, 'scorm12/RuntimeBasicCalls_SCORM12');

let srv: RunningServer;
let browser: Browser;
let packages: Record<string, number>;
beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  const admin = await makeUser('admin');
  packages = {};
  for (const moduleKey of ['tools-methoden', 'technik', 'megatrends']) {
    packages[moduleKey] = (await importPackage(srv.ctx.services.packages, SAMPLE, { actorId: admin.id, moduleKey })).id;
  }
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('from the last Q1 module to the certificate on paper', () => {
  it('when a Lotse completes the third Q1 module, then the certificate page offers the Q1 certificate as a PDF download, which the verification page confirms', async () => {
    // Two modules were completed earlier (seeded); the third is completed through the real commit API below.
    const lotse = await makeUser('lotse', { firstName: 'Jürgen', lastName: 'Weiß-Öztürk' });
    await completeModule(lotse.id, 'tools-methoden', {
      completedAt: new Date('2026-03-02T09:00:00Z'),
      scoreScaled: 0.87,
      passed: true,
    });
    await completeModule(lotse.id, 'technik', {
      completedAt: new Date('2026-03-09T09:00:00Z'),
      scoreScaled: 0.8,
      passed: true,
    });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await login(page, srv.baseUrl, lotse.email, PASSWORD);
    await page.goto(`${srv.baseUrl}/play/${packages.megatrends}`);
    const data = JSON.parse((await page.locator('#player-data').textContent())!) as {
      attemptId: number;
      token: string;
      startScoId: number;
    };
    // The learner's own browser session commits the final state, as the SCO does at its last page.
    const launch = await page.request.get(
      `${srv.baseUrl}/api/v1/attempts/${data.attemptId}/scos/${data.startScoId}/launch?token=${encodeURIComponent(data.token)}`,
    );
    expect(launch.ok()).toBe(true);
    const launched = (await launch.json()) as { launch: number; token: string };
    const launchNo = launched.launch;
    const body = {
      cmi: {
        core: {
          lesson_location: 'done',
          lesson_status: 'passed',
          exit: '',
          session_time: '00:12:30',
          score: { raw: '92', min: '0', max: '100' },
        },
        suspend_data: '',
        objectives: {},
        interactions: {},
      },
      commitSequence: 1,
    };
    const committed = await page.request.post(
      `${srv.baseUrl}/api/v1/attempts/${data.attemptId}/scos/${data.startScoId}/commit?token=${encodeURIComponent(launched.token)}&launch=${launchNo}`,
      { data: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } },
    );
    expect(await committed.json()).toMatchObject({ result: true, errorCode: 0 });
    // The player tells its listeners right after answering the SCO: the certificate follows within moments.
    let issued = null;
    for (let i = 0; i < 50 && !issued; i++) {
      issued = await Certificate.findOne({ where: { userId: lotse.id, kind: 'q1' } });
      if (!issued) await new Promise((r) => setTimeout(r, 100));
    }
    expect(issued).not.toBeNull();

    await page.goto(`${srv.baseUrl}/`);
    await page.getByRole('link', { name: 'Zertifikate' }).first().click();
    await page.getByRole('heading', { name: 'Ihre Zertifikate' }).waitFor();
    await page.getByRole('heading', { name: 'Zertifikat Baustein 1 (Q1)' }).waitFor();
    const row = issued;
    await screenshot(page, 'certificates-lotse-desktop');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.cert-item').first().getByRole('link', { name: 'PDF herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`Zertifikat-Q1-${row!.code}.pdf`);
    const file = fs.readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');

    await page.locator('.cert-item').first().getByRole('link', { name: 'Prüfseite' }).click();
    await page.getByRole('heading', { name: 'Gültiges Zertifikat' }).waitFor();
    expect(await page.locator('.verify-holder').textContent()).toBe('Jürgen Weiß-Öztürk');
    await screenshot(page, 'certificates-verify-desktop');
    await context.close();
  }, 90_000);

  it('when someone checks a code on a phone, then the verification page is readable at 375 px', async () => {
    const row = await Certificate.findOne({ where: { kind: 'q1' } });
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${srv.baseUrl}/verify`);
    await page.getByLabel('Zertifikats-Code').fill(row!.code.toLowerCase());
    await page.getByRole('button', { name: 'Prüfen' }).click();
    await page.getByRole('heading', { name: 'Gültiges Zertifikat' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await screenshot(page, 'certificates-verify-phone');
    await context.close();
  }, 60_000);

  it('when an admin finds a certificate by name and revokes it with a reason, then the public page shows it revoked', async () => {
    const row = (await Certificate.findOne({ where: { kind: 'q1' } }))!;
    const admin = await makeUser('admin', { firstName: 'Ada' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, srv.baseUrl, admin.email, PASSWORD);
    await page.goto(`${srv.baseUrl}/admin/certificates`);
    await page.getByLabel('Suchen').fill('Weiß-Öztürk');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await screenshot(page, 'certificates-admin-list-desktop');
    await page.getByRole('link', { name: 'Jürgen Weiß-Öztürk' }).click();
    await page.getByRole('heading', { name: 'Widerrufen' }).waitFor();
    await page.getByRole('button', { name: 'Widerrufen' }).click();
    await page.getByText('Bitte geben Sie einen Grund an').waitFor();
    await page.getByLabel('Grund des Widerrufs').fill('Auf Wunsch der Projektleitung zurückgezogen');
    const [revoked] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/revoke') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Widerrufen' }).click(),
    ]);
    expect(revoked.status()).toBe(303);
    // Not the flash message: the browser's parallel /favicon.ico request can consume it (see report).
    await page.locator('.badge--error', { hasText: 'Widerrufen am' }).waitFor();
    await screenshot(page, 'certificates-admin-detail-desktop');
    await page.goto(`${srv.baseUrl}/verify/${row.code}`);
    await page.getByRole('heading', { name: 'Zertifikat widerrufen' }).waitFor();
    expect(await page.getByText('Auf Wunsch').count()).toBe(0);
    await screenshot(page, 'certificates-verify-revoked-desktop');
    await context.close();

    const phone = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const lotsePage = await phone.newPage();
    const owner = await getUser(row.userId);
    await login(lotsePage, srv.baseUrl, owner.email, PASSWORD);
    await lotsePage.goto(`${srv.baseUrl}/certificates`);
    await lotsePage.getByText(/Widerrufen am/).waitFor();
    await screenshot(lotsePage, 'certificates-lotse-phone');
    await phone.close();
  }, 60_000);
});
