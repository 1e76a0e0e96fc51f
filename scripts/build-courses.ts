/**
 * `npm run build:courses [-- <folder>...] [--out <dir>]`
 * Builds the SCORM zips of the Q1 modules into courses/dist/. Name a folder (e.g. `_sample`)
 * to build only that one; folders starting with `_` are built only when named.
 */
import path from 'node:path';
import { buildAllCourses } from '../courses/build';

async function main(argv: string[]): Promise<void> {
  const only: string[] = [];
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') outDir = path.resolve(argv[++i] ?? '');
    else only.push(argv[i].replace(/\/+$/, '').replace(/^courses\//, ''));
  }
  const built = await buildAllCourses({ outDir, only: only.length > 0 ? only : undefined });
  if (built.length === 0) console.log('Keine Kurse gefunden (courses/<key>/module.json).');
  for (const course of built) {
    console.log(
      `${course.key} ${course.version}  ${path.relative(process.cwd(), course.scorm2004Zip)}  ` +
        `${path.relative(process.cwd(), course.scorm12Zip)}  sha256:${course.sourceHash.slice(0, 12)}`,
    );
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`Kurs-Build fehlgeschlagen: ${err.message}`);
  process.exitCode = 1;
});
