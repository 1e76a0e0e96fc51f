/**
 * Builds the sample module (and every real module whose folder exists) into SCORM zips and
 * checks what an LMS reads from them: manifest, pass mark, launch file, media, determinism.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAllCourses, loadCourseSource } from '../../../courses/build';
import { COURSES_DIR, REAL_MODULES, readZip, sha256 } from './course-test-helpers';

let outDir: string;
beforeEach(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'courses-build-'));
});
afterEach(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('building the sample module', () => {
  test('when _sample is built, then the 2004 zip has a 4th-edition manifest with a 0.8 measure and every file it lists', async () => {
    const [built] = await buildAllCourses({ outDir, only: ['_sample'] });
    expect(built).toMatchObject({ key: 'sample', title: 'Beispielmodul', version: '0.1.0' });
    expect(built.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    const zip = await readZip(built.scorm2004Zip);
    const manifest = zip.get('imsmanifest.xml')!.toString('utf8');
    expect(manifest).toContain('<schemaversion>2004 4th Edition</schemaversion>');
    expect(manifest).toContain('xmlns:imsss="http://www.imsglobal.org/xsd/imsss"');
    expect(manifest).toContain('xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"');
    expect(manifest).toMatch(
      /<imsss:primaryObjective [^>]*satisfiedByMeasure="true">\s*<imsss:minNormalizedMeasure>0\.8<\/imsss:minNormalizedMeasure>/,
    );
    expect(manifest).toContain('adlcp:scormType="sco" href="index.html"');
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(listed).toEqual(
      expect.arrayContaining([
        'index.html',
        'course.js',
        'course.css',
        'course-data.js',
        'media/ablauf-experimentierraum.svg',
      ]),
    );
    for (const file of listed) expect(zip.has(file)).toBe(true);
    expect(zip.get('index.html')!.toString('utf8')).toContain('data-scorm-version="2004"');
  });

  test('when _sample is built, then the 1.2 zip has a 1.2 manifest with masteryscore 80 and the launch file', async () => {
    const [built] = await buildAllCourses({ outDir, only: ['_sample'] });
    const zip = await readZip(built.scorm12Zip);
    const manifest = zip.get('imsmanifest.xml')!.toString('utf8');
    expect(manifest).toContain('<schemaversion>1.2</schemaversion>');
    expect(manifest).toContain('<adlcp:masteryscore>80</adlcp:masteryscore>');
    expect(manifest).toContain('adlcp:scormtype="sco" href="index.html"');
    expect(zip.get('index.html')!.toString('utf8')).toContain('data-scorm-version="1.2"');
    expect(zip.has('media/ablauf-experimentierraum.svg')).toBe(true);
  });

  test('when the same sources are built twice, then both zips are byte-identical and the source hash is the same', async () => {
    const first = (await buildAllCourses({ outDir: path.join(outDir, 'a'), only: ['_sample'] }))[0];
    const second = (await buildAllCourses({ outDir: path.join(outDir, 'b'), only: ['_sample'] }))[0];
    expect(sha256(second.scorm2004Zip)).toBe(sha256(first.scorm2004Zip));
    expect(sha256(second.scorm12Zip)).toBe(sha256(first.scorm12Zip));
    expect(second.sourceHash).toBe(first.sourceHash);
  });

  test('when a chapter refers to a figure, then the course data carries the chapter and the zip carries the figure', async () => {
    const [built] = await buildAllCourses({ outDir, only: ['_sample'] });
    const data = (await readZip(built.scorm2004Zip)).get('course-data.js')!.toString('utf8');
    expect(data).toContain('src=\\"media/ablauf-experimentierraum.svg\\"');
    expect(data).toContain('"id": "moderation"');
  });

  test('when no folder is named, then folders starting with "_" are skipped', async () => {
    const built = await buildAllCourses({ outDir });
    expect(built.map((b) => b.key)).not.toContain('sample');
  });
});

describe('building the real modules', () => {
  // a module counts as there once its module.json is: authors may write chapters first
  const present = REAL_MODULES.filter((key) => fs.existsSync(path.join(COURSES_DIR, key, 'module.json')));
  const missing = REAL_MODULES.filter((key) => !present.includes(key));

  for (const key of present)
    test(`when courses/${key}/module.json exists, then it validates and builds with every media file`, async () => {
      const source = loadCourseSource(path.join(COURSES_DIR, key));
      expect(source.module.quiz.questions.length).toBeGreaterThanOrEqual(10);
      const [built] = await buildAllCourses({ outDir, only: [key] });
      for (const zipFile of [built.scorm2004Zip, built.scorm12Zip]) {
        const zip = await readZip(zipFile);
        for (const media of source.media) expect(zip.has(media)).toBe(true);
        expect(zip.has('imsmanifest.xml')).toBe(true);
      }
    });

  if (missing.length > 0) test.skip(`modules not written yet: ${missing.join(', ')}`, () => undefined);
});

describe('the PDF templates (issue 17)', () => {
  test('when a module declares templates, then both zips carry them as PDF and the same sources give the same bytes', async () => {
    const [a] = await buildAllCourses({ outDir, only: ['technik'] });
    const first = await readZip(a.scorm2004Zip);
    const pdf = first.get('files/experiment-canvas.pdf');
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await readZip(a.scorm12Zip)).get('files/experiment-canvas.pdf')?.equals(pdf!)).toBe(true);
    const before = sha256(a.scorm2004Zip);
    const [b] = await buildAllCourses({ outDir, only: ['technik'] });
    expect(sha256(b.scorm2004Zip)).toBe(before);
  }, 60_000);
});
