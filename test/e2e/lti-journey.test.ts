import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { startServer, launchBrowser, screenshot, scoFrame, type RunningServer } from './helpers/browser';
import { LtiPlatformEmulator } from '../helpers/lti-platform';
import { makeUser } from '../helpers/users';
import { SAMPLES } from '../helpers/samples';
import { importPackage, assignModule } from '../../src/packages';
import { addPlatform } from '../../src/lti';
import { User } from '../../src/auth';

let srv: RunningServer;
let browser: Browser;
let platform: LtiPlatformEmulator;
let packageId: number;

beforeAll(async () => {
  srv = await startServer();
  platform = await LtiPlatformEmulator.start();
  platform.toolJwksUrl = `${srv.baseUrl}/lti/jwks`;
  await addPlatform(
    srv.ctx.sequelize,
    {
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentIds: [platform.deploymentId],
      authUrl: platform.authUrl,
      tokenUrl: platform.tokenUrl,
      jwksUrl: platform.jwksUrl,
    },
    null,
  );
  const admin = await makeUser('admin');
  const pkg = await importPackage(srv.ctx.services.packages, path.join(SAMPLES, 'scorm12/RuntimeBasicCalls_SCORM12'), {
    actorId: admin.id,
  });
  await assignModule(pkg.id, 'technik', admin.id);
  packageId = pkg.id;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await srv?.stop();
});

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

async function playGolf(page: Page): Promise<void> {
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

  it('when the platform embeds the tool in an iframe, then the launch offers a new window and the module plays there', async () => {
    const sub = `e2e-frame-${Date.now()}`;
    const hint = `hint-${sub}`;
    platform.launches.set(hint, { sub, givenName: 'Fria', familyName: 'Frame' });
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const page = await context.newPage();
    const login = new URL(`${srv.baseUrl}/lti/login`);
    login.searchParams.set('iss', platform.issuer);
    login.searchParams.set('login_hint', hint);
    login.searchParams.set('target_link_uri', `${srv.baseUrl}/lti/launch`);
    await page.goto(`${platform.url}/course?tool=${encodeURIComponent(login.toString())}`);
    const tool = page.frameLocator('iframe[name=tool]');
    const button = tool.getByRole('link', { name: 'In neuem Fenster öffnen' });
    await button.waitFor();
    await screenshot(page, 'lti-in-iframe');
    const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await popup.waitForURL(`${srv.baseUrl}/play/${packageId}`);
    await scoFrame(popup);
    await context.close();
  }, 90_000);
});
