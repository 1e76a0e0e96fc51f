/** GET /content/<versionId>/<path>: access, MIME types, ranges, ETags, caching, CSP and traversal. */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { importPackage, getVersion, type ImportedPackage } from '../../src/packages';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLES = SAMPLES_ROOT;
let t: TestApp;
let pkg: ImportedPackage;
let lotse: Awaited<ReturnType<typeof loginAs>>;
let root: string;

beforeAll(async () => {
  t = await createTestApp();
  pkg = await importPackage(path.join(SAMPLES, 'moodle/RuntimeBasicCalls_SCORM20043rdEdition.zip'), { actorId: null });
  const v = await getVersion(pkg.versionId);
  root = path.join(t.dataDir, 'content', v.storageDir, v.contentRoot);
  // A file with a space and an umlaut, and a binary "video", to test names and ranges.
  fs.writeFileSync(path.join(root, 'Übung 1.html'), '<p>Übung</p>');
  fs.writeFileSync(path.join(root, 'clip.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)));
  fs.writeFileSync(path.join(t.dataDir, 'secret.txt'), 'geheim');
  lotse = await loginAs(t.app, await makeUser('lotse'));
});
afterAll(() => t.close());

const url = (p: string) => `/content/${pkg.versionId}/${p}`;

describe('when a logged-in lotse opens package content', () => {
  test('then the launch page comes with HTML type, a year of private caching, nosniff and the content CSP', async () => {
    const res = await lotse.get(url(pkg.scos[0].launchUrl)).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("'unsafe-eval'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['etag']).toBeTruthy();
  });

  test.each([
    ['shared/scormfunctions.js', 'text/javascript; charset=utf-8'],
    ['shared/style.css', 'text/css; charset=utf-8'],
    ['imsmanifest.xml', 'application/xml; charset=utf-8'],
    ['clip.mp4', 'video/mp4'],
  ])('then %s is served as %s', async (file, type) => {
    if (!fs.existsSync(path.join(root, file))) throw new Error(`fixture changed: ${file} missing`);
    const res = await lotse.get(url(file)).expect(200);
    expect(res.headers['content-type']).toBe(type);
  });

  test('then a file name with a space and an umlaut is found URL-encoded', async () => {
    const res = await lotse.get(url('%C3%9Cbung%201.html')).expect(200);
    expect(res.text).toBe('<p>Übung</p>');
  });

  test('then a Range request gets 206 with Content-Range and exactly those bytes', async () => {
    const res = await lotse.get(url('clip.mp4')).set('Range', 'bytes=100-199').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(206);
    expect(res.headers['content-range']).toBe('bytes 100-199/4096');
    expect((res.body as Buffer).length).toBe(100);
    expect((res.body as Buffer)[0]).toBe(100);
  });

  test('then a repeated request with If-None-Match gets 304', async () => {
    const first = await lotse.get(url('clip.mp4')).expect(200);
    await lotse.get(url('clip.mp4')).set('If-None-Match', first.headers.etag).expect(304);
  });

  test('then a file that is not there is 404, and an unknown version is 404', async () => {
    await lotse.get(url('gibt-es-nicht.html')).expect(404);
    await lotse.get('/content/987654/index.html').expect(404);
    await lotse.get('/content/abc/index.html').expect(404);
  });
});

describe('when someone tries to leave the version folder', () => {
  test.each([
    // secret.txt sits in DATA_DIR, two levels above the version folder (DATA_DIR/content/<uuid>).
    '../../secret.txt',
    '%2e%2e/%2e%2e/secret.txt',
    '%2E%2E/%2E%2E/secret.txt',
    '..%2f..%2fsecret.txt',
    'shared%2f..%2f..%2f..%2fsecret.txt',
    '..%5c..%5csecret.txt',
    'shared\\..\\..\\..\\secret.txt',
    'index.html%00.png',
    './shared/style.css',
    'shared//style.css',
    '%E0%A4%A',
  ])('then %s is refused and never reads outside', async (p) => {
    const res = await lotse.get(`/content/${pkg.versionId}/${p}`);
    expect([400, 404]).toContain(res.status);
    expect(res.text).not.toContain('geheim');
  });
});

describe('when nobody is logged in', () => {
  test('then content is refused (redirect to the login, or 401 for scripts)', async () => {
    const page = await request(t.app).get(url(pkg.scos[0].launchUrl)).expect(303);
    expect(page.headers.location).toMatch(/^\/login/);
    await request(t.app).get(url('clip.mp4')).set('Accept', 'application/json').expect(401);
  });
});

describe('when our own pages are served', () => {
  test('then they keep the strict CSP without unsafe-eval', async () => {
    const res = await lotse.get('/').expect(200);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
  });
});
