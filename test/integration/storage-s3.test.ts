/**
 * Package content and documents in S3-compatible object storage (STORAGE_URL=s3://…), against a real
 * S3 API over HTTP (s3rver on a free port, its files in a temporary folder): the golf packages are
 * imported into the bucket, launched and served by the content origin with Range and ETag; an
 * evidence document goes up and comes back; an import that fails leaves no object behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, TEST_DB, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { SAMPLES } from '../helpers/samples';
import { startTestS3, type TestS3 } from '../helpers/s3-server';
import { openPlayer, launchSco } from './player-helpers';
import { samplePdf } from './q2-fixtures';
import { importPackage, getVersion, packageSettingsFrom, type ImportedPackage } from '../../src/packages';
import { Authorisation } from '../../src/enrolment/enrolment-models';
import { PackageStaging, PackageVersion } from '../../src/packages/package-models';
import { createObjectStore } from '../../src/shared/storage';
import { AppError } from '../../src/shared/errors';

let s3: TestS3;
let t: TestApp;
let golf12: ImportedPackage;
let golf2004: ImportedPackage;
const PREFIX = 'lms/prod';

beforeAll(async () => {
  s3 = await startTestS3();
  t = await createTestApp(s3.env(PREFIX));
  golf12 = await importPackage(t.ctx.services.packages, path.join(SAMPLES, 'zips/scorm12.zip'), {
    actorId: null,
    sourceName: 'golf12.zip',
  });
  golf2004 = await importPackage(t.ctx.services.packages, path.join(SAMPLES, 'zips/scorm2004.zip'), { actorId: null });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

describe('when STORAGE_URL names an S3 bucket', () => {
  it('then the golf packages are stored as objects below the prefix and nothing lands in the data folder', async () => {
    for (const p of [golf12, golf2004]) {
      const v = await getVersion(p.versionId);
      const keys = await s3.keys(`${PREFIX}/content/${v.storageDir}/`);
      expect(keys).toHaveLength(v.fileCount);
      expect(keys).toContain(`${PREFIX}/content/${v.storageDir}/imsmanifest.xml`);
    }
    expect(fs.existsSync(path.join(t.dataDir, 'content'))).toBe(false);
    // The extraction folders in tmp/ are gone, and no import is left claimed.
    expect(fs.readdirSync(path.join(t.dataDir, 'tmp'))).toEqual([]);
    expect(await PackageStaging.count()).toBe(0);
  });

  it('then a Lotse launches golf and the content origin serves its files from the bucket, with Range (206) and ETag (304)', async () => {
    const lotse = await makeUser('lotse');
    const agent = await loginAs(t.app, lotse);
    const data = await openPlayer(agent, golf12.id);
    const page = data as unknown as { contentBase: string; items: { id: number; href: string; type: string }[] };
    // Golf (SCORM 1.2 content packaging) holds assets only: the page opens them straight from the content origin.
    const item = page.items[0];
    const base = new URL(page.contentBase).pathname;
    const content = request(t.contentApp);

    const html = await content.get(`${base}${item.href}`).expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${t.config.appOrigin}`);
    expect(html.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(html.text).toContain('<html');

    const jpg = `${base}Etiquette/course.jpg`;
    const whole = await content.get(jpg).buffer(true).expect(200);
    expect(whole.headers['content-type']).toBe('image/jpeg');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const size = Number(whole.headers['content-length']);
    expect(size).toBe(12105);
    const part = await content.get(jpg).set('Range', 'bytes=100-199').buffer(true).expect(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${size}`);
    expect(Buffer.compare(part.body as Buffer, (whole.body as Buffer).subarray(100, 200))).toBe(0);
    const tail = await content.get(jpg).set('Range', 'bytes=-5').buffer(true).expect(206);
    expect(Buffer.compare(tail.body as Buffer, (whole.body as Buffer).subarray(size - 5))).toBe(0);
    await content.get(jpg).set('Range', `bytes=${size}-`).expect(416);
    expect(whole.headers.etag).toBeTruthy();
    await content.get(jpg).set('If-None-Match', whole.headers.etag).expect(304);
    // The 2004 golf package as well: its manifest is read back from the bucket for sequencing.
    const data2004 = await openPlayer(agent, golf2004.id);
    const sco = data2004.items.find((i) => i.type === 'sco')!;
    expect((await launchSco(agent, data2004, sco.id)).cmi).toBeDefined();
    await content
      .get(`${new URL((data2004 as unknown as { contentBase: string }).contentBase).pathname}${sco.href}`)
      .expect(200);
  });

  it('then an evidence document goes into the bucket and comes back whole, as an attachment', async () => {
    const lotse = await makeUser('lotse');
    const agent = await loginAs(t.app, lotse);
    const pdf = await samplePdf();
    const token = await tokenFor(agent, '/q2/authorisation');
    await agent
      .post(`/q2/authorisation?_csrf=${encodeURIComponent(token)}`)
      .field('number', 'OM-2024-0815')
      .field('issuedOn', '2024-03-01')
      .attach('document', pdf, { filename: 'Nachweis.pdf', contentType: 'application/pdf' })
      .expect(303);
    const row = (await Authorisation.findOne({ where: { userId: lotse.id } }))!;
    expect(await s3.keys(`${PREFIX}/documents/`)).toContain(`${PREFIX}/documents/${row.documentFile}`);
    expect(fs.existsSync(path.join(t.dataDir, 'documents'))).toBe(false);
    const res = await agent.get(`/q2/authorisation/${row.id}/document`).buffer(true).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
  });

  it('when the database refuses the version row after every file was uploaded, then no object of that import is left', async () => {
    const before = await s3.keys(`${PREFIX}/content/`);
    const versions = await PackageVersion.count();
    await refuseVersionInserts(t, true);
    try {
      await expect(
        importPackage(t.ctx.services.packages, path.join(SAMPLES, 'zips/scorm12.zip'), { actorId: null }),
      ).rejects.toThrow();
    } finally {
      await refuseVersionInserts(t, false);
    }
    expect(await s3.keys(`${PREFIX}/content/`)).toEqual(before);
    expect(await PackageVersion.count()).toBe(versions);
    expect(await PackageStaging.count()).toBe(0);
    expect(fs.readdirSync(path.join(t.dataDir, 'tmp'))).toEqual([]);
  });

  it('when the object storage does not answer, then the import fails with STORAGE_UNAVAILABLE and writes no row', async () => {
    const versions = await PackageVersion.count();
    const dead = createObjectStore({ ...t.config, STORAGE_ENDPOINT: 'http://127.0.0.1:9' });
    try {
      const err = await importPackage(packageSettingsFrom(t.config, dead), path.join(SAMPLES, 'zips/scorm12.zip'), {
        actorId: null,
      }).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('STORAGE_UNAVAILABLE');
      expect((err as AppError).message).toContain('nicht erreichbar');
    } finally {
      dead.close();
    }
    expect(await PackageVersion.count()).toBe(versions);
    // Its claim stays (nothing could be removed from a store that is away): the next start cleans it.
    expect(await PackageStaging.count()).toBe(1);
    await PackageStaging.destroy({ where: {} });
  });
});

/** A trigger that makes the database itself refuse new package versions (a real failure, no mock). */
async function refuseVersionInserts(app: TestApp, on: boolean): Promise<void> {
  const q = (sql: string) => app.ctx.sequelize.query(sql);
  if (!on) return void (await q('DROP TRIGGER IF EXISTS refuse_versions'));
  if (TEST_DB === 'mariadb') {
    await q(
      "CREATE TRIGGER refuse_versions BEFORE INSERT ON package_versions FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'",
    );
  } else {
    await q(
      "CREATE TRIGGER refuse_versions BEFORE INSERT ON package_versions BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
    );
  }
}
