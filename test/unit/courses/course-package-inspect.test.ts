/** The built sample zips go through the project's own importer check without a single warning. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAllCourses } from '../../../courses/build';
import { DEFAULT_ZIP_LIMITS, inspectPackage } from '../../../src/packages/inspect';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-inspect-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test.each([['scorm2004Zip'], ['scorm12Zip']] as const)(
  'when the sample %s is inspected, then it is ok with one SCO and no warnings',
  async (which) => {
    const [built] = await buildAllCourses({ outDir: path.join(tmp, 'dist'), only: ['_sample'] });
    const result = await inspectPackage(built[which], DEFAULT_ZIP_LIMITS, path.join(tmp, 'work'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings).toEqual([]);
    expect(result.manifest.scos.filter((s) => s.scormType === 'sco')).toHaveLength(1);
    expect(result.manifest.title).toBe('Beispielmodul');
  },
);

describe('the three Q1 modules', () => {
  const MODULES = [
    ['tools-methoden', '2004-4th'],
    ['technik', '2004-4th'],
    ['megatrends', '2004-4th'],
  ] as const;
  test.each(MODULES)(
    'when %s is built, then both zips pass the importer with no warnings and the mastery rule is 80 %%',
    async (key) => {
      const [built] = await buildAllCourses({ outDir: path.join(tmp, `dist-${key}`), only: [key] });
      const r2004 = await inspectPackage(built.scorm2004Zip, DEFAULT_ZIP_LIMITS, path.join(tmp, `work-${key}-2004`));
      if (!r2004.ok) throw new Error(JSON.stringify(r2004.errors));
      expect(r2004.warnings).toEqual([]);
      expect(r2004.manifest.scormVersion).toBe('2004-4th');
      expect(r2004.manifest.scos.filter((s) => s.scormType === 'sco').map((s) => s.scaledPassingScore)).toEqual([0.8]);
      const r12 = await inspectPackage(built.scorm12Zip, DEFAULT_ZIP_LIMITS, path.join(tmp, `work-${key}-12`));
      if (!r12.ok) throw new Error(JSON.stringify(r12.errors));
      expect(r12.warnings).toEqual([]);
      expect(r12.manifest.scormVersion).toBe('1.2');
      expect(r12.manifest.scos.map((s) => s.masteryScore)).toEqual([80]);
    },
    60_000,
  );
});
