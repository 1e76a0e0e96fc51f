/**
 * An admin makes an API token on "API-Zugänge", copies the secret shown once, uses it, and revokes it;
 * the token stops working at the next request.
 */
import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, login, screenshot, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';

let s: RunningServer;
let browser: Browser;

beforeAll(async () => {
  s = await startServer();
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

it('when an admin creates a token on the page, then it works until it is revoked there', async () => {
  const admin = await makeUser('admin', { firstName: 'Ada', lastName: 'Admin' });
  await makeUser('tutor', { firstName: 'Tom', lastName: 'Tutor', email: 'tom.tutor@example.org' });
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const page = await browser.newPage({ viewport });
    await login(page, s.baseUrl, admin.email, PASSWORD);
    await page.goto(`${s.baseUrl}/admin/api-tokens`);
    await page.getByLabel(/^Bezeichnung/).fill(`Moodle-Abgleich ${name}`);
    await page.getByLabel(/^Konto \(E-Mail\)/).fill('tom.tutor@example.org');
    await page.getByLabel('Umfang').selectOption('tutor');
    await page.getByRole('button', { name: 'Token erzeugen' }).click();
    await page.getByRole('heading', { name: 'Token erzeugt' }).waitFor();
    await screenshot(page, `api-token-created-${name}`);
    const token = await page.locator('#tok-secret').inputValue();
    const call = () =>
      fetch(`${s.baseUrl}/api/v1/workshops`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await call()).toBe(200);

    await page.getByRole('link', { name: 'Zurück zu den API-Zugängen' }).click();
    await screenshot(page, `api-tokens-${name}`);
    await page.getByRole('button', { name: `Token „Moodle-Abgleich ${name}“ widerrufen` }).click();
    await page.getByText('Das Token ist widerrufen').waitFor();
    expect(await call()).toBe(401);
    await page.close();
  }
}, 120_000);
