/**
 * Package import over the API and importPackage, on every real sample package: rows, files on
 * disk, refusals that leave no trace, versions that keep old data, unique module assignment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yazl from 'yazl';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser } from '../helpers/users';
import { createApiToken } from '../../src/auth/users';
import { importPackage, getPackage, listScos, getVersion } from '../../src/packages';
import { Package, PackageSco, PackageVersion } from '../../src/packages/package-models';
import { Attempt } from '../../src/player/tracking-models';
import { AuditEntry } from '../../src/shared/audit';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLES = SAMPLES_ROOT;
const SMALL_ZIP = Buffer.from('PK\u0005\u0006' + '\u0000'.repeat(18), 'latin1');
let t: TestApp;
let bearer: string;
let adminId: number;
let scratch: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await makeUser('admin');
  adminId = admin.id;
  bearer = `Bearer ${await createApiToken(admin.id, 'packages test')}`;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'packages-import-'));
});
afterAll(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
  await t.close();
});

const contentDir = () => path.join(t.dataDir, 'content');
const listDir = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

function upload(file: string, fields: Record<string, string> = {}) {
  const req = request(t.app).post('/api/v1/packages').set('Authorization', bearer);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  return req.attach('package', file);
}

function zipEntries(entries: Array<[string, string | Buffer]>, out: string): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name);
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(out))
      .on('close', () => resolve(out))
      .on('error', reject);
  });
}

function zipFolder(src: string, out: string): Promise<string> {
  const entries: Array<[string, Buffer]> = [];
  const walk = (rel: string): void => {
    for (const d of fs.readdirSync(path.join(src, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r);
      else entries.push([r, fs.readFileSync(path.join(src, r))]);
    }
  };
  walk('');
  return zipEntries(entries, out);
}

const MINI_MANIFEST = `<?xml version="1.0"?>
<manifest identifier="mini" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Mini</title>
    <item identifier="i1" identifierref="r1"><title>Seite</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>`;

describe('when every real sample package is uploaded through the API', () => {
  test.each([
    // [zip, edition, SCOs, launchable items incl. assets]
    ['zips/scorm12.zip', '1.2', 0, 18],
    ['zips/scorm2004.zip', '2004-3rd', 1, 1],
    ['moodle/singlescobasic.zip', '1.2', 1, 1],
    ['moodle/singlesco_scorm12.zip', '1.2', 1, 1],
    ['moodle/RuntimeBasicCalls_SCORM20043rdEdition.zip', '2004-3rd', 1, 1],
    ['moodle/RuntimeMinimumCalls_SCORM12.zip', '1.2', 18, 18],
    ['moodle/RuntimeMinimumCalls_SCORM12-mini.zip', '1.2', 9, 9],
    ['synthetic/complexscorm.zip', '1.2', 7, 8],
    ['moodle/singlescobasic_missingorg.zip', '1.2', 1, 1],
  ])(
    'then %s is stored as SCORM %s with %i SCOs (%i launchable), rows and files',
    async (rel, edition, scos, launchable) => {
      const res = await upload(path.join(SAMPLES, rel)).expect(201);
      expect(res.body).toMatchObject({ version: 1, scormVersion: edition, playUrl: `/play/${res.body.id}` });
      expect(res.body.scos).toHaveLength(launchable);
      expect(res.body.scos.filter((s: { scormType: string }) => s.scormType === 'sco')).toHaveLength(scos);

      const version = await getVersion(res.body.versionId);
      expect(version.sourceName).toBe(path.basename(rel));
      expect(version.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
      expect((await getPackage(res.body.id)).latestVersionId).toBe(version.id);
      const rows = await listScos(version.id);
      expect(rows.map((r) => r.launchPath)).toEqual(res.body.scos.map((s: { launchUrl: string }) => s.launchUrl));
      expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
      // Each launch file is on disk in the version's own folder.
      const root = path.join(contentDir(), version.storageDir, version.contentRoot);
      for (const r of rows)
        expect(fs.existsSync(path.join(root, decodeURIComponent(r.launchPath.replace(/[?#].*$/, ''))))).toBe(true);
      expect(version.fileCount).toBeGreaterThan(0);
      expect(listDir(path.join(t.dataDir, 'tmp'))).toEqual([]);
    },
  );

  test('then each sample folder imports too (zipped in the test), 2004 4th edition and sequencing included', async () => {
    const folders = [
      ['scorm2004/SequencingPostTestRollup4thEd_SCORM20044thEdition', '2004-4th', 5],
      ['scorm2004/SequencingSimpleRemediation_SCORM20043rdEdition', '2004-3rd', 8],
      ['scorm2004/ContentPackagingSingleSCO_SCORM20042ndEdition', '2004-2nd', 1],
      ['scorm12/PrerequisitesTest_SCORM12', '1.2', 4],
    ] as const;
    for (const [rel, edition, scos] of folders) {
      const zip = await zipFolder(path.join(SAMPLES, rel), path.join(scratch, `${path.basename(rel)}.zip`));
      const res = await upload(zip).expect(201);
      expect([res.body.scormVersion, res.body.scos.length]).toEqual([edition, scos]);
    }
    const seq = await getVersion(
      (await upload(path.join(scratch, 'SequencingSimpleRemediation_SCORM20043rdEdition.zip')).expect(201)).body
        .versionId,
    );
    expect(seq.manifest.hasSequencing).toBe(true);
    // 1.2 mastery scores and the 2004 scaled passing score (satisfiedByMeasure) land in their columns.
    const prereq = await importPackage(
      t.ctx.services.packages,
      path.join(SAMPLES, 'scorm12/PrerequisitesTest_SCORM12'),
      { actorId: null },
    );
    expect((await listScos(prereq.versionId)).map((s) => s.masteryScore)).toEqual([80, null, null, 90]);
    const advanced = await importPackage(
      t.ctx.services.packages,
      path.join(SAMPLES, 'scorm2004/RunTimeAdvancedCalls_SCORM20043rdEdition'),
      {
        actorId: null,
      },
    );
    expect((await listScos(advanced.versionId))[0].scaledPassingScore).toBeCloseTo(0.8);
  });

  test('then a folder imports directly with importPackage; the same course key becomes a new version', async () => {
    const folder = path.join(SAMPLES, 'scorm12/RuntimeMinimumCalls_SCORM12');
    const imported = await importPackage(t.ctx.services.packages, folder, {
      actorId: null,
      courseKey: 'golf-test',
      title: 'Golf (Kurs)',
    });
    expect(imported).toMatchObject({ title: 'Golf (Kurs)', version: 1, scormVersion: '1.2' });
    const again = await importPackage(t.ctx.services.packages, folder, { actorId: null, courseKey: 'golf-test' });
    expect([again.id, again.version]).toEqual([imported.id, 2]);
    expect((await getVersion(again.versionId)).sourceSha256).toBeNull();
  });
});

describe('when a package is refused', () => {
  async function expectRefused(file: string, code: string) {
    const contentBefore = listDir(contentDir());
    const [packages, versions, scos] = await Promise.all([Package.count(), PackageVersion.count(), PackageSco.count()]);
    const res = await upload(file).expect(422);
    expect(res.body.code).toBe(code);
    expect(res.body.problems[0]).toMatchObject({ code });
    expect(typeof res.body.problems[0].message).toBe('string');
    expect(await Promise.all([Package.count(), PackageVersion.count(), PackageSco.count()])).toEqual([
      packages,
      versions,
      scos,
    ]);
    expect(listDir(contentDir())).toEqual(contentBefore);
    expect(listDir(path.join(t.dataDir, 'tmp'))).toEqual([]);
  }

  test('then a file that is not a zip is PACKAGE_NOT_ZIP and leaves no trace', async () => {
    const file = path.join(scratch, 'not-a.zip');
    fs.writeFileSync(file, 'Das ist kein ZIP, nur Text.\n'.repeat(50));
    await expectRefused(file, 'PACKAGE_NOT_ZIP');
  });

  test.each([
    ['synthetic/invalid.zip', 'PACKAGE_MANIFEST_MISSING'],
    ['synthetic/validaicc.zip', 'PACKAGE_AICC_UNSUPPORTED'],
    ['synthetic/badscorm.zip', 'PACKAGE_MANIFEST_MALFORMED'],
  ])('then %s is refused with %s and leaves no trace', async (rel, code) => {
    await expectRefused(path.join(SAMPLES, rel), code);
  });

  test('then malformed XML (MalformedXml_SCORM12, zipped) is PACKAGE_MANIFEST_MALFORMED', async () => {
    await expectRefused(
      await zipFolder(path.join(SAMPLES, 'scorm12/MalformedXml_SCORM12'), path.join(scratch, 'malformed.zip')),
      'PACKAGE_MANIFEST_MALFORMED',
    );
  });

  test('then a zip slip entry (../evil.html) is ZIP_PATH_UNSAFE and nothing is written outside', async () => {
    const placeholder = await zipEntries(
      [
        ['imsmanifest.xml', MINI_MANIFEST],
        ['index.html', '<p>hi</p>'],
        ['QQ/evil.html', '<p>evil</p>'],
      ],
      path.join(scratch, 'slip-src.zip'),
    );
    const bytes = fs.readFileSync(placeholder);
    const patched = Buffer.from(bytes.toString('latin1').split('QQ/evil.html').join('../evil.html'), 'latin1');
    const slip = path.join(scratch, 'slip.zip');
    fs.writeFileSync(slip, patched);
    await expectRefused(slip, 'ZIP_PATH_UNSAFE');
    expect(fs.existsSync(path.join(t.dataDir, 'evil.html'))).toBe(false);
  });

  test('then an unknown module key is refused before anything is extracted', async () => {
    const zip = await zipEntries(
      [
        ['imsmanifest.xml', MINI_MANIFEST],
        ['index.html', '<p>hi</p>'],
      ],
      path.join(scratch, 'mini.zip'),
    );
    const res = await upload(zip, { moduleKey: 'astrologie' }).expect(422);
    expect(res.body.code).toBe('PACKAGE_MODULE_UNKNOWN');
    expect(listDir(path.join(t.dataDir, 'tmp'))).toEqual([]);
  });

  test('then an upload without a file is UPLOAD_NO_FILE', async () => {
    const res = await request(t.app)
      .post('/api/v1/packages')
      .set('Authorization', bearer)
      .field('moduleKey', 'technik')
      .expect(422);
    expect(res.body.code).toBe('UPLOAD_NO_FILE');
  });
});

describe('when a new version of a package is uploaded', () => {
  test('then the number goes up, the old version keeps its rows, files and attempts, and the package points at the new one', async () => {
    const first = (await upload(path.join(SAMPLES, 'moodle/singlescobasic.zip')).expect(201)).body;
    const learner = await makeUser('lotse');
    const oldVersion = await getVersion(first.versionId);
    await Attempt.create({
      userId: learner.id,
      packageId: first.id,
      versionId: first.versionId,
      number: 1,
      tokenHash: 'x'.repeat(64),
      startedAt: new Date(),
    });

    const second = (
      await upload(path.join(SAMPLES, 'moodle/singlesco_scorm12.zip'), { packageId: String(first.id) }).expect(201)
    ).body;
    expect([second.id, second.version]).toEqual([first.id, 2]);
    expect((await getPackage(first.id)).latestVersionId).toBe(second.versionId);
    expect(await listScos(first.versionId)).toHaveLength(1);
    expect(fs.existsSync(path.join(contentDir(), oldVersion.storageDir, 'imsmanifest.xml'))).toBe(true);
    expect(await Attempt.count({ where: { versionId: first.versionId } })).toBe(1);
    const audit = await AuditEntry.findAll({ where: { action: 'package.imported', subjectId: String(first.id) } });
    expect(audit.map((a) => JSON.parse(a.afterJson!).version)).toEqual([1, 2]);
    expect(audit[1].actorId).toBe(adminId);
  });

  test('then a version for a package that does not exist is 404 and stores nothing', async () => {
    const before = await PackageVersion.count();
    const res = await upload(path.join(SAMPLES, 'moodle/singlescobasic.zip'), { packageId: '999999' }).expect(404);
    expect(res.body.code).toBe('PACKAGE_NOT_FOUND');
    expect(await PackageVersion.count()).toBe(before);
  });
});

describe('when packages are assigned to modules', () => {
  test('then a module has at most one package: assigning it again moves it', async () => {
    const a = (await upload(path.join(SAMPLES, 'moodle/singlescobasic.zip'), { moduleKey: 'megatrends' }).expect(201))
      .body;
    expect(a.moduleKey).toBe('megatrends');
    const b = (
      await upload(path.join(SAMPLES, 'moodle/singlesco_scorm12.zip'), { moduleKey: 'megatrends' }).expect(201)
    ).body;
    expect((await getPackage(a.id)).moduleKey).toBeNull();
    expect((await getPackage(b.id)).moduleKey).toBe('megatrends');
    expect(await Package.count({ where: { moduleKey: 'megatrends' } })).toBe(1);
  });
});

describe('when the API is used by someone who is not an admin', () => {
  test('then a lotse or tutor with a bearer token gets 403 and nothing is stored', async () => {
    for (const role of ['lotse', 'tutor'] as const) {
      const token = await createApiToken((await makeUser(role)).id, 'x');
      const before = await PackageVersion.count();
      // A small body: the refusal comes before the body is read, and a big one would race the early answer (EPIPE).
      await request(t.app)
        .post('/api/v1/packages')
        .set('Authorization', `Bearer ${token}`)
        .attach('package', SMALL_ZIP, 'p.zip')
        .expect(403);
      await request(t.app).get('/api/v1/packages').set('Authorization', `Bearer ${token}`).expect(403);
      expect(await PackageVersion.count()).toBe(before);
    }
    expect(listDir(path.join(t.dataDir, 'tmp'))).toEqual([]);
  });

  test('then without any login the API answers 401', async () => {
    await request(t.app).get('/api/v1/packages').expect(401);
  });
});

describe('when an admin reads packages through the API', () => {
  test('then the list and one package with versions and SCOs come back as JSON', async () => {
    const created = (await upload(path.join(SAMPLES, 'synthetic/complexscorm.zip')).expect(201)).body;
    const list = await request(t.app).get('/api/v1/packages').set('Authorization', bearer).expect(200);
    const entry = list.body.packages.find((p: { id: number }) => p.id === created.id);
    expect(entry).toMatchObject({ versionCount: 1, scormVersion: '1.2', scoCount: 7, assetCount: 1 });
    const one = await request(t.app).get(`/api/v1/packages/${created.id}`).set('Authorization', bearer).expect(200);
    expect(one.body.latestVersion.scos).toHaveLength(8);
    expect(one.body.latestVersion.scos[0].href).toBe('index.html'); // relative to the content base (docs/security.md)
    expect(one.body.versions[0]).not.toHaveProperty('storageDir');
    await request(t.app).get('/api/v1/packages/987654').set('Authorization', bearer).expect(404);
  });
});
