import { BOM, csvField, csvLine, parseCsv } from '../../../src/shared/csv';
import {
  germanDateTime,
  hoursMinutes,
  scorePercent,
  shortDuration,
  timespanSeconds,
} from '../../../src/reports/report-format';
import { filterQuery, parseReportFilter } from '../../../src/reports/report-filter';

describe('CSV for German Excel', () => {
  it('when fields hold ; quotes and line breaks, then every field is quoted and parses back unchanged', () => {
    const fields = ['Jörg; Weiß', 'sagt "Hallo"', 'zwei\r\nZeilen', 12, null];
    const line = csvLine(fields);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(BOM + line)).toEqual([['Jörg; Weiß', 'sagt "Hallo"', 'zwei\r\nZeilen', '12', '']]);
  });

  it('when a value looks like a formula, then it is defused; negative numbers stay numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField('-12,5')).toBe('"-12,5"');
  });
});

describe('formatting figures', () => {
  it('when centiseconds are given, then h:mm rounds minutes down', () => {
    expect(hoursMinutes(123456)).toBe('0:20');
    expect(hoursMinutes(360000)).toBe('1:00');
    expect(hoursMinutes(0)).toBe('0:00');
    expect(scorePercent(0.925)).toBe(93);
    expect(scorePercent(null)).toBeNull();
  });

  it('when a time lies around the DST switch, then Berlin local time is printed', () => {
    expect(germanDateTime(new Date('2026-03-29T00:59:00Z'))).toBe('29.03.2026 01:59');
    expect(germanDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('29.03.2026 03:00');
    expect(germanDateTime(new Date('2026-10-25T01:00:00Z'))).toBe('25.10.2026 02:00');
    expect(germanDateTime(null)).toBe('');
  });

  it('when SCORM time spans come in 1.2 or 2004 form, then they become seconds', () => {
    expect(timespanSeconds('PT1M5S')).toBe(65);
    expect(timespanSeconds('0000:01:30.5')).toBe(90.5);
    expect(timespanSeconds('P1DT2H')).toBe(93600);
    expect(timespanSeconds('PT')).toBeNull();
    expect(timespanSeconds('bogus')).toBeNull();
    expect(shortDuration(65)).toBe('1:05 min');
    expect(shortDuration(12)).toBe('12 s');
  });
});

describe('the report filter', () => {
  it('when the query holds nonsense, then each bad value falls back to no filter instead of failing', () => {
    const f = parseReportFilter({
      region: 'mars',
      cohort: 'x',
      status: 'great',
      module: 'technik',
      inactiveDays: '-3',
      stuckDays: 'abc',
      sort: 'size',
      page: '0',
      q: '  Müller ',
    });
    expect(f).toMatchObject({
      region: undefined,
      cohort: undefined,
      status: undefined,
      module: 'technik',
      inactiveDays: undefined,
      stuckDays: 14,
      sort: 'name',
      page: 1,
      q: 'Müller',
    });
  });

  it('when a filter is turned into a query string, then defaults are left out and it parses back to the same filter', () => {
    const f = parseReportFilter({
      region: 'saarland',
      status: 'failed',
      module: 'megatrends',
      stuck: '1',
      sort: 'progress',
      dir: 'desc',
      stuckDays: '30',
    });
    const q = filterQuery(f);
    expect(q).not.toContain('page=');
    expect(parseReportFilter(Object.fromEntries(new URLSearchParams(q)))).toEqual(f);
    expect(filterQuery(parseReportFilter({}))).toBe('');
  });
});
