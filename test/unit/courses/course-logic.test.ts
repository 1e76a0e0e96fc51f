/**
 * The player's pure rules (courses/_framework/course-logic.js, plain browser JS that also loads
 * in Node): scoring, the SCORM response strings of both versions, durations, suspend_data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SAMPLE_DIR } from './course-test-helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const L = require('../../../courses/_framework/course-logic.js');
const sample = JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, 'module.json'), 'utf8'));
const [single, multiple, matching, ordering] = sample.quiz.questions;
const course = { chapters: sample.chapters, quiz: sample.quiz };

const allCorrect = {
  q01: ['b'],
  q02: ['d', 'a', 'c'],
  q03: { s1: 't1', s2: 't2', s3: 't3' },
  q04: ['i1', 'i2', 'i3', 'i4'],
};

test('when every answer is right, then the score is 100 % and passed', () => {
  expect(L.score(sample.quiz.questions, allCorrect, 0.8)).toEqual({
    correct: 4,
    total: 4,
    scaled: 1,
    percent: 100,
    passed: true,
  });
});

test('when one of four answers is wrong, then 75 % does not pass an 80 % mark', () => {
  const answers = { ...allCorrect, q02: ['a', 'c'] };
  expect(L.score(sample.quiz.questions, answers, 0.8)).toMatchObject({ correct: 3, scaled: 0.75, passed: false });
});

test('when exactly 8 of 10 are right, then 80 % passes', () => {
  const qs = Array.from({ length: 10 }, (_, i) => ({ ...single, id: `q${i}` }));
  const answers = Object.fromEntries(qs.map((q, i) => [q.id, i < 8 ? ['b'] : ['a']]));
  expect(L.score(qs, answers, 0.8)).toMatchObject({ correct: 8, scaled: 0.8, passed: true });
});

test('when a matching answer leaves a source open or swaps two targets, then it is wrong', () => {
  expect(L.isCorrect(matching, { s1: 't1', s2: 't2' })).toBe(false);
  expect(L.isCorrect(matching, { s1: 't2', s2: 't1', s3: 't3' })).toBe(false);
  expect(L.isAnswered(matching, { s1: 't1', s2: 't2' })).toBe(false);
});

test('when responses are formatted for SCORM 2004, then they use [,] and [.] delimiters', () => {
  expect(L.scormResponse(multiple, ['a', 'c'], '2004')).toBe('a[,]c');
  expect(L.scormResponse(matching, { s1: 't1', s2: 't3', s3: 't2' }, '2004')).toBe('s1[.]t1[,]s2[.]t3[,]s3[.]t2');
  expect(L.scormResponse(ordering, ['i2', 'i1', 'i3', 'i4'], '2004')).toBe('i2[,]i1[,]i3[,]i4');
  expect(L.scormResponse(single, ['b'], '2004')).toBe('b');
});

test('when responses are formatted for SCORM 1.2, then they use plain commas and dots', () => {
  expect(L.scormResponse(multiple, ['a', 'c'], '1.2')).toBe('a,c');
  expect(L.scormResponse(matching, { s1: 't1', s2: 't3', s3: 't2' }, '1.2')).toBe('s1.t1,s2.t3,s3.t2');
  expect(L.scormResponse(ordering, L.correctAnswer(ordering), '1.2')).toBe('i1,i2,i3,i4');
});

test('when durations are formatted, then 2004 gets ISO 8601 and 1.2 gets HHHH:MM:SS.SS', () => {
  expect(L.isoDuration(3_723_450)).toBe('PT1H2M3.45S');
  expect(L.isoDuration(0)).toBe('PT0S');
  expect(L.scorm12Timespan(3_723_450)).toBe('0001:02:03.45');
  expect(L.isoTimestamp(new Date('2025-03-04T05:06:07.891Z'))).toBe('2025-03-04T05:06:07.8Z');
});

test('when the state is written and read back, then seen chapters, answers and the result survive', () => {
  const state = {
    seen: [0, 1],
    answers: { q03: 's1.t1,s2.t2', q04: 'i2,i1,i3,i4' },
    attempts: 2,
    result: [3, 4, 0],
    drawn: ['q01', 'q02', 'q03', 'q04'],
    journal: { moderation: { t: 'Ich frage öfter nach.', s: true, d: '2026-12-02' } },
  };
  const text = L.encodeState(state);
  expect(text.length).toBeLessThan(300);
  expect(L.decodeState(text, course)).toEqual(state);
});

test('when suspend_data is foreign or damaged, then the course starts fresh instead of failing', () => {
  const fresh = { seen: [], answers: {}, attempts: 0, result: null, drawn: [], journal: {} };
  expect(L.decodeState('{"slide":3}', course)).toEqual(fresh);
  expect(L.decodeState('not json', course)).toEqual(fresh);
  expect(L.decodeState('{"v":1,"s":[0,7],"a":{"q04":"i1,i9"}}', course)).toMatchObject({ seen: [0], answers: {} });
});

describe('the question pool (issue 17)', () => {
  const pool = JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, '../technik/module.json'), 'utf8')).quiz.questions;
  const objectives = [...new Set(pool.map((q: any) => q.objective))];
  const seq = (...values: number[]) => {
    let i = 0;
    return () => values[i++ % values.length];
  };

  test('when questions are drawn, then there is exactly one per objective, in the order of the objectives', () => {
    const drawn = L.drawQuestions(pool, []);
    expect(drawn).toHaveLength(objectives.length);
    expect(drawn.map((id: string) => pool.find((q: any) => q.id === id).objective)).toEqual(objectives);
    expect(L.validDraw(pool, drawn)).toBe(true);
  });

  test('when the learner retries, then every objective is asked with the other variant', () => {
    const first = L.drawQuestions(pool, [], seq(0));
    const second = L.drawQuestions(pool, first, seq(0));
    first.forEach((id: string, i: number) => expect(second[i]).not.toBe(id));
  });

  test('when the random source differs, then different variants are drawn (the pool is really used)', () => {
    expect(L.drawQuestions(pool, [], seq(0))).not.toEqual(L.drawQuestions(pool, [], seq(0.99)));
  });

  test('when a stored draw names an unknown question or skips an objective, then it is not used', () => {
    const drawn = L.drawQuestions(pool, []);
    expect(L.validDraw(pool, drawn.slice(1))).toBe(false);
    expect(L.validDraw(pool, ['nope', ...drawn.slice(1)])).toBe(false);
    const state = L.decodeState(JSON.stringify({ v: 1, s: [], a: {}, n: 0, r: null, q: ['nope'] }), {
      chapters: [],
      quiz: { questions: pool },
    });
    expect(state.drawn).toEqual([]);
  });

  test('when options are shuffled, then every order is a permutation and not always the same', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const orders = new Set(Array.from({ length: 20 }, () => L.shuffle(ids).join('')));
    for (const o of orders) expect([...o].sort().join('')).toBe('abcde');
    expect(orders.size).toBeGreaterThan(1);
  });
});

test('when a journal entry is foreign or too long, then it is cut or dropped instead of breaking the state', () => {
  const text = JSON.stringify({
    v: 1,
    s: [],
    a: {},
    n: 0,
    j: { moderation: { t: 'x'.repeat(5000), s: 'yes' }, 'Bad Id': { t: 'y' }, ok: { t: 3 } },
  });
  const state = L.decodeState(text, course);
  expect(Object.keys(state.journal)).toEqual(['moderation']);
  expect(state.journal.moderation.t).toHaveLength(L.JOURNAL_MAX);
  expect(state.journal.moderation.s).toBe(false);
});
