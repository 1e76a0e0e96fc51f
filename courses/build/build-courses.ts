import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CourseSource, QuizRules, REAL_MODULE_RULES, SAMPLE_MODULE_RULES } from './course-schema';
import { CourseSourceError } from './course-source-error';
import { deterministicZip } from './deterministic-zip';
import { loadCourseSource } from './load-course-source';
import { ManifestInput, scorm12Manifest, scorm2004Manifest } from './manifests';
import { templatePdf, templateTitle } from './templates';
import { PROJECT_ROOT } from '../../src/shared/project-root';

export interface BuiltCourse {
  key: string;
  title: string;
  version: string;
  /** sha256 over every source file of the module, the player framework and this build code */
  sourceHash: string;
  scorm2004Zip: string;
  scorm12Zip: string;
}

export interface BuildOptions {
  /** where the zips go; default `courses/dist/` */
  outDir?: string;
  /** folder names to build; folders starting with `_` (the sample) are built only when named here */
  only?: string[];
  /** where the module folders are; default the `courses/` folder this file sits in */
  coursesDir?: string;
}

// The sources, never the compiled copy in dist/: the hash and the framework files are the same
// whether this runs from TypeScript or from `npm run build` output.
const COURSES_DIR = path.join(PROJECT_ROOT, 'courses');
const FRAMEWORK_DIR = path.join(COURSES_DIR, '_framework');
const BUILD_DIR = path.join(COURSES_DIR, 'build');
const LAUNCH = 'index.html';
const NOT_MODULES = new Set(['build', 'dist']);

export async function buildAllCourses(opts: BuildOptions = {}): Promise<BuiltCourse[]> {
  const coursesDir = path.resolve(opts.coursesDir ?? COURSES_DIR);
  const outDir = path.resolve(opts.outDir ?? path.join(COURSES_DIR, 'dist'));
  const folders =
    opts.only ??
    fs
      .readdirSync(coursesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.') && !NOT_MODULES.has(d.name))
      .filter((d) => fs.existsSync(path.join(coursesDir, d.name, 'module.json')))
      .map((d) => d.name)
      .sort();

  const built: BuiltCourse[] = [];
  for (const folder of folders) {
    const dir = path.join(coursesDir, folder);
    if (!fs.existsSync(path.join(dir, 'module.json'))) {
      throw new CourseSourceError(`${path.basename(coursesDir)}/${folder}/module.json`, undefined, 'Datei fehlt');
    }
    const rules: QuizRules = folder.startsWith('_') ? SAMPLE_MODULE_RULES : REAL_MODULE_RULES;
    built.push(await buildCourse(loadCourseSource(dir, rules), outDir));
  }
  return built;
}

/** Writes `<key>-scorm2004.zip` and `<key>-scorm12.zip` for one validated module. */
export async function buildCourse(source: CourseSource, outDir: string): Promise<BuiltCourse> {
  const { module } = source;
  fs.mkdirSync(outDir, { recursive: true });
  const common = await packageFiles(source);
  const result: BuiltCourse = {
    key: module.key,
    title: module.title,
    version: module.version,
    sourceHash: sourceHash(source.dir),
    scorm2004Zip: path.join(outDir, `${module.key}-scorm2004.zip`),
    scorm12Zip: path.join(outDir, `${module.key}-scorm12.zip`),
  };
  for (const version of ['2004', '1.2'] as const) {
    const files = new Map(common);
    files.set(LAUNCH, Buffer.from(renderIndexHtml(source, version)));
    const manifest: ManifestInput = {
      key: module.key,
      title: module.title,
      version: module.version,
      passingScore: module.quiz.passingScore,
      launch: LAUNCH,
      files: [...files.keys()].sort(),
    };
    files.set(
      'imsmanifest.xml',
      Buffer.from(version === '2004' ? scorm2004Manifest(manifest) : scorm12Manifest(manifest)),
    );
    writeAtomically(version === '2004' ? result.scorm2004Zip : result.scorm12Zip, await deterministicZip(files));
  }
  return result;
}

/** Files both SCORM versions share: the player, the course data and the media. */
async function packageFiles(source: CourseSource): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of fs.readdirSync(FRAMEWORK_DIR).sort()) {
    if (name === 'index.html' || !/\.(js|css)$/.test(name)) continue;
    files.set(name, fs.readFileSync(path.join(FRAMEWORK_DIR, name)));
  }
  for (const media of source.media) files.set(media, fs.readFileSync(path.join(source.dir, media)));
  for (const t of source.module.templates) files.set(`files/${t}.pdf`, await templatePdf(t));
  files.set('course-data.js', Buffer.from(courseDataScript(source)));
  return files;
}

/** The player reads the course from a script, not fetch(), so the page also works from file://. */
function courseDataScript(source: CourseSource): string {
  const { module } = source;
  const data = {
    key: module.key,
    title: module.title,
    subtitle: module.subtitle,
    description: module.description,
    version: module.version,
    estimatedMinutes: module.estimatedMinutes,
    chapters: source.chapters.map((c) => ({
      id: c.id,
      title: c.title,
      html: c.html,
      objectives: c.objectives,
      reflection: c.reflection,
      asOf: c.asOf ?? null,
    })),
    sources: module.sources,
    templates: module.templates.map((t) => ({ id: t, href: `files/${t}.pdf`, title: templateTitle(t) })),
    quiz: module.quiz,
  };
  return (
    `/* Erzeugt von courses/build aus courses/${path.basename(source.dir)}/ – nicht von Hand ändern. */\n` +
    `window.GEZU_COURSE = ${JSON.stringify(data, null, 1)};\n`
  );
}

function renderIndexHtml(source: CourseSource, version: '2004' | '1.2'): string {
  const template = fs.readFileSync(path.join(FRAMEWORK_DIR, 'index.html'), 'utf8');
  const values: Record<string, string> = {
    title: html(source.module.title),
    subtitle: html(source.module.subtitle),
    scormVersion: version,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (all, name: string) => values[name] ?? all);
}

/** Stable across machines: relative paths and contents only, in sorted order. */
export function sourceHash(moduleDir: string): string {
  const hash = crypto.createHash('sha256').update('gezu-course-build/1\n');
  const roots: Array<[string, string]> = [
    ['module', moduleDir],
    ['framework', FRAMEWORK_DIR],
    ['build', BUILD_DIR],
  ];
  for (const [label, root] of roots) {
    for (const rel of listFiles(root)) {
      const digest = crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(root, rel)))
        .digest('hex');
      hash.update(`${label}/${rel}\0${digest}\n`);
    }
  }
  return hash.digest('hex');
}

function listFiles(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

function writeAtomically(file: string, content: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
