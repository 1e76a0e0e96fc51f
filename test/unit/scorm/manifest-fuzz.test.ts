/**
 * Fuzzing the manifest parser with fast-check (issue 13): random text, real manifests from the
 * fixtures cut, repeated and spliced with hostile fragments, and generated item trees. Whatever
 * comes in, `parseManifest` returns a result (never throws), quickly, with stable problem codes, and
 * an accepted manifest launches nothing outside the package.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_MAX_ITEMS, parseManifest, type ManifestResult } from '../../../src/scorm';

const FIXTURES = path.join(__dirname, '../../fixtures/packages');
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** One parse of a few hundred KB at most; far above what any input here needs on a loaded machine. */
const MAX_MS_PER_PARSE = 2000;
/** Each test takes 3–15 s on a quiet machine; the margin is for a shared one. */
const TEST_TIMEOUT_MS = 120_000;

function findManifests(dir: string, out: string[] = []): string[] {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) findManifests(p, out);
    else if (d.name.toLowerCase() === 'imsmanifest.xml') out.push(p);
  }
  return out;
}
// Every tenth real manifest (SCORM 1.2 and 2004, sequencing, odd prefixes), sorted so runs repeat.
const SEEDS = findManifests(FIXTURES)
  .sort()
  .filter((_, i) => i % 10 === 0)
  .map((f) => fs.readFileSync(f, 'utf8'));

const HOSTILE = [
  '<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
  '&x;',
  '&b;',
  '<item identifier="i">',
  '</item>',
  '<item>',
  '<item identifier="">',
  '<item identifier="dup" identifierref="dup">',
  '<title>',
  '<resource identifier="dup" type="webcontent" adlcp:scormType="sco" href="../../etc/passwd">',
  '</resource>',
  'href="javascript:alert(1)"',
  'href="/etc/passwd"',
  'href="http://evil.example/x"',
  'href="%2e%2e/%2e%2e/x"',
  'xml:base="../../"',
  '<![CDATA[<item>]]>',
  '<!-- -->',
  '<?xml version="1.0"?>',
  'xmlns="urn:other"',
  'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"',
  '<imsss:sequencing><imsss:controlMode flow="true"/></imsss:sequencing>',
  '<imsss:sequencingCollection>',
  'parameters="?a=1#x"',
  '<adlcp:masteryscore>abc</adlcp:masteryscore>',
  '<adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>',
  '\u0000',
  '\uFEFF',
  'ä\u0308',
  '"',
  "'",
  '<',
  '>',
  '&',
  '<organizations default="nope">',
  '<organizations/>',
  '<organization identifier="o2">',
  '<metadata><schemaversion>CAM 1.3</schemaversion></metadata>',
];

