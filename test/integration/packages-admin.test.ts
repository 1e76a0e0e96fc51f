/** The admin package pages: who may see them, the upload form (with and without JavaScript), limits, settings. */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor, submitForm } from '../helpers/users';
import { getPackage } from '../../src/packages';
import { PackageVersion } from '../../src/packages/package-models';
import { AuditEntry } from '../../src/shared/audit';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLES = SAMPLES_ROOT;
const COMPLEX = path.join(SAMPLES, 'synthetic/complexscorm.zip');
const SMALL_ZIP = Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18), 'latin1');
let t: TestApp;
let admin: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t.app, await makeUser('admin'));
});
afterAll(() => t.close());

const tmpEntries = (dataDir: string) =>
  fs.existsSync(path.join(dataDir, 'tmp')) ? fs.readdirSync(path.join(dataDir, 'tmp')) : [];

/** The no-JavaScript path: the form's action URL carries the CSRF token. */
async function formAction(agent: typeof admin, page = '/admin/packages/upload'): Promise<string> {
  const html = (await agent.get(page).expect(200)).text;
  const m = /<form id="upload-form" method="post" action="([^"]+)"/.exec(html);
  if (!m) throw new Error('no upload form');
  return m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
}

describe('when a lotse or tutor tries the package pages', () => {
  test('then every page and the upload answer 403 and nothing is stored', async () => {
    const pkgId = (
      await admin
        .post(await formAction(admin))
        .attach('package', COMPLEX)
        .expect(303)
    ).headers.location
      .split('/')
      .pop();
    for (const role of ['lotse', 'tutor'] as const) {
      const agent = await loginAs(t.app, await makeUser(role));
      for (const url of ['/admin/packages', '/admin/packages/upload', `/admin/packages/${pkgId}`]) {
        const res = await agent.get(url).expect(403);
        expect(res.text).toContain('Kein Zugriff');
      }
      const before = await PackageVersion.count();
      const token = await tokenFor(agent, '/');
      // A small body: the refusal comes before the body is read, and a big one would race the early answer (EPIPE).
      await agent
        .post('/admin/packages/upload')
        .set('x-csrf-token', token)
        .attach('package', SMALL_ZIP, 'p.zip')
        .expect(403);
      await agent
        .post(`/admin/packages/${pkgId}/module`)
        .type('form')
        .send({ _csrf: token, moduleKey: 'technik' })
        .expect(403);
      expect(await PackageVersion.count()).toBe(before);
      expect((await getPackage(Number(pkgId))).moduleKey).toBeNull();
    }
    expect(tmpEntries(t.dataDir)).toEqual([]);
  });

  test('then without a login the pages redirect to the login', async () => {
    const res = await request(t.app).get('/admin/packages').expect(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('when an admin uploads through the page', () => {
  test('then the plain form redirects to the package page, which shows version, tree, SCOs and settings', async () => {
    const res = await admin
      .post(await formAction(admin))
      .field('moduleKey', 'technik')
      .attach('package', COMPLEX)
      .expect(303);
    expect(res.headers.location).toMatch(/^\/admin\/packages\/\d+$/);
    const page = (await admin.get(res.headers.location).expect(200)).text;
    expect(page).toContain('wurde als Version 1 gespeichert');
    expect(page).toContain('SCORM 1.2');
    expect(page).toContain('The organization');
    expect(page).toContain('Sub-Sub-SCO');
    expect(page).toContain('item-kind--asset');
    // Nested items render as nested lists.
    expect(page.match(/<ul class="item-tree">/g)!.length).toBeGreaterThan(2);
    expect(page).toContain('MANIFEST_DEFAULT_ORG_MISMATCH');
    expect(page).toContain('href="/play/');
    expect(page).toMatch(/<option value="technik" selected>/);
    const list = (await admin.get('/admin/packages').expect(200)).text;
    expect(list).toContain('Technik');
  });

  test('then the script path (CSRF header, JSON) answers 201 with the package and where to go', async () => {
    const token = await tokenFor(admin, '/admin/packages/upload');
    const res = await admin
      .post('/admin/packages/upload')
      .set('x-csrf-token', token)
      .set('Accept', 'application/json')
      .attach('package', COMPLEX)
      .expect(201);
    expect(res.body).toMatchObject({ version: 1, scormVersion: '1.2', location: `/admin/packages/${res.body.id}` });
  });

  test('then a new version from the package page keeps the package id and counts up', async () => {
    const first = (
      await admin
        .post(await formAction(admin))
        .attach('package', COMPLEX)
        .expect(303)
    ).headers.location;
    const id = Number(first.split('/').pop());
    const action = await formAction(admin, `/admin/packages/upload?packageId=${id}`);
    await admin
      .post(action)
      .field('packageId', String(id))
      .attach('package', path.join(SAMPLES, 'moodle/singlescobasic.zip'))
      .expect(303);
    const page = (await admin.get(first).expect(200)).text;
    expect(page).toContain('singlescobasic.zip');
    expect(await PackageVersion.count({ where: { packageId: id } })).toBe(2);
  });

  test('then a refused package shows its problems on the upload page with 422', async () => {
    const res = await admin
      .post(await formAction(admin))
      .attach('package', path.join(SAMPLES, 'synthetic/validaicc.zip'))
      .expect(422);
    expect(res.text).toContain('Das Paket wurde nicht übernommen');
    expect(res.text).toContain('PACKAGE_AICC_UNSUPPORTED');
    expect(res.text).toContain('AICC');
    expect(tmpEntries(t.dataDir)).toEqual([]);
  });

  test('then a multipart upload without a CSRF token is refused before it is read', async () => {
    const before = await PackageVersion.count();
    await admin.post('/admin/packages/upload').attach('package', SMALL_ZIP, 'p.zip').expect(403);
    expect(await PackageVersion.count()).toBe(before);
    expect(tmpEntries(t.dataDir)).toEqual([]);
  });
});

describe('when an admin changes the settings of a package', () => {
  test('then module assignment and the new-window switch are saved and audited', async () => {
    const id = Number(
      (
        await admin
          .post(await formAction(admin))
          .attach('package', COMPLEX)
          .expect(303)
      ).headers.location
        .split('/')
        .pop(),
    );
    await submitForm(admin, `/admin/packages/${id}`, `/admin/packages/${id}/module`, { moduleKey: 'megatrends' }, 303);
    expect((await getPackage(id)).moduleKey).toBe('megatrends');
    await submitForm(admin, `/admin/packages/${id}`, `/admin/packages/${id}/window`, { openInNewWindow: 'on' }, 303);
    expect((await getPackage(id)).openInNewWindow).toBe(true);
    await submitForm(admin, `/admin/packages/${id}`, `/admin/packages/${id}/module`, { moduleKey: '' }, 303);
    expect((await getPackage(id)).moduleKey).toBeNull();
    const actions = (
      await AuditEntry.findAll({ where: { subjectType: 'package', subjectId: String(id) }, order: [['id', 'ASC']] })
    ).map((a) => a.action);
    expect(actions).toEqual([
      'package.imported',
      'package.module_assigned',
      'package.window_changed',
      'package.module_assigned',
    ]);
    await submitForm(admin, `/admin/packages/${id}`, `/admin/packages/${id}/module`, { moduleKey: 'astrologie' }, 422);
  });
});

describe('when an upload is larger than UPLOAD_MAX_BYTES', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ UPLOAD_MAX_BYTES: '4096' });
  });
  afterAll(() => small.close());

  test('then the API answers 413 UPLOAD_TOO_LARGE and leaves no file behind', async () => {
    const agent = await loginAs(small.app, await makeUser('admin'));
    const token = await tokenFor(agent, '/admin/packages/upload');
    const res = await agent.post('/api/v1/packages').set('x-csrf-token', token).attach('package', COMPLEX).expect(413);
    expect(res.body.code).toBe('UPLOAD_TOO_LARGE');
    expect(res.body.message).toContain('4 KiB');
    expect(tmpEntries(small.dataDir)).toEqual([]);
    expect(
      fs.existsSync(path.join(small.dataDir, 'content')) ? fs.readdirSync(path.join(small.dataDir, 'content')) : [],
    ).toEqual([]);
    const page = await agent
      .post(await formAction(agent))
      .attach('package', COMPLEX)
      .expect(413);
    expect(page.text).toContain('Die Datei ist zu groß');
    expect(tmpEntries(small.dataDir)).toEqual([]);
  });
});
