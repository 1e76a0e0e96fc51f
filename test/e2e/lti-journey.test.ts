import type { Browser, Frame, Page } from 'playwright-core';
import { startServer, launchBrowser, login, screenshot, scoFrame, type RunningServer } from './helpers/browser';
import { LtiPlatformEmulator } from '../helpers/lti-platform';
import { importLtiTechnikModule } from '../helpers/lti-module';
import { makeUser, PASSWORD } from '../helpers/users';
import { LtiPlatform } from '../../src/lti/lti-models';
import { addPlatform } from '../../src/lti';
import { User } from '../../src/auth';

let srv: RunningServer;
let browser: Browser;
let platform: LtiPlatformEmulator;
/** A platform on another site (localhost vs the tool's 127.0.0.1): the tool in its iframe is a third party. */
let other: LtiPlatformEmulator;
let packageId: number;

beforeAll(async () => {
  srv = await startServer();
  platform = await LtiPlatformEmulator.start();
  platform.toolJwksUrl = `${srv.baseUrl}/lti/jwks`;
  other = await LtiPlatformEmulator.start({ host: 'localhost' });
  other.toolJwksUrl = `${srv.baseUrl}/lti/jwks`;
  await addPlatform(srv.ctx.sequelize, other.registration(), null);
  await addPlatform(srv.ctx.sequelize, platform.registration(), null);
  packageId = await importLtiTechnikModule(srv);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await other?.stop();
  await srv?.stop();
});

function loginUrl(p: LtiPlatformEmulator, hint: string, extra: Record<string, string> = {}): string {
  const login = new URL(`${srv.baseUrl}/lti/login`);
  for (const [k, v] of Object.entries({
    iss: p.issuer,
    login_hint: hint,
    target_link_uri: `${srv.baseUrl}/lti/launch`,
    client_id: p.clientId,
    ...extra,
  }))
    login.searchParams.set(k, v);
  return login.toString();
}

/** Answers the golf knowledge check correctly (the right answers carry class correctAnswer). */
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

