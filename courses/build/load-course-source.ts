import fs from 'node:fs';
import path from 'node:path';
import { checkChapterFragment } from './check-chapter-fragment';
import { linkAllowed } from './link-allow-list';
import { templateIds } from './templates';
import { CourseSourceError } from './course-source-error';
import {
  CourseChapter,
  CourseSource,
  ModuleJson,
  Question,
  QuizRules,
  REAL_MODULE_RULES,
  moduleSchema,
} from './course-schema';

/**
 * Reads and validates one module folder (`courses/<key>/`). Throws a CourseSourceError naming
 * the file and field of the first problem, so an author can fix it without reading our code.
 */
export function loadCourseSource(dir: string, rules: QuizRules = REAL_MODULE_RULES): CourseSource {
  const absDir = path.resolve(dir);
  const shown = (rel: string) => path.posix.join(path.basename(path.dirname(absDir)), path.basename(absDir), rel);
  const moduleFile = shown('module.json');
  const fail = (field: string | undefined, problem: string): never => {
    throw new CourseSourceError(moduleFile, field, problem);
  };

  const raw = readText(path.join(absDir, 'module.json'), moduleFile);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return fail(undefined, `kein gültiges JSON (${(err as Error).message})`);
  }
  const parsed = moduleSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    return fail(formatPath(parsed.error.issues[0].path), issues.join('; '));
  }
  const module = parsed.data;

  const expectedKey = path.basename(absDir).replace(/^_/, '');
  if (module.key !== expectedKey) fail('key', `muss "${expectedKey}" lauten (Name des Ordners)`);
  checkQuiz(module, rules, fail);

  const chapters: CourseChapter[] = [];
  const media = new Set<string>();
  unique(
    module.chapters.map((c) => c.id),
    (dup) => fail('chapters', `Kapitel-id "${dup}" kommt doppelt vor`),
  );
  module.chapters.forEach((chapter, i) => {
    const file = path.join(absDir, chapter.file);
    if (!fs.existsSync(file)) fail(`chapters[${i}].file`, `Datei ${chapter.file} gibt es nicht`);
    const html = readText(file, shown(chapter.file));
    const check = checkChapterFragment(html);
    if (check.problems.length > 0) {
      throw new CourseSourceError(
        shown(chapter.file),
        check.problems[0].replace(/:.*$/s, ''),
        check.problems.join(' '),
      );
    }
    if (!chapter.asOf && LEGAL.test(html)) {
      fail(
        `chapters[${i}].asOf`,
        `das Kapitel nennt Recht oder Förderung (${LEGAL.exec(html)![0]}); geben Sie den Stand an (JJJJ-MM)`,
      );
    }
    for (const href of check.files) {
      if (!module.templates.includes(href.replace(/^files\/|\.pdf$/g, ''))) {
        throw new CourseSourceError(
          shown(chapter.file),
          `a href="${href}"`,
          `die Vorlage ${href} steht nicht unter "templates" in module.json`,
        );
      }
    }
    for (const src of check.media) {
      if (!fs.existsSync(path.join(absDir, src))) {
        throw new CourseSourceError(shown(chapter.file), `img src="${src}"`, `Bilddatei ${src} gibt es nicht`);
      }
      media.add(src);
    }
    chapters.push({
      id: chapter.id,
      title: chapter.title,
      file: chapter.file,
      html: html.trim(),
      objectives: chapter.objectives,
      reflection: chapter.reflection,
      asOf: chapter.asOf,
    });
  });
  checkSources(module, rules, fail);
  module.templates.forEach((t, i) => {
    if (!templateIds().includes(t))
      fail(`templates[${i}]`, `eine Vorlage "${t}" gibt es nicht (vorhanden: ${templateIds().join(', ')})`);
  });
  if (rules.checkMinutes) {
    const estimate = estimateMinutes(chapters, module.quiz.questions);
    if (Math.abs(module.estimatedMinutes - estimate) > Math.max(5, estimate * 0.1)) {
      fail(
        'estimatedMinutes',
        `${module.estimatedMinutes} Minuten passen nicht zum Umfang; geschätzt sind ${estimate} Minuten (Lesen mit 100 Wörtern je Minute, 5 Minuten je Reflexionsaufgabe, 1,5 Minuten je Frage)`,
      );
    }
  }

  return { dir: absDir, module, chapters, media: [...media].sort() };
}

type Fail = (field: string | undefined, problem: string) => never;

/** Law, regulation or funding named in a chapter: such text ages and needs a "Stand:". */
const LEGAL =
  /DSGVO|BetrVG|§|KI-Verordnung|NIS2|Bundesarbeitsgericht|Arbeitsschutzgesetz|Förderprogramm|Förderdatenbank/;

/** Study time: careful reading at 100 words a minute, 5 minutes per reflection task, 1.5 per question asked. */
export function estimateMinutes(
  chapters: Pick<CourseChapter, 'html' | 'objectives' | 'reflection'>[],
  questions: Question[],
): number {
  const words = chapters
    .map((c) => [c.html.replace(/<[^>]*>/g, ' '), ...c.objectives, c.reflection].join(' '))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean).length;
  const asked = new Set(questions.map((q) => q.objective ?? q.id)).size;
  return Math.round((words / 100 + chapters.length * 5 + asked * 1.5) / 5) * 5;
}

function checkSources(module: ModuleJson, rules: QuizRules, fail: Fail): void {
  if (module.sources.length < rules.minSources) {
    fail(
      'sources',
      `mindestens ${rules.minSources} Quellen oder Literaturangaben nötig, es sind ${module.sources.length}`,
    );
  }
  module.sources.forEach((source, i) => {
    if (source.href !== undefined && !linkAllowed(source.href)) {
      fail(
        `sources[${i}].href`,
        `"${source.href}" steht nicht auf der Liste geprüfter Adressen (courses/build/link-allow-list.json)`,
      );
    }
  });
}
type ChoiceQuestion = Extract<Question, { options: unknown }>;

