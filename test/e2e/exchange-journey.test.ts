import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, screenshot, login, type RunningServer } from './helpers/browser';
import { isBlocking, scan } from './helpers/axe';
import { makeUser, PASSWORD } from '../helpers/users';
import { importPackage } from '../../src/packages';
import { recordMails } from '../integration/q2-fixtures';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';
import type { Mail } from '../../src/shared/mailer';

const SAMPLE = path.join(SAMPLES_ROOT, 'scorm12/RuntimeBasicCalls_SCORM12');

let srv: RunningServer;
let browser: Browser;
let mails: Mail[];
beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  mails = recordMails(srv.ctx.mailer);
  const admin = await makeUser('admin');
  await importPackage(srv.ctx.services.packages, SAMPLE, { actorId: admin.id, moduleKey: 'tools-methoden' });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function pageFor(email: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await login(page, srv.baseUrl, email, PASSWORD);
  return page;
}

describe('a question in the Tools & Methoden space', () => {
  it('when a Lotse asks and mentions the tutor, then the tutor gets a mail, answers, and the Lotse sees the answer', async () => {
    const lotse = await makeUser('lotse', { firstName: 'Lena', lastName: 'Lotsin', region: 'saarland' });
    const tutor = await makeUser('tutor', { firstName: 'Theo', lastName: 'Tutor', region: 'saarland' });

    // The Lotse comes from the module list, as from the module page.
    const lp = await pageFor(lotse.email);
    await lp.goto(`${srv.baseUrl}/learning`);
    await lp.getByRole('link', { name: 'Frage zu diesem Modul stellen' }).first().click();
    await lp.waitForURL(/\/austausch\/module:tools-methoden$/);
    await lp.getByRole('heading', { name: 'Modul Tools & Methoden', level: 1 }).waitFor();
    await screenshot(lp, 'exchange-space-empty-desktop');
    await lp.getByLabel('Titel').fill('Moderation im Experimentierraum: wie beginnen?');
    await lp
      .getByLabel('Ihr Beitrag')
      .fill('Hallo @Theo Tutor,\n\nwie eröffne ich die **erste Sitzung**?\n\n- Check-in\n- Ziele klären');
    await lp.getByRole('button', { name: 'Thema eröffnen' }).click();
    await lp.waitForURL(/\/austausch\/threads\/\d+$/);
    await lp.getByText('Ihr Thema ist eröffnet.').waitFor();
    expect(await lp.locator('.post-body strong').first().textContent()).toBe('erste Sitzung');
    const threadUrl = lp.url();

    // The tutor is told by mail, with a link to the thread.
    await srv.ctx.services.outbox.drain();
    const mail = mails.find((m) => m.to === tutor.email);
    expect(mail?.subject).toBe(
      'Lena Lotsin hat Sie im Austausch erwähnt: Moderation im Experimentierraum: wie beginnen?',
    );
    const link = /https?:\/\/\S+\/austausch\/threads\/\d+/.exec(mail!.text)![0];
    expect(link).toBe(threadUrl);

    const tp = await pageFor(tutor.email);
    expect(await tp.locator('[data-exchange-unread]').getAttribute('data-exchange-unread')).toBe('1');
    await tp.goto(`${srv.baseUrl}/austausch`);
    await screenshot(tp, 'exchange-index-tutor-desktop');
    await tp.goto(link);
    await tp.getByText('wie eröffne ich die').waitFor();
    await tp.getByLabel('Ihr Beitrag').fill('Beginnen Sie mit einem kurzen Check-in und klären Sie dann die Ziele.');
    await tp.getByRole('button', { name: 'Antwort senden' }).click();
    await tp.locator('.post').nth(1).waitFor();
    await screenshot(tp, 'exchange-thread-tutor-desktop');
    await srv.ctx.services.outbox.drain();
    expect(mails.some((m) => m.to === lotse.email && m.subject.startsWith('Neue Antwort auf Ihr Thema'))).toBe(true);

    // The Lotse sees one unread thread, opens it, and reads the answer.
    await lp.goto(`${srv.baseUrl}/austausch`);
    await lp.locator('main').getByText('1 ungelesen').waitFor();
    await screenshot(lp, 'exchange-index-lotse-desktop');
    await lp.getByRole('link', { name: /Modul Tools & Methoden/ }).click();
    await lp.getByRole('link', { name: 'Moderation im Experimentierraum: wie beginnen?' }).click();
    await lp.getByText('Beginnen Sie mit einem kurzen Check-in').waitFor();
    expect(await lp.locator('.post').nth(1).locator('.post-head strong').textContent()).toBe('Theo Tutor');
    expect(await lp.locator('[data-exchange-unread]').count()).toBe(0);

    // The same pages on a phone.
    const phone = await pageFor(lotse.email, 390);
    for (const [url, name] of [
      ['/austausch', 'exchange-index-phone'],
      ['/austausch/module:tools-methoden', 'exchange-space-phone'],
      [new URL(threadUrl).pathname, 'exchange-thread-phone'],
    ]) {
      await phone.goto(`${srv.baseUrl}${url}`);
      await screenshot(phone, name);
    }
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const p of [lp, tp, phone]) await p.context().close();
  }, 120_000);

  it('when the exchange pages are opened (also with moderation tools and a form sent empty), then axe finds no serious or critical violation', async () => {
    const tutor = await makeUser('tutor', { firstName: 'Tara', lastName: 'Tutorin', region: 'saarland' });
    const tp = await pageFor(tutor.email);
    await tp.goto(`${srv.baseUrl}/austausch/region:saarland`);
    expect((await tp.goto(`${srv.baseUrl}/austausch/firms:saarland`))?.status()).toBe(200);
    await tp.getByLabel('Titel').fill('Betriebsbesuch');
    await tp.getByLabel('Ihr Beitrag').fill('Wer kommt mit? [Programm](https://example.org)');
    await tp.getByRole('button', { name: 'Thema eröffnen' }).click();
    await tp.waitForURL(/\/austausch\/threads\/\d+$/);
    const threadUrl = tp.url();
    const pages: [string, () => Promise<unknown>][] = [
      ['spaces', () => tp.goto(`${srv.baseUrl}/austausch`)],
      ['space', () => tp.goto(`${srv.baseUrl}/austausch/firms:saarland`)],
      ['thread with moderation', () => tp.goto(threadUrl).then(() => tp.locator('details.moderation summary').click())],
      ['search', () => tp.goto(`${srv.baseUrl}/austausch/suche?q=Betrieb`)],
      [
        'new thread sent empty',
        async () => {
          await tp.goto(`${srv.baseUrl}/austausch/firms:saarland`);
          await tp.getByRole('button', { name: 'Thema eröffnen' }).click();
          await tp.locator('.field--invalid').first().waitFor();
        },
      ],
    ];
    for (const [name, open] of pages) {
      await open();
      const blocking = (await scan(tp)).filter(isBlocking);
      expect({ name, blocking }).toEqual({ name, blocking: [] });
    }
    await screenshot(tp, 'exchange-space-errors-desktop');
    expect(await tp.getByText('Bitte geben Sie einen Titel ein.').count()).toBe(1);
    await tp.context().close();
  }, 90_000);
});
