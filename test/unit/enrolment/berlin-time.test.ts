import { parseBerlinLocal, toBerlinLocal, berlinDate, isValidDate } from '../../../src/shared/berlin-time';

describe('Berlin time', () => {
  it('when a winter and a summer time are typed, then they become the right UTC instants', () => {
    expect(parseBerlinLocal('2025-01-15T09:30')!.toISOString()).toBe('2025-01-15T08:30:00.000Z');
    expect(parseBerlinLocal('2025-07-15T09:30')!.toISOString()).toBe('2025-07-15T07:30:00.000Z');
  });

  it('when an instant is shown for a form, then it reads back the same', () => {
    for (const text of ['2025-03-30T03:30', '2025-10-26T01:15', '2026-12-31T23:59']) {
      expect(toBerlinLocal(parseBerlinLocal(text)!)).toBe(text);
    }
  });

  it('when the text is not a date and time, then nothing is parsed', () => {
    for (const bad of ['', '2025-13-01T10:00', '2025-01-01', 'morgen', 42, null])
      expect(parseBerlinLocal(bad)).toBeNull();
  });

  it("when it is 23:30 UTC on New Year's Eve, then it is already the next day in Berlin", () => {
    expect(berlinDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
  });

  it('when a date is checked, then only real calendar dates pass', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('29.02.2024')).toBe(false);
  });
});
