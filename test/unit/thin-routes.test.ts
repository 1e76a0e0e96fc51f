/**
 * Issue #12, "thin routes": route files read their input with the zod kit (src/shared/web/input.ts)
 * and make no database calls. dependency-cruiser keeps models out of route files (routes-no-models);
 * this test catches what an import rule cannot see: raw number parsing of request input, a copied
 * field-error mapping, and queries through Sequelize itself.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

function routeFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? routeFiles(path.join(dir, e.name))
        : /(^|-)routes\.ts$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
}

const FORBIDDEN: [RegExp, string][] = [
  [/\b(Number|parseInt|parseFloat)\(\s*req\./, 'raw number parsing of request input (use idParam / id / parseQuery)'],
  [/\.fieldErrors\b/, 'a copied field-error mapping (use formErrors)'],
  [/\.safeParse\(\s*req\./, 'hand-made validation of request input (use parseBody / parseQuery / parseParams)'],
  [
    /\b[A-Z]\w*\.(findAll|findOne|findByPk|findAndCountAll|create|bulkCreate|update|destroy|count|upsert)\(/,
    'an ORM call on a model',
  ],
  [/\bsequelize\.(query|transaction)\(/, 'a database query'],
];

/** Lines of one route file's text that break a rule. */
export function routeOffences(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\*|\/\/)/.test(line)) return;
    for (const [re, why] of FORBIDDEN) if (re.test(line)) found.push(`${i + 1}: ${why}: ${line.trim()}`);
  });
  return found;
}

describe('route files', () => {
  it('when every route file is read, then none parses input by hand or talks to the database', () => {
    const files = routeFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offences = files.flatMap((f) =>
      routeOffences(fs.readFileSync(f, 'utf8')).map((o) => `${path.relative(SRC, f)}:${o}`),
    );
    expect(offences).toEqual([]);
  });

  it('when a probe route does each forbidden thing, then each is found', () => {
    const probe = [
      'const id = Number(req.params.id);',
      'const errors = Object.entries(err.fieldErrors);',
      'const parsed = schema.safeParse(req.body);',
      'const rows = await Cohort.findAll();',
      "await sequelize.query('SELECT 1');",
      'const fine = idParam(req);',
    ].join('\n');
    expect(routeOffences(probe)).toHaveLength(5);
  });
});
