/**
 * Issue #12, "one composition root": no component keeps settings or caches in module variables. Every
 * piece of state is built once by `composeServices` (src/composition.ts) and handed down, so each app
 * (tests build several in one process) has its own. This test reads every file in src/ with the
 * TypeScript compiler and fails on what would bring module state back:
 *   - `let` or `var` at the top level of a module;
 *   - an exported `init…()` function (settings set once into module variables);
 *   - a top-level `const` that starts an empty container (`new Map()`, `new Set()`, `new WeakMap()`,
 *     `new WeakSet()`, `[]`, `{}`): it exists only to be filled later.
 * Immutable module constants (regexes, frozen tables, `new Set([...])` of fixed values) stay.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '../../src');

/**
 * The documented exceptions: state that is not an app's (the same for every app in the process).
 * Keep this list short; each entry says why it is not an app's state.
 */
const ALLOWED: Record<string, string> = {
  // A memo of a pure function of the clock hour (the Berlin UTC offset), identical for every app.
  'reports/report-format.ts:offsets': 'memo of a pure function',
  // Keyed by the Sequelize instance, so each app (database) has its own set of wake-up bells;
  // enqueue() is called with only a transaction, from every component.
  'outbox/enqueue.ts:bells': 'per-database by its key',
  // NOT an exception by design but a known remainder (README, Known limits): the reports' read replica
  // (DATABASE_READ_URL) is still set once at boot by createContext instead of being handed down.
};

const EMPTY_CONTAINERS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

export interface StateFinding {
  name: string;
  line: number;
  why: string;
}

/** Module-level state in one source text (exported for the probe below). */
export function findModuleState(fileName: string, text: string): StateFinding[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: StateFinding[] = [];
  const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isInitName = (name: string) => /^init[A-Z]/.test(name);

  for (const stmt of sf.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name && exported(stmt) && isInitName(stmt.name.text)) {
      found.push({ name: stmt.name.text, line: at(stmt), why: 'exported init…() function' });
    }
    if (!ts.isVariableStatement(stmt)) continue;
    const flags = stmt.declarationList.flags;
    const mutableBinding = (flags & ts.NodeFlags.Let) !== 0 || (flags & ts.NodeFlags.Const) === 0;
    for (const decl of stmt.declarationList.declarations) {
      const name = decl.name.getText(sf);
      if (mutableBinding) {
        found.push({ name, line: at(decl), why: `module-scope ${(flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var'}` });
        continue;
      }
      const init = decl.initializer;
      if (!init) continue;
      if (exported(stmt) && isInitName(name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
        found.push({ name, line: at(decl), why: 'exported init…() function' });
      }
      const emptyNew =
        ts.isNewExpression(init) &&
        ts.isIdentifier(init.expression) &&
        EMPTY_CONTAINERS.has(init.expression.text) &&
        (init.arguments?.length ?? 0) === 0;
      const emptyLiteral =
        (ts.isArrayLiteralExpression(init) && init.elements.length === 0) ||
        (ts.isObjectLiteralExpression(init) && init.properties.length === 0);
      if (emptyNew || emptyLiteral) found.push({ name, line: at(decl), why: 'module-scope empty container' });
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}

describe('module state in src/', () => {
  it('when src/ is scanned, then no module keeps mutable state outside the documented exceptions', () => {
    const offences: string[] = [];
    const allowedSeen = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const rel = path.relative(SRC, file).split(path.sep).join('/');
      for (const f of findModuleState(rel, fs.readFileSync(file, 'utf8'))) {
        const key = `${rel}:${f.name}`;
        if (key in ALLOWED) allowedSeen.add(key);
        else offences.push(`src/${rel}:${f.line} ${f.name} — ${f.why}`);
      }
    }
    expect(offences).toEqual([]);
    // An exception that no longer exists must leave the list too.
    expect([...allowedSeen].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('when a probe holds each kind of module state, then every one is found and constants are not', () => {
    const probe = [
      'let key: Buffer | null = null;',
      'var count = 0;',
      'const cache = new Map<number, string>();',
      'const seen = new WeakSet();',
      'const queue: string[] = [];',
      'export function initThing(config: unknown): void {}',
      'export const initOther = () => {};',
      // Not state: immutable constants and a function that merely starts with "init".
      "const CODES = new Set(['A', 'B']);",
      'const RE = /^x$/;',
      'const TABLE = Object.freeze({ a: 1 });',
      'export function initiateLogin(): void {}',
      'function local() { let inner = 1; return inner; }',
    ].join('\n');
    expect(findModuleState('probe.ts', probe).map((f) => f.name)).toEqual([
      'key',
      'count',
      'cache',
      'seen',
      'queue',
      'initThing',
      'initOther',
    ]);
  });
});
