import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, screenshot, login, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';

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

describe('a person registers, logs in, sees their home page and logs out', () => {
  it('when a new Lotse registers, then they reach their home page and can log out and in again', async () => {
    const page = await browser.newPage();
    const email = `lotsin-${Date.now()}@example.org`;
    await page.goto(`${srv.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await screenshot(page, 'login-desktop');
    await page.getByRole('link', { name: 'Jetzt als Lotse registrieren' }).click();
    await page.getByLabel('Vorname').fill('Käthe');
    await page.getByLabel('Nachname').fill('Müßig');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Region').selectOption({ label: 'Lübeck/Westmecklenburg' });
    // First a mistake: the form must come back with a message and keep what was typed.
    await page.getByLabel(/^Passwort( \*)?$/).fill('kurz');
    await page.getByLabel('Passwort wiederholen').fill('kurz');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Das Passwort muss mindestens 10 Zeichen haben.').waitFor();
    expect(await page.getByLabel('Nachname').inputValue()).toBe('Müßig');
    await screenshot(page, 'register-error-desktop');
    await page.getByLabel(/^Passwort( \*)?$/).fill('sicheres-passwort-1');
    await page.getByLabel('Passwort wiederholen').fill('sicheres-passwort-1');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByRole('heading', { name: 'Guten Tag, Käthe' }).waitFor();
    expect(await page.getByText('Willkommen, Käthe! Ihr Konto ist angelegt.').isVisible()).toBe(true);
    await screenshot(page, 'home-lotse-desktop');

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByText('Sie haben sich abgemeldet.').waitFor();
    await page.goto(`${srv.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');

    await login(page, srv.baseUrl, email, 'sicheres-passwort-1');
    await page.getByRole('heading', { name: 'Guten Tag, Käthe' }).waitFor();
    await page.close();
  }, 60_000);

  it('when an admin uses a phone-sized screen, then the menu opens from a button and leads to the user list', async () => {
    const admin = await makeUser('admin', { firstName: 'Ada' });
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await login(page, srv.baseUrl, admin.email, PASSWORD);
    await screenshot(page, 'home-admin-phone');
    const nav = page.locator('#site-nav');
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menü' }).click();
    expect(await nav.isVisible()).toBe(true);
    await screenshot(page, 'home-admin-phone-menu');
    await nav.getByRole('link', { name: 'Benutzer' }).click();
    await page.getByRole('heading', { name: 'Benutzer' }).waitFor();
    await screenshot(page, 'users-admin-phone');
    await context.close();
  }, 60_000);
});