/** Cut, repeat and splice: the edits that turn a real manifest into a broken or hostile one. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...HOSTILE),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 300 }),
    times: fc.integer({ min: 2, max: 30 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(xml: string, edits: Mutation[]): string {
  let s = xml;
  for (const e of edits) {
    const at = s.length === 0 ? 0 : e.at % (s.length + 1);
    if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
    else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
    else if (e.kind === 'repeat')
      s = s.slice(0, at) + s.slice(at, at + e.length).repeat(e.times) + s.slice(at + e.length);
    else s = s.slice(0, at);
  }
  return s;
}

/** The invariants every result must hold, accepted or refused. */
function checkResult(xml: string, fileExists?: (p: string) => boolean): ManifestResult {
  const t0 = performance.now();
  let result: ManifestResult;
  try {
    result = parseManifest(xml, { fileExists });
  } catch (err) {
    throw new Error(
      `parseManifest threw ${String(err)} for input of ${xml.length} chars: ${JSON.stringify(xml.slice(0, 300))}`,
      { cause: err },
    );
  }
  expect(performance.now() - t0).toBeLessThan(MAX_MS_PER_PARSE);
  for (const p of [...(result.ok ? [] : result.errors), ...result.warnings]) {
    expect(p.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(typeof p.message).toBe('string');
  }
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    return result;
  }
  // Stored as JSON in the database: it must survive a round trip.
  expect(JSON.parse(JSON.stringify(result.manifest)).scos).toHaveLength(result.manifest.scos.length);
  expect(result.manifest.scos.length).toBeGreaterThan(0);
  for (const sco of result.manifest.scos) {
    if (/^https?:\/\//i.test(sco.launchPath)) continue;
    // A launch path inside the package: never absolute, never a scheme, never climbing out.
    expect(sco.launchPath).not.toMatch(/^([a-z][a-z0-9+.-]*:|\/|\\)/i);
    const file = decodeURIComponent(sco.launchPath.split(/[?#]/)[0]);
    const depth = file
      .split('/')
      .reduce((d, seg) => (d < 0 ? d : seg === '..' ? d - 1 : seg === '.' || seg === '' ? d : d + 1), 0);
    expect(depth).toBeGreaterThanOrEqual(0);
    if (fileExists) expect(fileExists(file)).toBe(true);
  }
  return result;
}

describe('parseManifest under fuzzing', () => {
  test(
    'when the input is random text, then it is refused with a code and nothing throws',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ maxLength: 400 }),
            fc.string({ unit: 'binary', maxLength: 400 }),
            fc.constantFrom(...HOSTILE),
          ),
          (xml) => {
            checkResult(xml);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'when a real manifest is cut, repeated and spliced with hostile fragments, then every result keeps the invariants',
    () => {
      expect(SEEDS.length).toBeGreaterThan(10);
      fc.assert(
        fc.property(
          fc.constantFrom(...SEEDS),
          fc.array(mutation, { minLength: 1, maxLength: 6 }),
          fc.boolean(),
          (seed, edits, withFiles) => {
            // With file checks, only "index.html"-like names exist, so most launches are missing files: refused, not thrown.
            checkResult(
              mutate(seed, edits),
              withFiles ? (p) => /^[\w/-]+\.html?$/.test(p) && !p.includes('..') : undefined,
            );
          },
        ),
        { numRuns: RUNS * 2 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'when item trees are generated (any depth, ids, hrefs), then deep or large ones are refused by code and the rest parse',
    () => {
      const href = fc.oneof(
        fc.constantFrom(
          'index.html',
          'a/b.html?x=1',
          '../x.html',
          '/abs.html',
          'javascript:x',
          'http://e.example/',
          'a%20b.html',
          '',
        ),
        fc.string({ maxLength: 12 }),
      );
      const item = (depth: number): fc.Arbitrary<string> =>
        fc
          .record({
            id: fc.oneof(fc.constantFrom('i', 'dup', ''), fc.string({ maxLength: 6 })),
            ref: fc.boolean(),
            kids: depth === 0 ? fc.constant([]) : fc.array(item(depth - 1), { maxLength: 3 }),
          })
          .map(
            ({ id, ref, kids }) =>
              `<item identifier="${escapeAttr(id)}"${ref ? ' identifierref="r"' : ''}><title>T</title>${kids.join('')}</item>`,
          );
      const itemTree = item(3);
      const doc = fc.record({
        items: fc.array(itemTree, { minLength: 0, maxLength: 5 }),
        href,
        // A deep chain or a long list, now and then, to hit the depth and count limits.
        chain: fc.oneof(
          { arbitrary: fc.constant(0), weight: 10 },
          { arbitrary: fc.integer({ min: 90, max: 400 }), weight: 1 },
        ),
        many: fc.oneof(
          { arbitrary: fc.constant(0), weight: 30 },
          { arbitrary: fc.integer({ min: DEFAULT_MAX_ITEMS - 5, max: DEFAULT_MAX_ITEMS + 5 }), weight: 1 },
        ),
      });
      fc.assert(
        fc.property(doc, ({ items, href: h, chain, many }) => {
          const deep = chain ? `${'<item identifier="d">'.repeat(chain)}${'</item>'.repeat(chain)}` : '';
          const list = Array.from(
            { length: many },
            (_, i) => `<item identifier="m${i}" identifierref="r"><title>M</title></item>`,
          ).join('');
          const xml = `<?xml version="1.0"?><manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
        <organizations default="o"><organization identifier="o"><title>O</title>${items.join('')}${deep}${list}</organization></organizations>
        <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="${escapeAttr(h)}"/></resources></manifest>`;
          const result = checkResult(xml, (p) => p === 'index.html' || p === 'a/b.html' || p === 'a b.html');
          const codes = result.ok ? [] : result.errors.map((e) => e.code);
          if (chain > 100) expect(codes).toContain('PACKAGE_MANIFEST_TOO_DEEP');
          if (chain <= 100 && many > DEFAULT_MAX_ITEMS) expect(codes).toContain('PACKAGE_MANIFEST_TOO_MANY_ITEMS');
        }),
        { numRuns: Math.ceil(RUNS / 2) },
      );
    },
    TEST_TIMEOUT_MS,
  );
});

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
