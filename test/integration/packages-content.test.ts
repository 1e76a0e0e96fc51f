/**
 * The content origin (packages/content-app.ts): GET /c/<capability>/<path> — capabilities, MIME
 * types, ranges, ETags, caching, headers (CSP, frame-ancestors, CORP, SVG sandbox), traversal; the
 * launcher page; no session anywhere; and the app origin no longer serving package files.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { importPackage, getVersion, contentBaseFor, type ImportedPackage } from '../../src/packages';
import { issueContentToken } from '../../src/packages/content-capability';
import { updateUser } from '../../src/auth/users';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLES = SAMPLES_ROOT;
let t: TestApp;
let pkg: ImportedPackage;
let token: string;
let root: string;
let content: ReturnType<typeof request>;

beforeAll(async () => {
  t = await createTestApp();
  pkg = await importPackage(
    t.ctx.services.packages,
    path.join(SAMPLES, 'moodle/RuntimeBasicCalls_SCORM20043rdEdition.zip'),
    { actorId: null },
  );
  const v = await getVersion(pkg.versionId);
  root = path.join(t.dataDir, 'content', v.storageDir, v.contentRoot);
  // A file with a space and an umlaut, a binary "video", and an SVG with a script, to test names, ranges and the sandbox.
  fs.writeFileSync(path.join(root, 'Übung 1.html'), '<p>Übung</p>');
  fs.writeFileSync(path.join(root, 'clip.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)));
  fs.writeFileSync(
    path.join(root, 'bild.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  );
  fs.writeFileSync(path.join(t.dataDir, 'secret.txt'), 'geheim');
  const lotse = await makeUser('lotse');
  token = contentBaseFor(t.ctx.services.packages.content, pkg.versionId, lotse.id).token;
  content = request(t.contentApp);
}, 60_000);
afterAll(() => t.close());

const url = (p: string, tok = token) => `/c/${tok}/${p}`;

describe('when a browser opens package content with a valid capability', () => {
  test('then the launch page comes with HTML type, private caching, nosniff, CORP, and the content CSP framed only by the app', async () => {
    const res = await content.get(url(pkg.scos[0].launchUrl)).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+, immutable$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("'unsafe-eval'");
    expect(csp).toContain(`frame-ancestors 'self' ${t.config.appOrigin}`);
    expect(res.headers['etag']).toBeTruthy();
  });

  test('then no cookie is set and no session row is written', async () => {
    const before = await t.ctx.sequelize.query('SELECT COUNT(*) AS n FROM sessions', { plain: true });
    const res = await content.get(url(pkg.scos[0].launchUrl)).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const after = await t.ctx.sequelize.query('SELECT COUNT(*) AS n FROM sessions', { plain: true });
    expect(Number(after!.n)).toBe(Number(before!.n));
  });

  test.each([
    ['shared/scormfunctions.js', 'text/javascript; charset=utf-8'],
    ['shared/style.css', 'text/css; charset=utf-8'],
    ['imsmanifest.xml', 'application/xml; charset=utf-8'],
    ['clip.mp4', 'video/mp4'],
  ])('then %s is served as %s', async (file, type) => {
    if (!fs.existsSync(path.join(root, file))) throw new Error(`fixture changed: ${file} missing`);
    const res = await content.get(url(file)).expect(200);
    expect(res.headers['content-type']).toBe(type);
  });

  test('then an SVG is served with a CSP sandbox and no script source', async () => {
    const res = await content.get(url('bild.svg')).expect(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['content-security-policy']).toMatch(/^sandbox;/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toContain('script-src');
  });

  test('then a file name with a space and an umlaut is found URL-encoded', async () => {
    const res = await content.get(url('%C3%9Cbung%201.html')).expect(200);
    expect(res.text).toBe('<p>Übung</p>');
  });

  test('then a Range request gets 206 with Content-Range and exactly those bytes', async () => {
    const res = await content
      .get(url('clip.mp4'))
      .set('Range', 'bytes=100-199')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(206);
    expect(res.headers['content-range']).toBe('bytes 100-199/4096');
    expect((res.body as Buffer).length).toBe(100);
    expect((res.body as Buffer)[0]).toBe(100);
  });

  test('then a repeated request with If-None-Match gets 304', async () => {
    const first = await content.get(url('clip.mp4')).expect(200);
    await content.get(url('clip.mp4')).set('If-None-Match', first.headers.etag).expect(304);
  });

  test('then a file that is not there is 404, and a capability for a version that does not exist is 404', async () => {
    expect((await content.get(url('gibt-es-nicht.html')).expect(404)).body.code).toBe('CONTENT_NOT_FOUND');
    const res = await content
      .get(url('index.html', issueContentToken(t.ctx.services.packages.content, 987654, 1)))
      .expect(404);
    expect(res.body.code).toBe('PACKAGE_VERSION_NOT_FOUND');
  });
});

describe('when the capability is missing, forged or expired', () => {
  test.each([
    ['forged signature', () => token.replace(/.{4}$/, 'AAAA')],
    ['another version with this signature', () => token.replace(/^\d+/, String(pkg.versionId + 1))],
    ['another user with this signature', () => token.replace(/^(\d+)\.(\d+)/, (_m, v, u) => `${v}.${Number(u) + 1}`)],
    ['expired', () => issueContentToken(t.ctx.services.packages.content, pkg.versionId, 1, Date.now() - 10 * 3600_000)],
    ['garbage', () => 'abc'],
    ['a bare version id (the old URL form)', () => String(pkg.versionId)],
  ])('then %s gets 403 CONTENT_TOKEN_INVALID and no file', async (_name, make) => {
    const res = await content.get(url(pkg.scos[0].launchUrl, make())).expect(403);
    expect(res.body.code).toBe('CONTENT_TOKEN_INVALID');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('when the account behind a capability is deactivated', () => {
  test('then its open content links stop at once (403), while they worked a moment before', async () => {
    const admin = await makeUser('admin');
    const lotse = await makeUser('lotse');
    const own = contentBaseFor(t.ctx.services.packages.content, pkg.versionId, lotse.id).token;
    await content.get(url(pkg.scos[0].launchUrl, own)).expect(200);
    await updateUser(
      lotse.id,
      { firstName: lotse.firstName, lastName: lotse.lastName, role: lotse.role, region: lotse.region, active: false },
      admin.id,
      t.ctx.services.standings,
    );
    const res = await content.get(url(pkg.scos[0].launchUrl, own)).expect(403);
    expect(res.body.code).toBe('CONTENT_TOKEN_INVALID');
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
    const res = await content.get(`/c/${token}/${p}`);
    expect([400, 404]).toContain(res.status);
    expect(res.text).not.toContain('geheim');
  });
});

describe('when the launcher page is asked for', () => {
  test('then it names the app origin, loads only our scripts, and may be framed by the app alone', async () => {
    const res = await content.get('/launcher').expect(200);
    expect(res.text).toContain(`data-app-origin="${t.config.appOrigin}"`);
    expect(res.text).toContain('/launcher/cross-frame-api.min.js');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(csp).toContain(`frame-ancestors ${t.config.appOrigin}`);
    await content
      .get('/launcher/cross-frame-api.min.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await content
      .get('/launcher/launcher.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
  });

  test('then the content origin has nothing else: app pages, the API and the login are 404 there', async () => {
    for (const p of ['/', '/login', '/api/v1/me/progress', '/admin/users', '/static/js/player/player.js']) {
      const res = await content.get(p).expect(404);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('when the app origin is asked for package files', () => {
  test('then the old /content/<versionId>/ path serves nothing, logged in or not', async () => {
    const lotse = await loginAs(t.app, await makeUser('lotse'));
    const res = await lotse
      .get(`/content/${pkg.versionId}/${pkg.scos[0].launchUrl}`)
      .set('Accept', 'application/json')
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await request(t.app)
      .get(`/content/${pkg.versionId}/shared/style.css`)
      .set('Accept', 'application/json')
      .expect(404);
  });

  test('then our own pages keep the strict CSP without unsafe-eval and may frame only the content origin', async () => {
    const lotse = await loginAs(t.app, await makeUser('lotse'));
    const res = await lotse.get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`frame-src 'self' ${t.config.contentOrigin}`);
  });
});