/** Each try asks one variant per objective: enough objectives, and enough variants of each. */
function checkPool(questions: Question[], rules: QuizRules, fail: Fail): void {
  const variants = new Map<string, number>();
  for (const q of questions) variants.set(q.objective ?? q.id, (variants.get(q.objective ?? q.id) ?? 0) + 1);
  if (variants.size < rules.minQuestions) {
    fail(
      'quiz.questions',
      `mindestens ${rules.minQuestions} Lernziele (Fragen je Versuch) nötig, es sind ${variants.size}`,
    );
  }
  for (const [objective, count] of variants) {
    if (count < rules.minVariants) {
      fail(
        'quiz.questions',
        `Lernziel "${objective}" hat ${count} Variante(n), nötig sind mindestens ${rules.minVariants}`,
      );
    }
  }
}

/** Against guessing by pattern: the number of right options varies, and the longest option is
 *  not usually the right one. */
function checkAnswerPatterns(questions: Question[], rules: QuizRules, fail: Fail): void {
  const multiple = questions.filter((q): q is ChoiceQuestion => q.type === 'multiple');
  if (rules.minVariants > 1 && multiple.length >= 2 && new Set(multiple.map((q) => q.correct.length)).size < 2) {
    fail(
      'quiz.questions',
      `alle multiple-Fragen haben genau ${multiple[0].correct.length} richtige Antworten; die Anzahl soll wechseln`,
    );
  }
  const single = questions.filter((q): q is ChoiceQuestion => q.type === 'single');
  const longestRight = single.filter((q) => {
    const right = q.options.find((o) => o.id === q.correct[0])!.text.length;
    return q.options.every((o) => o.id === q.correct[0] || o.text.length < right);
  });
  if (single.length > 0 && longestRight.length / single.length > rules.maxLongestCorrectShare + 1e-9) {
    fail(
      'quiz.questions',
      `bei ${longestRight.length} von ${single.length} single-Fragen ist die richtige Antwort die längste ` +
        `(${longestRight.map((q) => q.id).join(', ')}); erlaubt ist höchstens ein Anteil von ${Math.round(rules.maxLongestCorrectShare * 100)} %`,
    );
  }
}

function checkQuiz(module: ModuleJson, rules: QuizRules, fail: Fail): void {
  const questions = module.quiz.questions;
  checkPool(questions, rules, fail);
  for (const type of ['single', 'multiple', 'matching', 'ordering'] as const) {
    if (!questions.some((q) => q.type === type)) fail('quiz.questions', `es fehlt eine Frage vom Typ "${type}"`);
  }
  const choices = questions.filter((q) => q.type === 'single' || q.type === 'multiple').length;
  if (choices < rules.minChoiceQuestions) {
    fail(
      'quiz.questions',
      `mindestens ${rules.minChoiceQuestions} Fragen vom Typ single/multiple nötig, es sind ${choices}`,
    );
  }
  unique(
    questions.map((q) => q.id),
    (dup) => fail('quiz.questions', `Frage-id "${dup}" kommt doppelt vor`),
  );

  questions.forEach((q, i) => {
    const at = `quiz.questions[${i}]`;
    if (q.type === 'single' || q.type === 'multiple') {
      const optionIds = q.options.map((o) => o.id);
      unique(optionIds, (dup) => fail(`${at}.options`, `Antwort-id "${dup}" kommt doppelt vor`));
      unique(q.correct, (dup) => fail(`${at}.correct`, `"${dup}" steht doppelt in correct`));
      for (const c of q.correct) {
        if (!optionIds.includes(c))
          fail(`${at}.correct`, `Antwort "${c}" gibt es nicht unter options (${optionIds.join(', ')})`);
      }
      if (q.type === 'single' && q.correct.length !== 1)
        fail(`${at}.correct`, 'eine single-Frage hat genau eine richtige Antwort');
      if (q.correct.length === q.options.length) fail(`${at}.correct`, 'mindestens eine Antwort muss falsch sein');
      for (const c of q.correct) {
        const key = q.options.find((o) => o.id === c)!.text;
        if (q.hint.includes(key)) fail(`${at}.hint`, `der Hinweis nennt die richtige Antwort „${key}“`);
      }
    } else if (q.type === 'matching') {
      unique(
        q.pairs.map((p) => p.source.id),
        (dup) => fail(`${at}.pairs`, `source-id "${dup}" kommt doppelt vor`),
      );
      unique(
        q.pairs.map((p) => p.target.id),
        (dup) => fail(`${at}.pairs`, `target-id "${dup}" kommt doppelt vor`),
      );
      unique(
        q.pairs.map((p) => p.target.text),
        (dup) => fail(`${at}.pairs`, `Ziel "${dup}" kommt doppelt vor`),
      );
    } else if (q.type === 'ordering') {
      unique(
        q.items.map((it) => it.id),
        (dup) => fail(`${at}.items`, `Element-id "${dup}" kommt doppelt vor`),
      );
    }
  });
  checkAnswerPatterns(questions, rules, fail);
}

function unique(values: string[], onDuplicate: (dup: string) => void): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) onDuplicate(v);
    seen.add(v);
  }
}

function formatPath(p: PropertyKey[]): string {
  return (
    p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('') || '(Wurzel)'
  );
}

function readText(file: string, shownName: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new CourseSourceError(shownName, undefined, 'Datei fehlt oder ist nicht lesbar');
  }
}
