/**
 * Fuzz test (fast-check) of the CMI validator and the commit's pure steps: thousands of generated
 * commit bodies — random JSON, random values at the real element paths, wrong container types,
 * deep nesting — never make the reader, the validator, the derivation or the merge throw, and a
 * body the validator accepts never lowers what the row had earned (completed, passed, total time).
 */
import fc from 'fast-check';
import { readCommitBody, validateCmi, deriveTracking, DEFAULT_CMI_LIMITS, type ScormVersion } from '../../../src/scorm';
import { mergeCommit, scoreIsLower, LAUNCH_FACTOR, type StoredRow } from '../../../src/player/commit-merge';

const PATHS: Record<ScormVersion, string[]> = {
  '1.2': [
    'core.lesson_status',
    'core.score.raw',
    'core.score.min',
    'core.score.max',
    'core.session_time',
    'core.exit',
    'core.lesson_location',
    'suspend_data',
    'comments',
    'core',
    'core.score',
    'interactions',
    'interactions.0',
    'interactions.0.id',
    'interactions.0.result',
    'interactions.0.correct_responses',
    'interactions.0.correct_responses.0.pattern',
    'objectives',
    'objectives.0.status',
    'student_preference.audio',
  ],
  '2004': [
    'completion_status',
    'success_status',
    'score.scaled',
    'score.raw',
    'score.min',
    'score.max',
    'progress_measure',
    'session_time',
    'location',
    'exit',
    'suspend_data',
    'score',
    'interactions',
    'interactions.0',
    'interactions.0.type',
    'interactions.0.timestamp',
    'interactions.0.objectives.0.id',
    'objectives',
    'objectives.1.score.scaled',
    'comments_from_learner.0.timestamp',
    'learner_preference.audio_level',
  ],
};

const GOOD_VALUES = [
  'completed',
  'incomplete',
  'passed',
  'failed',
  'unknown',
  'not attempted',
  'browsed',
  'suspend',
  'PT1M',
  'PT0S',
  '00:01:00',
  '0.5',
  '-1',
  '1',
  '100',
  '80',
  '',
  'correct',
  'choice',
  '2024-05-01T10:15:30Z',
];

const leaf = fc.oneof(
  fc.constantFrom(...GOOD_VALUES),
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('x'.repeat(DEFAULT_CMI_LIMITS.textMax + 1)),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** A commit body at the real element paths with random values, in one of scorm-again's shapes. */
const commitBody = (version: ScormVersion) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...PATHS[version]), leaf), { maxLength: 12 }),
      fc.constantFrom('json', 'runtimeData', 'flat'),
      fc.option(fc.integer({ min: -5, max: 2_000_000 })),
    )
    .map(([pairs, shape, sequence]) => {
      const cmi: Record<string, unknown> = {};
      for (const [path, value] of pairs) setPath(cmi, path, value);
      const body: Record<string, unknown> =
        shape === 'json'
          ? { cmi }
          : shape === 'runtimeData'
            ? { runtimeData: { cmi } }
            : Object.fromEntries(pairs.map(([p, v]) => [`cmi.${p}`, v]));
      if (sequence !== null) body.commitSequence = sequence;
      return JSON.stringify(body);
    });

const deep = fc.integer({ min: 1, max: 30_000 }).map((n) => `{"cmi":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`);
const anyText = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  deep,
);

const earnedRow = (version: ScormVersion): StoredRow => ({
  seq: 2 * LAUNCH_FACTOR + 3,
  completionStatus: 'completed',
  successStatus: 'passed',
  scoreRaw: 90,
  scoreMin: 0,
  scoreMax: 100,
  scoreScaled: version === '2004' ? 0.9 : null,
  totalTimeCs: 12_000,
  sessionTimeCs: 6_000,
});

for (const version of ['1.2', '2004'] as const) {
  describe(`commit bodies for SCORM ${version}, generated`, () => {
    it('when any text arrives as a body, then reading and validating it never throws', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, commitBody(version)), (text) => {
          const { cmi } = readCommitBody(text);
          if (cmi) {
            const { clean, problems } = validateCmi(version, cmi);
            if (problems.length === 0)
              deriveTracking(version, clean, { masteryScore: 80, scaledPassingScore: 0.8 }, 'credit');
          }
        }),
        { numRuns: 3000 },
      );
    });

    it('when the validator accepts a body, then merging it never lowers a completed, passed row or its total time', () => {
      let accepted = 0;
      fc.assert(
        fc.property(commitBody(version), fc.integer({ min: 1, max: 3 }), (text, launch) => {
          const { cmi } = readCommitBody(text);
          if (!cmi) return;
          const { clean, problems } = validateCmi(version, cmi);
          // A refused body changes nothing (commit.ts stops before the transaction): the stored row stays.
          if (problems.length > 0) return;
          accepted++;
          const row = earnedRow(version);
          const merged = mergeCommit(row, deriveTracking(version, clean, { masteryScore: 80 }, 'credit'), launch);
          expect(merged.tracking.completion).toBe('completed');
          expect(merged.tracking.success).toBe('passed');
          expect(merged.totalTimeCs).toBeGreaterThanOrEqual(row.totalTimeCs);
          expect(scoreIsLower(merged.tracking, row)).toBe(false);
        }),
        { numRuns: 3000 },
      );
      expect(accepted).toBeGreaterThan(100);
    });
  });
}

describe('bodies the validator must refuse', () => {
  it('when a container holds a scalar (interactions: "x") or an array has too many items, then it is refused with the type/range code', () => {
    expect(validateCmi('2004', { interactions: 'x' }).problems).toEqual([
      expect.objectContaining({ element: 'cmi.interactions', errorCode: 406 }),
    ]);
    expect(validateCmi('1.2', { core: { score: 7 } }).problems).toEqual([
      expect.objectContaining({ element: 'cmi.core.score', errorCode: 405 }),
    ]);
    expect(validateCmi('2004', { interactions: { 0: 'x' } }).problems).toEqual([
      expect.objectContaining({ element: 'cmi.interactions.0', errorCode: 406 }),
    ]);
    const many = Object.fromEntries(
      Array.from({ length: DEFAULT_CMI_LIMITS.maxItems + 1 }, (_, i) => [String(i), { id: `q${i}` }]),
    );
    expect(validateCmi('2004', { interactions: many }).problems).toEqual([
      expect.objectContaining({ element: 'cmi.interactions', errorCode: 407 }),
    ]);
  });

  it('when a body is nested 20,000 levels deep, then the reader refuses it as too deep without parsing it', () => {
    const text = `{"cmi":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
    expect(readCommitBody(text)).toMatchObject({ cmi: null, refusal: 'too_deep' });
    expect(readCommitBody(`{"cmi":{"x":"${'['.repeat(100)}"}}`).cmi).toEqual({ x: '['.repeat(100) });
    // Escaped quotes and backslashes inside strings: the scan skips strings whole and must end them where JSON does.
    const escaped = (x: string) => JSON.stringify({ cmi: { x } });
    expect(readCommitBody(escaped(`a"${'['.repeat(100)}\\`)).cmi).toEqual({ x: `a"${'['.repeat(100)}\\` });
    expect(readCommitBody(escaped('\\"\\')).cmi).toEqual({ x: '\\"\\' });
    const deepAfterEscapes = `{"cmi":{"x":"\\\\","y":${'['.repeat(20)}${']'.repeat(20)}}}`;
    expect(readCommitBody(deepAfterEscapes)).toMatchObject({ cmi: null, refusal: 'too_deep' });
  });
});
