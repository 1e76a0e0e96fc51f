import ICAL from 'ical.js';
import { calendarFile, escapeText, foldLine } from '../../../src/shared/ics';

describe('calendar file (RFC 5545)', () => {
  const event = {
    uid: 'consultation-7@gezu.example',
    start: new Date('2026-03-04T08:30:00Z'),
    end: new Date('2026-03-04T09:30:00Z'),
    summary: 'Sprechstunde; Tools, Methoden \\ Übungen',
    description: `Erste Zeile\nZweite Zeile mit Umlauten äöüß und einem langen Text ${'x'.repeat(120)}`,
    url: 'https://meet.example.org/raum?id=1&pw=2',
    location: 'https://meet.example.org/raum?id=1&pw=2',
    stamp: new Date('2026-03-01T12:00:00Z'),
  };

  it('when a title holds ; , \\ and newlines, then they are escaped and the file parses back to the same text', () => {
    const text = calendarFile(event);
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    const e = new ICAL.Event(vevent);
    expect(e.summary).toBe(event.summary);
    expect(e.description).toBe(event.description);
    expect(e.uid).toBe(event.uid);
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-03-04T08:30:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-03-04T09:30:00.000Z');
    expect(vevent.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-03-01T12:00:00Z');
    expect(vevent.getFirstPropertyValue('url')).toBe(event.url);
  });

  it('when lines are long, then every line ends with CRLF and no line is over 75 octets', () => {
    const text = calendarFile(event);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toContain('\r\n ');
  });

  it('when folding multi-byte text, then no UTF-8 character is split', () => {
    const folded = foldLine(`DESCRIPTION:${'ä'.repeat(100)}`);
    expect(folded.split('\r\n ').join('')).toBe(`DESCRIPTION:${'ä'.repeat(100)}`);
    expect(escapeText('a;b,c\\d\r\ne')).toBe('a\\;b\\,c\\\\d\\ne');
  });
});
