/** The built sample zips go through the project's own importer check without a single warning. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAllCourses } from '../../../courses/build';
import { DEFAULT_ZIP_LIMITS, inspectPackage } from '../../../src/packages/inspect';

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-inspect-')); });
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

test.each([['scorm2004Zip'], ['scorm12Zip']] as const)('when the sample %s is inspected, then it is ok with one SCO and no warnings', async (which) => {
  const [built] = await buildAllCourses({ outDir: path.join(tmp, 'dist'), only: ['_sample'] });
  const result = await inspectPackage(built[which], DEFAULT_ZIP_LIMITS, path.join(tmp, 'work'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  expect(result.warnings).toEqual([]);
  expect(result.manifest.scos.filter((s) => s.scormType === 'sco')).toHaveLength(1);
  expect(result.manifest.title).toBe('Beispielmodul');
});