async function playGolf(page: Page | Frame): Promise<void> {
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

// The cross-site storage journey failed in two full CI runs (the button never came; once on SQLite,
// once on both databases) and never when run alone, in its file or under CPU load; until the cause is
// found, a failed journey is tried again and each failure, with what the frame showed, stays in the log.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

describe('a Lotse starts a module from an LTI platform', () => {
  it('when the platform launches the technik module and the Lotse plays golf to the end, then the score arrives at the platform', async () => {
    const sub = `e2e-${Date.now()}`;
    const hint = `hint-${sub}`;
    platform.launches.set(hint, { sub, email: `${sub}@schule.example`, givenName: 'Lia', familyName: 'Launch' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    const login = new URL(`${srv.baseUrl}/lti/login`);
    for (const [k, v] of Object.entries({
      iss: platform.issuer,
      login_hint: hint,
      target_link_uri: `${srv.baseUrl}/lti/launch`,
      client_id: platform.clientId,
      lti_deployment_id: platform.deploymentId,
    }))
      login.searchParams.set(k, v);
    await page.goto(login.toString());
    await page.waitForURL(`${srv.baseUrl}/play/${packageId}`);
    await screenshot(page, 'lti-launched');
    await playGolf(page);
    const user = await User.findOne({ where: { email: `${sub}@schule.example` } });
    expect(user!.role).toBe('lotse');
    for (let i = 0; i < 100 && !platform.scores.some((s) => s.body.activityProgress === 'Completed'); i++)
      await new Promise((r) => setTimeout(r, 100));
    const final = platform.scores.filter((s) => s.body.userId === sub).at(-1);
    expect(final).toBeDefined();
    expect(final!.lineitem).toBe(platform.lineitemUrl());
    expect(final!.body).toMatchObject({
      userId: sub,
      scoreGiven: 100,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    await context.close();
  }, 120_000);

  it('when the platform embeds the tool in an iframe (same site, cookies allowed), then golf plays inside the iframe and the score arrives', async () => {
    const sub = `e2e-frame-${Date.now()}`;
    const hint = `hint-${sub}`;
    platform.launches.set(hint, { sub, givenName: 'Fria', familyName: 'Frame', resourceLinkId: 'rl-frame' });
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors|Refused to (frame|display)/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${platform.url}/course?tool=${encodeURIComponent(loginUrl(platform, hint))}`);
    const toolFrame = () => page.frame({ name: 'tool' })!;
    await toolFrame().waitForURL(`${srv.baseUrl}/play/${packageId}`);
    await scoFrame(toolFrame());
    await screenshot(page, 'lti-played-in-iframe');
    await playGolf(toolFrame());
    expect(refused).toEqual([]);
    for (let i = 0; i < 100 && !platform.scores.some((s) => s.body.userId === sub); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(platform.scores.filter((s) => s.body.userId === sub).at(-1)?.body).toMatchObject({
      scoreGiven: 100,
      activityProgress: 'Completed',
    });
    await context.close();
  }, 120_000);

  it('when the platform on another site embeds the tool (third-party cookies blocked), then state and nonce go through the platform storage and the module opens in a new window', async () => {
    const sub = `e2e-3p-${Date.now()}`;
    const hint = `hint-${sub}`;
    other.launches.set(hint, { sub, givenName: 'Dora', familyName: 'Dritt' });
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const page = await context.newPage();
    await page.goto(
      `${other.url}/course?storage=1&tool=${encodeURIComponent(loginUrl(other, hint, { lti_storage_target: '_parent' }))}`,
    );
    const tool = page.frameLocator('iframe[name=tool]');
    const button = tool.getByRole('link', { name: 'In neuem Fenster öffnen' });
    await button.waitFor().catch(async (err: Error) => {
      // What the tool frame showed and what the platform storage saw, so that a failure says where it stopped.
      const shown = await tool
        .locator('body')
        .innerText({ timeout: 2_000 })
        .catch(() => '(tool frame unreadable)');
      const log = await page.locator('#storage-log li').allTextContents();
      const frameUrl = page.frame({ name: 'tool' })?.url();
      throw new Error(`${err.message}\ntool frame at ${frameUrl}: ${shown}\nplatform storage log: ${log.join(' | ')}`);
    });
    // The browser really kept our cookies out of the frame: the launch page found no session there.
    expect(await context.cookies(srv.baseUrl)).toEqual([]);
    const log = await page.locator('#storage-log li').allTextContents();
    expect(log.filter((l) => l.startsWith('put '))).toHaveLength(2);
    expect(log.filter((l) => l.startsWith('get '))).toHaveLength(2);
    expect(log.some((l) => l.startsWith('refused'))).toBe(false);
    await screenshot(page, 'lti-third-party-blocked');
    const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await popup.waitForURL(`${srv.baseUrl}/play/${packageId}`);
    await scoFrame(popup);
    await context.close();
  }, 90_000);
});

describe('an admin registers the tool at a platform (LTI Dynamic Registration)', () => {
  it('when the platform opens the registration and the admin confirms, then the platform is registered and the window tells the platform to close it', async () => {
    const reg = await LtiPlatformEmulator.start();
    try {
      const admin = await makeUser('admin');
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      await login(page, srv.baseUrl, admin.email, PASSWORD);
      await page.goto(`${reg.url}/tool-registration?tool=${encodeURIComponent(`${srv.baseUrl}/lti/register`)}`);
      const [popup] = await Promise.all([context.waitForEvent('page'), page.click('#open')]);
      await popup.getByRole('button', { name: 'Registrierung abschließen' }).waitFor();
      await screenshot(popup, 'lti-register');
      await Promise.all([
        popup.waitForEvent('close'),
        popup.getByRole('button', { name: 'Registrierung abschließen' }).click(),
      ]);
      await expect(page.locator('#closed').textContent()).resolves.toBe('geschlossen: org.1edtech.lti.close');
      expect(reg.registrations).toHaveLength(1);
      expect(await LtiPlatform.count({ where: { issuer: reg.issuer, clientId: reg.clientId } })).toBe(1);
      await context.close();
    } finally {
      await reg.stop();
    }
  }, 60_000);
});

describe('an Instructor imports the members of their platform course', () => {
  it('when an Instructor launches from the course and imports its member list, then the learners have accounts and appear in their dashboard', async () => {
    const stamp = Date.now();
    const course = `e2e-course-${stamp}`;
    const teacherSub = `e2e-teacher-${stamp}`;
    const hint = `hint-${teacherSub}`;
    platform.launches.set(hint, {
      sub: teacherSub,
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
      givenName: 'Tara',
      familyName: 'Lehrend',
      contextId: course,
      contextTitle: 'GeZu Pilotkurs',
    });
    const learner = (sub: string, given: string, family: string) => ({
      user_id: sub,
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      given_name: given,
      family_name: family,
      email: `${sub}@schule.example`,
    });
    platform.membersByContext.set(course, [
      learner(`e2e-anna-${stamp}`, 'Anna', `Importiert${stamp}`),
      learner(`e2e-ben-${stamp}`, 'Ben', `Importiert${stamp}`),
      {
        user_id: teacherSub,
        roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
        name: 'Tara Lehrend',
      },
    ]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(loginUrl(platform, hint));
    await page.waitForURL(`${srv.baseUrl}/play/${packageId}`);
    await page.goto(`${srv.baseUrl}/`);
    await page.getByRole('link', { name: /Lernplattform-Kurse/ }).click();
    await page.getByRole('link', { name: 'GeZu Pilotkurs' }).click();
    await page.getByRole('cell', { name: /Anna Importiert/ }).waitFor();
    await screenshot(page, 'lti-import-preview');
    await page.getByLabel(/Nur Konten anlegen/).check();
    await page.getByRole('button', { name: 'Mitglieder übernehmen' }).click();
    await page.locator('#import-summary').waitFor();
    expect((await page.locator('#import-summary').textContent())?.trim()).toBe(
      '2 neu · 1 bereits vorhanden · 0 übersprungen',
    );
    await screenshot(page, 'lti-import-result');
    const anna = await User.findOne({ where: { email: `e2e-anna-${stamp}@schule.example` } });
    expect(anna).toMatchObject({ role: 'lotse', region: null });
    await page.goto(`${srv.baseUrl}/reports`);
    expect(await page.locator('main').textContent()).toContain(`Importiert${stamp}`);
    await context.close();
  }, 90_000);
});
