import fs from 'node:fs';
import path from 'node:path';
import { catalogueKeys, hasMessage, translate } from '../../src/shared/i18n';
import { ConflictError, NotFoundError } from '../../src/shared/errors';

// Components register their messages when loaded; load them the way the app does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../src/app');

const SRC = path.resolve(__dirname, '../../src');
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}

/** Every `new XyzError(…)` / `new CommitRejected(…)` of the AppError family with its argument text. */
function appErrorConstructions(): { file: string; args: string }[] {
  const appErrors =
    /new (AppError|ValidationError|NotFoundError|NoPermissionError|UnauthorizedError|ConflictError|RejectedInputError|CommitRejected|PrerequisitesNotMetError)\(/g;
  const found: { file: string; args: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(appErrors)) {
      // The arguments up to the matching parenthesis (string literals here hold no parentheses of note).
      let depth = 1;
      let i = m.index! + m[0].length;
      for (; i < text.length && depth > 0; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      found.push({ file: path.relative(SRC, file), args: text.slice(m.index! + m[0].length, i - 1) });
    }
  }
  return found;
}

describe('message catalogues', () => {
  it('when a German key exists, then English has it too, and English has no key German lacks', () => {
    const de = new Set(catalogueKeys('de'));
    const en = new Set(catalogueKeys('en'));
    expect([...de].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !de.has(k))).toEqual([]);
    expect(de.size).toBeGreaterThan(800);
  });

  it('when an English entry is served, then it is not the German text (except names and symbols)', () => {
    const same = catalogueKeys('de').filter(
      (k) =>
        translate('de', k) === translate('en', k) &&
        /[äöüß]|\b(der|die|das|und|nicht|Sie|Ihre?)\b/.test(translate('de', k)),
    );
    expect(same).toEqual([]);
  });

  it('when code throws an AppError, then it passes a catalogue key that both languages have, never a sentence', () => {
    const constructions = appErrorConstructions();
    expect(constructions.length).toBeGreaterThan(100);
    const literals = (args: string) =>
      [...args.matchAll(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g)].map((m) => m[0]);
    const sentences = constructions.filter((c) =>
      literals(c.args).some((l) => /[A-Za-zÄÖÜäöüß]\s+[A-Za-zÄÖÜäöüß]/.test(l)),
    );
    expect(sentences).toEqual([]);
    const missing: string[] = [];
    for (const c of constructions) {
      for (const m of c.args.matchAll(/'([a-z0-9_]+(?:\.[a-z0-9_]+)+)'/g)) {
        if (!hasMessage(m[1]) || !catalogueKeys('en').includes(m[1])) missing.push(`${c.file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('when an AppError is read in English, then its text is English and its code stays', () => {
    const err = new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
    expect(err.code).toBe('COHORT_NOT_FOUND');
    expect(err.message).toBe(translate('de', 'q2.error.cohort_not_found'));
    expect(err.text('en')).toBe('This cohort does not exist.');
    expect(new ConflictError('packages.error.upload_too_large', 'X', undefined, { max: '5 MB' }).text('en')).toContain(
      '5 MB',
    );
  });
});
