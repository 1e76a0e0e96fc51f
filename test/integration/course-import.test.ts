import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { importBuiltCourses } from '../../src/startup/import-courses';
import { listPackages, listVersions, packageForModule } from '../../src/packages';

const COURSES = path.resolve(__dirname, '../../courses');
let t: TestApp;
let coursesCopy: string;
beforeAll(async () => {
  t = await createTestApp();
  // A private copy of the course sources, so the test can change one without touching the repository.
  coursesCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-courses-'));
  fs.cpSync(COURSES, coursesCopy, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
}, 60_000);
afterAll(async () => {
  fs.rmSync(coursesCopy, { recursive: true, force: true });
  await t.close();
});

describe('importing the Q1 courses at start', () => {
  it('when the server starts fresh, then all three modules are imported and assigned; a restart imports nothing; a changed course becomes a new version', async () => {
    const first = await importBuiltCourses(t.ctx, { coursesDir: coursesCopy });
    expect(first.map((r) => [r.key, r.action]).sort()).toEqual([
      ['megatrends', 'imported'],
      ['technik', 'imported'],
      ['tools-methoden', 'imported'],
    ]);
    for (const key of ['tools-methoden', 'technik', 'megatrends']) {
      const pkg = await packageForModule(key);
      expect(pkg?.courseKey).toBe(key);
    }
    const again = await importBuiltCourses(t.ctx, { coursesDir: coursesCopy });
    expect(again.every((r) => r.action === 'unchanged')).toBe(true);
    expect(await listPackages()).toHaveLength(3);

    const chapterDir = path.join(coursesCopy, 'technik', 'chapters');
    const chapter = path.join(chapterDir, fs.readdirSync(chapterDir).sort()[0]);
    fs.appendFileSync(chapter, '\n<p>Ergänzung: ein neuer Absatz für Version 2.</p>\n');
    const third = await importBuiltCourses(t.ctx, { coursesDir: coursesCopy });
    expect(third.find((r) => r.key === 'technik')).toMatchObject({ action: 'new-version', version: 2 });
    expect(
      third
        .filter((r) => r.action === 'unchanged')
        .map((r) => r.key)
        .sort(),
    ).toEqual(['megatrends', 'tools-methoden']);
    const technik = await packageForModule('technik');
    expect(await listVersions(technik!.id)).toHaveLength(2);
  }, 120_000);
});
