import type { Browser } from 'playwright-core';
import { startServer, launchBrowser, screenshot, login, type RunningServer } from './helpers/browser';
import { makeUser, loginAs, PASSWORD } from '../helpers/users';
import type { Mail } from '../../src/shared/mailer';

let srv: RunningServer;
let browser: Browser;
const mails: Mail[] = [];
beforeAll(async () => {
  srv = await startServer();
  srv.ctx.mailer.send = async (mail) => {
    mails.push(mail);
  };
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('a person registers, logs in, sees their home page and logs out', () => {
  it('when a new Lotse registers and confirms the mailed link, then they reach their home page', async () => {
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
    // A common password is refused with its own message.
    await page.getByLabel(/^Passwort( \*)?$/).fill('1234567890');
    await page.getByLabel('Passwort wiederholen').fill('1234567890');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByText('Dieses Passwort ist zu verbreitet').waitFor();
    await page.getByLabel(/^Passwort( \*)?$/).fill('sicheres-passwort-1');
    await page.getByLabel('Passwort wiederholen').fill('sicheres-passwort-1');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByRole('heading', { name: 'Bitte bestätigen Sie Ihre E-Mail-Adresse' }).waitFor();
    await screenshot(page, 'register-sent-desktop');
    await srv.ctx.services.outbox.drain();
    const link = /http:\/\/\S+\/register\/confirm\/\S+/.exec(mails.find((m) => m.to === email)!.text)![0];
    await page.goto(link.replace(/^http:\/\/[^/]+/, srv.baseUrl));
    await page.getByText('Ihre E-Mail-Adresse ist bestätigt').waitFor();
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(email);
    await page.getByLabel(/^Passwort( \*)?$/).fill('sicheres-passwort-1');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Guten Tag, Käthe' }).waitFor();
    await screenshot(page, 'home-lotse-desktop');

    await page.close();
  }, 60_000);

  it('when a Lotse logs out, then the home page asks for a login, and they can log in again', async () => {
    const user = await makeUser('lotse', { firstName: 'Käthe' });
    const page = await browser.newPage();
    await login(page, srv.baseUrl, user.email, PASSWORD);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByText('Sie haben sich abgemeldet.').waitFor();
    await page.goto(`${srv.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await login(page, srv.baseUrl, user.email, PASSWORD);
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

  it('when a person changes their password on their account page, then their other device is logged out and the new password works', async () => {
    const user = await makeUser('lotse', { firstName: 'Paula' });
    // The other device: a second HTTP client with its own session (a second browser only costs time here).
    const other = await loginAs(srv.app, user);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await login(page, srv.baseUrl, user.email, PASSWORD);
    await page.getByRole('button', { name: 'Menü' }).click();
    await page.getByRole('link', { name: /Paula/ }).click();
    await page.getByRole('heading', { name: 'Mein Konto' }).waitFor();
    await screenshot(page, 'account-phone');
    await page.getByLabel(/^Bisheriges Passwort/).fill(PASSWORD);
    await page.getByLabel(/^Neues Passwort/).fill('leuchtturm-am-deich-9');
    await page.getByLabel('Passwort wiederholen').fill('leuchtturm-am-deich-9');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByText('Ihr Passwort ist geändert.').waitFor();
    await other.get('/').expect(303);
    await loginAs(srv.app, user, 'leuchtturm-am-deich-9');
    await context.close();
  }, 60_000);

  it('when a person presses "Überall abmelden", then this browser and their other device are logged out', async () => {
    const user = await makeUser('lotse', { firstName: 'Theo' });
    const other = await loginAs(srv.app, user);
    const page = await browser.newPage();
    await login(page, srv.baseUrl, user.email, PASSWORD);
    await page.goto(`${srv.baseUrl}/account`);
    await page.getByRole('button', { name: 'Überall abmelden' }).click();
    await page.getByText('Sie wurden auf allen Geräten abgemeldet.').waitFor();
    await page.goto(`${srv.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await other.get('/').expect(303);
    await page.close();
  }, 60_000);
});
