/**
 * Hostile packages over the real upload API (issue 13, low findings): a manifest with an external
 * entity (XXE) or entity expansion, items nested 5,000 deep, 30,000 items, and a zip bomb made of
 * many 1 MiB entries. Each is built here, answered 422 with its own code, and leaves no trace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yazl from 'yazl';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser } from '../helpers/users';
import { createApiToken } from '../../src/auth/users';
import { Package, PackageSco, PackageVersion } from '../../src/packages/package-models';

let t: TestApp;
let bearer: string;
let scratch: string;

beforeAll(async () => {
  // A small configured cap, so that the setting itself is proven (the default is tested below).
  t = await createTestApp({ MANIFEST_MAX_ITEMS: '50' });
  bearer = `Bearer ${await createApiToken((await makeUser('admin')).id, 'hostile packages test')}`;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'packages-hostile-'));
});
afterAll(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
  await t.close();
});

const listDir = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

function manifest(organization: string, head = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${head}
<manifest identifier="evil" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Böse</title>${organization}</organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>`;
}

let n = 0;
async function zipOf(entries: Array<[string, string | Buffer]>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name);
  zip.end();
  const out = path.join(scratch, `p${++n}.zip`);
  await new Promise<void>((resolve, reject) =>
    zip.outputStream
      .pipe(fs.createWriteStream(out))
      .on('close', () => resolve())
      .on('error', reject),
  );
  return out;
}
const packageWith = (xml: string) =>
  zipOf([
    ['imsmanifest.xml', xml],
    ['index.html', '<!doctype html><title>x</title>'],
  ]);
const items = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `<item identifier="i${i}" identifierref="r"><title>S${i}</title></item>`,
  ).join('');

async function expectRefused(file: string, code: string): Promise<void> {
  const before = await Promise.all([Package.count(), PackageVersion.count(), PackageSco.count()]);
  const contentBefore = listDir(path.join(t.dataDir, 'content'));
  const res = await request(t.app)
    .post('/api/v1/packages')
    .set('Authorization', bearer)
    .attach('package', file)
    .expect(422);
  expect(res.body.code).toBe(code);
  expect(res.body.problems[0]).toMatchObject({ code });
  expect(await Promise.all([Package.count(), PackageVersion.count(), PackageSco.count()])).toEqual(before);
  expect(listDir(path.join(t.dataDir, 'content'))).toEqual(contentBefore);
  expect(listDir(path.join(t.dataDir, 'tmp'))).toEqual([]);
}

describe('when an upload carries a hostile manifest', () => {
  test('when the manifest declares an external entity (XXE), then 422 PACKAGE_MANIFEST_ENTITY', async () => {
    const xml = manifest(
      `<item identifier="i" identifierref="r"><title>&xxe;</title></item>`,
      '<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    );
    await expectRefused(await packageWith(xml), 'PACKAGE_MANIFEST_ENTITY');
  });

  test('when the manifest expands entities (billion laughs), then 422 PACKAGE_MANIFEST_ENTITY', async () => {
    const dtd =
      '<!DOCTYPE manifest [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
    await expectRefused(
      await packageWith(manifest(`<item identifier="i" identifierref="r"><title>&c;</title></item>`, dtd)),
      'PACKAGE_MANIFEST_ENTITY',
    );
  });

  test('when items are nested 5,000 deep, then 422 PACKAGE_MANIFEST_TOO_DEEP', async () => {
    const nested =
      Array.from({ length: 5000 }, (_, i) => `<item identifier="n${i}"><title>T</title>`).join('') +
      '</item>'.repeat(5000);
    await expectRefused(await packageWith(manifest(nested)), 'PACKAGE_MANIFEST_TOO_DEEP');
  });

  test('when the manifest has more items than MANIFEST_MAX_ITEMS, then 422 PACKAGE_MANIFEST_TOO_MANY_ITEMS; at the cap it is accepted', async () => {
    await expectRefused(await packageWith(manifest(items(51))), 'PACKAGE_MANIFEST_TOO_MANY_ITEMS');
    const res = await request(t.app)
      .post('/api/v1/packages')
      .set('Authorization', bearer)
      .attach('package', await packageWith(manifest(items(50))))
      .expect(201);
    expect(res.body.scos).toHaveLength(50);
  });

  test('when the zip is 60 entries of exactly 1 MiB of zeros, then 422 ZIP_RATIO_TOO_HIGH', async () => {
    const zeros = Buffer.alloc(1024 * 1024);
    const bomb = await zipOf([
      ['imsmanifest.xml', manifest(items(1))],
      ['index.html', 'x'],
      ...Array.from({ length: 60 }, (_, i): [string, Buffer] => [`z/${i}.bin`, zeros]),
    ]);
    expect(fs.statSync(bomb).size).toBeLessThan(100 * 1024);
    await expectRefused(bomb, 'ZIP_RATIO_TOO_HIGH');
  });
});

describe('when MANIFEST_MAX_ITEMS is not set', () => {
  test('then 2,001 items are refused by the default cap of 2,000 (30,000 were accepted before), and 2,000 pass', async () => {
    const other = await createTestApp();
    try {
      const token = `Bearer ${await createApiToken((await makeUser('admin')).id, 'default cap')}`;
      const res = await request(other.app)
        .post('/api/v1/packages')
        .set('Authorization', token)
        .attach('package', await packageWith(manifest(items(2001))))
        .expect(422);
      expect(res.body.code).toBe('PACKAGE_MANIFEST_TOO_MANY_ITEMS');
      await request(other.app)
        .post('/api/v1/packages')
        .set('Authorization', token)
        .attach('package', await packageWith(manifest(items(2000))))
        .expect(201);
    } finally {
      await other.close();
    }
  });
});
