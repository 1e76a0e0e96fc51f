/**
 * loadCourseSource on broken copies of the sample module: every error names the file and the
 * field an author has to fix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CourseSourceError, REAL_MODULE_RULES, SAMPLE_MODULE_RULES, loadCourseSource } from '../../../courses/build';
import { COURSES_DIR, copySample } from './course-test-helpers';

let tmp: string;
let dir: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'course-source-'));
  dir = copySample(tmp);
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function editModule(change: (m: any) => void): void {
  const file = path.join(dir, 'module.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

function loadError(rules = SAMPLE_MODULE_RULES): CourseSourceError {
  try {
    loadCourseSource(dir, rules);
  } catch (err) {
    expect(err).toBeInstanceOf(CourseSourceError);
    return err as CourseSourceError;
  }
  throw new Error('loadCourseSource accepted a broken module');
}

test('when the sample is loaded with sample rules, then chapters and the figure are found', () => {
  const source = loadCourseSource(dir, SAMPLE_MODULE_RULES);
  expect(source.chapters.map((c) => c.id)).toEqual(['experimentierraum', 'moderation']);
  expect(source.chapters[0].html).toContain('<p class="lead">');
  expect(source.media).toEqual(['media/ablauf-experimentierraum.svg']);
});

test('when the sample is loaded with the rules of a real module, then its 4 questions are too few', () => {
  const err = loadError(REAL_MODULE_RULES);
  expect(err.code).toBe('COURSE_SOURCE_INVALID');
  expect(err.file).toBe(`${path.basename(tmp)}/_sample/module.json`);
  expect(err.field).toBe('quiz.questions');
  expect(err.message).toContain('mindestens 10 Lernziele');
});

test('when a correct answer names an option that does not exist, then the error names module.json and that field', () => {
  editModule((m) => {
    m.quiz.questions[0].correct = ['z'];
  });
  const err = loadError();
  expect(err.message).toContain('_sample/module.json');
  expect(err.field).toBe('quiz.questions[0].correct');
});

test('when an id has capitals or spaces, then the error names the id field', () => {
  editModule((m) => {
    m.chapters[1].id = 'Die Moderation';
  });
  expect(loadError().field).toBe('chapters[1].id');
});

test('when a question type is missing, then the error says which one', () => {
  editModule((m) => {
    m.quiz.questions = m.quiz.questions.filter((q: any) => q.type !== 'ordering');
  });
  const err = loadError({ ...SAMPLE_MODULE_RULES, minQuestions: 3 });
  expect(err.field).toBe('quiz.questions');
  expect(err.message).toContain('"ordering"');
});

test('when a matching question has only two pairs, then the error names its pairs field', () => {
  editModule((m) => {
    m.quiz.questions[2].pairs.pop();
  });
  expect(loadError().field).toBe('quiz.questions[2].pairs');
});

test('when a chapter file is missing, then the error names the chapter file field', () => {
  fs.rmSync(path.join(dir, 'chapters/02-moderation.html'));
  const err = loadError();
  expect(err.field).toBe('chapters[1].file');
  expect(err.message).toContain('chapters/02-moderation.html');
});

test('when a figure file is missing, then the error names the chapter file and the image', () => {
  fs.rmSync(path.join(dir, 'media/ablauf-experimentierraum.svg'));
  const err = loadError();
  expect(err.file).toMatch(/_sample\/chapters\/01-experimentierraum\.html$/);
  expect(err.message).toContain('media/ablauf-experimentierraum.svg');
});

test('when a chapter contains a script or an inline style, then the build refuses it with the line number', () => {
  const file = path.join(dir, 'chapters/02-moderation.html');
  fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}\n<p style="color:red">x</p>\n<script>alert(1)</script>\n`);
  const err = loadError();
  expect(err.file).toMatch(/chapters\/02-moderation\.html$/);
  expect(err.message).toContain('Attribut "style"');
  expect(err.message).toContain('Tag <script>');
  expect(err.field).toMatch(/^Zeile \d+$/);
});

test('when a chapter uses an <h2>, then the author is told to use <h3>', () => {
  fs.writeFileSync(path.join(dir, 'chapters/02-moderation.html'), '<h2>Titel</h2><p>Text</p>');
  expect(loadError().message).toContain('<h3>');
});

test('when module.json is not valid JSON, then the error names the file', () => {
  fs.writeFileSync(path.join(dir, 'module.json'), '{ "key": "sample", }');
  const err = loadError();
  expect(err.file).toMatch(/_sample\/module\.json$/);
  expect(err.message).toContain('kein gültiges JSON');
});

test('when the key does not match the folder name, then the error names the key field', () => {
  editModule((m) => {
    m.key = 'technik';
  });
  const err = loadError();
  expect(err.field).toBe('key');
  expect(err.message).toContain('"sample"');
});

describe('the knowledge-check pool of a real module (issue 17)', () => {
  let realDir: string;
  beforeEach(() => {
    realDir = path.join(tmp, 'technik');
    fs.cpSync(path.join(COURSES_DIR, 'technik'), realDir, { recursive: true });
  });
  function editReal(change: (m: any) => void): void {
    const file = path.join(realDir, 'module.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(json);
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
  }
  function realError(): CourseSourceError {
    try {
      loadCourseSource(realDir, REAL_MODULE_RULES);
    } catch (err) {
      expect(err).toBeInstanceOf(CourseSourceError);
      return err as CourseSourceError;
    }
    throw new Error('loadCourseSource accepted a broken module');
  }

  test('when the real module is loaded, then it has at least ten objectives with two variants each', () => {
    const questions = loadCourseSource(realDir, REAL_MODULE_RULES).module.quiz.questions;
    const variants = new Map<string, number>();
    for (const q of questions) variants.set(q.objective!, (variants.get(q.objective!) ?? 0) + 1);
    expect(variants.size).toBeGreaterThanOrEqual(10);
    expect([...variants.values()].every((n) => n >= 2)).toBe(true);
  });

  test('when an objective is left with one variant, then the build names that objective', () => {
    let lost = '';
    editReal((m) => {
      const i = m.quiz.questions.findIndex((q: any) => q.objective === 'xr');
      lost = m.quiz.questions[i].objective;
      m.quiz.questions.splice(i, 1);
    });
    const err = realError();
    expect(err.field).toBe('quiz.questions');
    expect(err.message).toContain(`"${lost}" hat 1 Variante`);
  });

  test('when every multiple-choice question has the same number of right options, then the build refuses the pattern', () => {
    editReal((m) => {
      for (const q of m.quiz.questions.filter((x: any) => x.type === 'multiple'))
        q.correct = q.options.slice(0, 2).map((o: any) => o.id);
    });
    expect(realError().message).toContain('die Anzahl soll wechseln');
  });

  test('when the right option is the longest in most single-choice questions, then the build refuses it', () => {
    editReal((m) => {
      for (const q of m.quiz.questions.filter((x: any) => x.type === 'single')) {
        q.options.find((o: any) => o.id === q.correct[0]).text +=
          ' – und das mit einer ausführlichen, auffällig langen Begründung.';
      }
    });
    expect(realError().message).toContain('die richtige Antwort die längste');
  });

  test('when a hint quotes the right option, then the build names that hint', () => {
    editReal((m) => {
      const q = m.quiz.questions.find((x: any) => x.type === 'single');
      q.hint = `Die Antwort lautet: ${q.options.find((o: any) => o.id === q.correct[0]).text}`;
    });
    expect(realError().field).toMatch(/^quiz\.questions\[\d+\]\.hint$/);
  });
});

describe('the learning design every chapter must have (issue 17)', () => {
  const chapterFile = () => path.join(dir, 'chapters/02-moderation.html');
  const append = (html: string) =>
    fs.writeFileSync(chapterFile(), `${fs.readFileSync(chapterFile(), 'utf8')}\n${html}\n`);

  test('when a chapter has one learning objective or five, then the build names its objectives field', () => {
    editModule((m) => {
      m.chapters[0].objectives = ['Nur eines'];
    });
    expect(loadError().field).toBe('chapters[0].objectives');
    editModule((m) => {
      m.chapters[0].objectives = ['a', 'b', 'c', 'd', 'e'];
    });
    expect(loadError().field).toBe('chapters[0].objectives');
  });

  test('when a chapter has no reflection task, then the build names its reflection field', () => {
    editModule((m) => {
      delete m.chapters[1].reflection;
    });
    expect(loadError().field).toBe('chapters[1].reflection');
  });

  test('when a chapter links to a site off the allow-list, then the build refuses it; an allowed site passes', () => {
    append('<p><a href="https://www.bsi.bund.de/DE/Home/home_node.html">BSI</a></p>');
    expect(loadCourseSource(dir, SAMPLE_MODULE_RULES).chapters[1].html).toContain('bsi.bund.de');
    append('<p><a href="https://example.com/">Blog</a></p>');
    expect(loadError().message).toContain('link-allow-list');
  });

  test('when a link only pretends to start with an allowed address, then it is refused', () => {
    append('<p><a href="https://www.bsi.bund.de.evil.example/">BSI?</a></p>');
    expect(loadError().message).toContain('link-allow-list');
  });

  test('when a chapter links to a template the module does not declare, then the build names the link', () => {
    append('<p><a href="files/moderationsplan.pdf">Vorlage</a></p>');
    expect(loadError().field).toBe('a href="files/moderationsplan.pdf"');
    editModule((m) => {
      m.templates = ['moderationsplan'];
    });
    expect(() => loadCourseSource(dir, SAMPLE_MODULE_RULES)).not.toThrow();
  });

  test('when a table header has no scope, then the build says so', () => {
    append('<table><thead><tr><th>Spalte</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>');
    expect(loadError().message).toContain('scope');
  });

  test('when an alt text is long or a figure has no long description, then the build asks for the description beside it', () => {
    append(
      `<figure><img src="media/ablauf-experimentierraum.svg" alt="${'Sehr lang '.repeat(20)}"><figcaption>x</figcaption></figure>`,
    );
    expect(loadError().message).toContain('long-description');
  });

  test('when a chapter cites law without a "Stand", then the build names the asOf field', () => {
    append('<p>Nach der DSGVO gilt …</p>');
    expect(loadError().field).toBe('chapters[1].asOf');
    editModule((m) => {
      m.chapters[1].asOf = '2025-11';
    });
    expect(loadCourseSource(dir, SAMPLE_MODULE_RULES).chapters[1].asOf).toBe('2025-11');
  });

  test("when a real module's stated minutes are far from its text, then the build gives the estimate", () => {
    const realDir = path.join(tmp, 'megatrends');
    fs.cpSync(path.join(COURSES_DIR, 'megatrends'), realDir, { recursive: true });
    const file = path.join(realDir, 'module.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.estimatedMinutes = 30;
    fs.writeFileSync(file, JSON.stringify(json));
    try {
      loadCourseSource(realDir, REAL_MODULE_RULES);
      throw new Error('accepted');
    } catch (err) {
      expect((err as CourseSourceError).field).toBe('estimatedMinutes');
    }
  });
});
