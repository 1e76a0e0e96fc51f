/**
 * A person from a firm (role `teilnehmer`) walks every page route the app registers (read from the
 * Express 5 router stack, as test/unit/openapi.test.ts does): every Q1, Q2, reports, staff and admin
 * route answers 403, 404 or a redirect — never 200, never 500 — and the navigation shows only theirs.
 */
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { importSample } from './player-helpers';

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function routes(stack: Layer[], prefix = ''): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const join = (p: unknown) => (typeof p === 'string' && p !== '/' ? p : '');
  for (const layer of stack) {
    if (layer.route) {
      for (const m of Object.keys(layer.route.methods).filter((k) => k !== '_all'))
        out.push({ method: m, path: prefix + join(layer.route.path) });
    } else if (Array.isArray(layer.handle?.stack)) {
      out.push(...routes(layer.handle.stack, prefix + join(layer.rawPath)));
    }
  }
  return out;
}

/** What is not theirs: Q1 (learning, Q1 packages in the player), Q2, reports, staff and admin pages and APIs. */
const FORBIDDEN = /^\/(learning|q2|reports|staff|admin|certificates$|api\/v1\/(q2|reports|packages|attempts))(\/|$)/;

jest.setTimeout(120_000);

let t: TestApp;
let q1Package: number;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await makeUser('admin');
  q1Package = (await importSample(t, 'scorm12/RuntimeMinimumCalls_SCORM12', admin.id, { moduleKey: 'technik' })).id;
});
afterAll(async () => t?.close());

describe('a person from a firm', () => {
  it('when they open every Q1, Q2, reports, staff and admin route, then none answers 200 or 500', async () => {
    const firm = await makeUser('teilnehmer', { region: 'saarland' });
    const agent = await loginAs(t.app, firm);
    const all = routes((t.app as unknown as { router: { stack: Layer[] } }).router.stack);
    const mine = all
      .filter((r) => r.method === 'get')
      .map((r) =>
        r.path.replace(/:packageId|:userId|:id|:[a-zA-Z]+/g, (m) => (m === ':packageId' ? String(q1Package) : '1')),
      )
      .filter((p) => FORBIDDEN.test(p));
    const urls = [...new Set([...mine, `/play/${q1Package}`, '/certificates'])];
    expect(urls.length).toBeGreaterThan(30);
    const answers: string[] = [];
    for (const url of urls) {
      const res = await agent.get(url);
      answers.push(`${res.status} ${url}`);
      expect([303, 302, 401, 403, 404, 410]).toContain(res.status);
    }
    expect(answers.filter((a) => a.startsWith('200') || a.startsWith('500'))).toEqual([]);
  });

  it('when they post to Q1, Q2 or admin forms, then nothing is accepted', async () => {
    const firm = await makeUser('teilnehmer', { region: 'saarland' });
    const agent = await loginAs(t.app, firm);
    const page = await agent.get('/angebote').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    for (const url of [
      '/q2/enrol',
      '/admin/offerings',
      '/staff/teilnehmer/invite',
      '/certificates/participation',
      `/play/${q1Package}/attempts`,
    ]) {
      const res = await agent.post(url).type('form').send({ _csrf: csrf });
      expect([403, 404]).toContain(res.status);
    }
  });

  it('when they look at the navigation, then it shows only their pages and their firms space', async () => {
    const firm = await makeUser('teilnehmer', { region: 'saarland' });
    const agent = await loginAs(t.app, firm);
    const home = (await agent.get('/').expect(200)).text;
    const nav = /<nav id="site-nav"[\s\S]*?<\/nav>/.exec(home)![0];
    const links = [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['/', '/austausch', '/angebote']);
    expect(home).toContain('Teilnehmer/in (Unternehmen)');
    const spaces = await agent.get('/api/v1/spaces').expect(200);
    expect(spaces.body.map((s: { key: string }) => s.key)).toEqual(['firms:saarland']);
    await agent.get('/austausch/firms:rhein-ruhr').expect(403);
    await agent.get('/austausch/module:tools-methoden').expect(403);
  });
});
