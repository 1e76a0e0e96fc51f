import {
  accumulateTotalTime,
  formatDuration12,
  formatDuration2004,
  parseAnyDuration,
  parseDuration12,
  parseDuration2004,
} from '../../../src/scorm/cmi';

describe('SCORM 1.2 time spans (HHHH:MM:SS.SS)', () => {
  it('when a span has centiseconds, then they count', () => {
    expect(parseDuration12('0001:02:03.45')).toBe(((1 * 60 + 2) * 60 + 3) * 100 + 45);
  });

  it('when the fraction has one digit, then it means tenths', () => {
    expect(parseDuration12('00:00:01.5')).toBe(150);
  });

  it('when the span has no fraction (HH:MM:SS), then it parses', () => {
    expect(parseDuration12('00:10:00')).toBe(60000);
  });

  it('when the span is over 24 hours, then hours are not wrapped', () => {
    expect(parseDuration12('30:00:00')).toBe(30 * 3600 * 100);
    expect(parseDuration12('9999:59:59.99')).toBe(9999 * 360000 + 59 * 6000 + 59 * 100 + 99);
  });

  it.each([['1:2:3'], ['00:60:00'], ['00:00:60'], ['00:00:01.123'], ['PT1H'], [''], ['ab:cd:ef'], [' 00:00:01']])(
    'when the span is malformed (%p), then it is null',
    (text) => {
      expect(parseDuration12(text)).toBeNull();
    },
  );

  it('when the value is not a string, then it is null', () => {
    expect(parseDuration12(600)).toBeNull();
    expect(parseDuration12(undefined)).toBeNull();
  });

  it('when formatting, then hours have two digits and .SS only appears with centiseconds', () => {
    expect(formatDuration12(0)).toBe('00:00:00');
    expect(formatDuration12(7 * 360000)).toBe('07:00:00');
    expect(formatDuration12(26 * 360000 + 3 * 6000 + 4 * 100 + 50)).toBe('26:03:04.50');
    expect(formatDuration12(123 * 360000 + 5)).toBe('123:00:00.05');
  });

  it('when formatting more than the standard allows, then it is capped at 9999:59:59.99', () => {
    expect(formatDuration12(20000 * 360000)).toBe('9999:59:59.99');
  });

  it('when formatting a negative or fractional value, then it is clamped and rounded', () => {
    expect(formatDuration12(-50)).toBe('00:00:00');
    expect(formatDuration12(149.6)).toBe('00:00:01.50');
  });

  it('when a formatted span is parsed again, then the value is unchanged', () => {
    for (const cs of [0, 1, 99, 6000, 359999, 360000, 8640000 + 4321]) {
      expect(parseDuration12(formatDuration12(cs))).toBe(cs);
    }
  });
});

describe('SCORM 2004 time intervals (ISO 8601)', () => {
  it('when the interval has days and fractional seconds, then every part counts', () => {
    expect(parseDuration2004('P1DT2H3M4.5S')).toBe(((26 * 60 + 3) * 60 + 4) * 100 + 50);
  });

  it.each([
    ['PT0S', 0],
    ['PT10M', 60000],
    ['PT1H0M0S', 360000],
    ['PT0H0M0S', 0],
    ['PT1.25S', 125],
    ['PT0,5S', 50],
    ['P2W', 14 * 8640000],
    ['P1Y', 365 * 8640000],
    ['P1M', 30 * 8640000],
    ['PT36H', 36 * 360000],
  ])('when the interval is %p, then it is %p centiseconds', (text, cs) => {
    expect(parseDuration2004(text)).toBe(cs);
  });

  it.each([['P'], ['PT'], ['P1DT'], ['1H'], ['PT1H30'], ['PT-5S'], ['00:10:00'], ['pt1h'], ['']])(
    'when the interval is malformed (%p), then it is null',
    (text) => {
      expect(parseDuration2004(text)).toBeNull();
    },
  );

  it('when formatting, then zero parts are left out and days are written as hours', () => {
    expect(formatDuration2004(0)).toBe('PT0S');
    expect(formatDuration2004(60000)).toBe('PT10M');
    expect(formatDuration2004(((26 * 60 + 3) * 60 + 4) * 100 + 50)).toBe('PT26H3M4.5S');
    expect(formatDuration2004(5)).toBe('PT0.05S');
    expect(formatDuration2004(360000 + 100)).toBe('PT1H1S');
  });

  it('when a formatted interval is parsed again, then the value is unchanged', () => {
    for (const cs of [0, 1, 10, 99, 6000, 359999, 360000, 8640000 * 3 + 4321]) {
      expect(parseDuration2004(formatDuration2004(cs))).toBe(cs);
    }
  });
});

describe('parseAnyDuration', () => {
  it('when given either format, then it reads both (manifests carry both)', () => {
    expect(parseAnyDuration('01:30:00')).toBe(540000);
    expect(parseAnyDuration('PT1H30M')).toBe(540000);
    expect(parseAnyDuration('soon')).toBeNull();
  });
});

describe('accumulateTotalTime', () => {
  it('when a session ends, then its time is added to the total', () => {
    expect(accumulateTotalTime(360000, 60000)).toBe(420000);
  });

  it('when a session time is negative or not a number, then the total stays', () => {
    expect(accumulateTotalTime(360000, -100)).toBe(360000);
    expect(accumulateTotalTime(360000, Number.NaN)).toBe(360000);
  });
});
