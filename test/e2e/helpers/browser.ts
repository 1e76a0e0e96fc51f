import type { AddressInfo } from 'node:net';
import http, { type Server } from 'node:http';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../../helpers/test-app';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningServer extends TestApp {
  baseUrl: string;
  /** The content origin (package files, launcher): another port, so another origin. */
  contentUrl: string;
  server: Server;
  contentServer: Server;
  stop(): Promise<void>;
}

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/**
 * The real app and its content origin, each on a free loopback port, on the database chosen by
 * TEST_DB. Both ports are taken first, so each app knows the other's origin when it is built.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const [server, contentServer] = await Promise.all([listenOnFreePort(), listenOnFreePort()]);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const contentUrl = `http://127.0.0.1:${(contentServer.address() as AddressInfo).port}`;
  const t = await createTestApp({ BASE_URL: baseUrl, CONTENT_BASE_URL: contentUrl, ...env });
  server.on('request', t.app);
  contentServer.on('request', t.contentApp);
  return {
    ...t,
    baseUrl,
    contentUrl,
    server,
    contentServer,
    async stop() {
      for (const s of [server, contentServer]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
      await t.close();
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

export async function login(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel(/^Passwort( \*)?$/).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Screenshots for people to look at; written only when SCREENSHOT_DIR is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/**
 * The SCO's own frame. #player-frame holds our launcher page on the content origin (its window has
 * the API); the SCO runs in the launcher's #sco-frame. Waits until the SCO has been put there.
 */
export async function scoFrame(page: Page | Frame): Promise<Frame> {
  const launcher = (await (await page.waitForSelector('#player-frame')).contentFrame())!;
  const handle = await launcher.waitForSelector('#sco-frame[src^="/c/"]', { state: 'attached' });
  const frame = (await handle.contentFrame())!;
  await frame.waitForLoadState();
  return frame;
}
