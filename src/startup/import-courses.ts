import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context';
import { buildAllCourses } from '../../courses/build';
import { importPackage, findPackageByCourseKey, getLatestVersion } from '../packages';

export interface CourseImportResult {
  key: string;
  action: 'imported' | 'new-version' | 'unchanged';
  packageId: number;
  version: number;
}

/**
 * Builds the Q1 courses from courses/ and imports their SCORM 2004 packages, assigned to their
 * modules. The build is deterministic, so the zip's SHA-256 tells whether a course changed since the
 * last import: unchanged → nothing happens (a restart imports nothing twice); changed → a new
 * version of the same package (learners' attempts stay on the version they started).
 */
export async function importBuiltCourses(
  ctx: AppContext,
  opts: { coursesDir?: string } = {},
): Promise<CourseImportResult[]> {
  const outDir = path.join(ctx.config.dataDir, 'courses-build');
  const built = await buildAllCourses({ outDir, coursesDir: opts.coursesDir });
  const results: CourseImportResult[] = [];
  for (const course of built) {
    const sha256 = await sha256File(course.scorm2004Zip);
    const existing = await findPackageByCourseKey(course.key);
    if (existing) {
      const latest = await getLatestVersion(existing.id);
      if (latest?.sourceSha256 === sha256) {
        results.push({ key: course.key, action: 'unchanged', packageId: existing.id, version: latest.number });
        continue;
      }
    }
    const imported = await importPackage(ctx.services.packages, course.scorm2004Zip, {
      actorId: null,
      courseKey: course.key,
      // A course is assigned to its module only on first import; an admin may reassign later.
      moduleKey: existing ? undefined : course.key,
      sourceName: path.basename(course.scorm2004Zip),
      title: course.title,
    });
    results.push({
      key: course.key,
      action: existing ? 'new-version' : 'imported',
      packageId: imported.id,
      version: imported.version,
    });
  }
  await fs.promises.rm(outDir, { recursive: true, force: true });
  ctx.logger.info({ courses: results }, 'Q1 courses checked');
  return results;
}

async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
