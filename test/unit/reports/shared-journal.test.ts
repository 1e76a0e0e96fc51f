/**
 * Issue 17: the drill-down reads the journal entries a Lotse shared from the stored CMI; entries
 * not shared, foreign suspend_data and damaged values never show up.
 */
import { parseCmi, readSharedJournal } from '../../../src/reports/cmi-read';

const cmiWith = (suspend: unknown) =>
  parseCmi(JSON.stringify({ cmi: { suspend_data: typeof suspend === 'string' ? suspend : JSON.stringify(suspend) } }));

test('when a journal has a shared and a private entry, then only the shared one is read, with its chapter title and date', () => {
  const cmi = cmiWith({
    v: 1,
    s: [0],
    j: {
      'digitale-transformation': { t: 'Geteilt', s: true, d: '2026-12-02', c: 'Basiswissen Digitale Transformation' },
      'kuenstliche-intelligenz': { t: 'Privat', s: false, d: '2026-12-02', c: 'Künstliche Intelligenz' },
    },
  });
  expect(readSharedJournal(cmi)).toEqual([
    {
      chapterId: 'digitale-transformation',
      chapterTitle: 'Basiswissen Digitale Transformation',
      text: 'Geteilt',
      day: '2026-12-02',
    },
  ]);
});

test("when suspend_data is another package's or damaged, then no entries are read and nothing throws", () => {
  expect(readSharedJournal(cmiWith('lesson=3;slide=7'))).toEqual([]);
  expect(readSharedJournal(cmiWith({ v: 2, j: { a: { t: 'x', s: true } } }))).toEqual([]);
  expect(
    readSharedJournal(
      cmiWith({ v: 1, j: { a: { t: 42, s: true }, b: { t: '   ', s: true }, c: { t: 'ok', s: 'true' } } }),
    ),
  ).toEqual([]);
  expect(readSharedJournal(parseCmi(null))).toEqual([]);
});

test('when a shared entry is very long or its date is odd, then the text is cut and the date left out', () => {
  const [entry] = readSharedJournal(cmiWith({ v: 1, j: { a: { t: 'x'.repeat(10_000), s: true, d: '<script>' } } }));
  expect(entry.text).toHaveLength(4000);
  expect(entry.day).toBe('');
  expect(entry.chapterTitle).toBe('a');
});
