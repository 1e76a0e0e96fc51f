import type { Response } from 'express';

/**
 * CSV as German Excel opens it: UTF-8 with BOM, ";" between fields, CRLF after each record. Fields are
 * quoted always (reports) or only when they hold a separator, quote or line break (audit log); either
 * way separators, quotes and line breaks inside values survive. A value that starts like a formula
 * (= + - @ tab CR) gets a leading apostrophe, so a cell never runs as a formula.
 */
export const BOM = '\uFEFF';

export type CsvQuoting = 'always' | 'when-needed';

export function csvField(value: unknown, quoting: CsvQuoting = 'always'): string {
  let s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+([.,]\d+)?$/.test(s)) s = `'${s}`;
  if (quoting === 'when-needed' && !/[;"\r\n]/.test(s)) return s;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(fields: unknown[], quoting: CsvQuoting = 'always'): string {
  return `${fields.map((f) => csvField(f, quoting)).join(';')}\r\n`;
}

/**
 * Writes a CSV download in pieces and waits for the socket to drain between them, so memory holds
 * one batch at a time however long the file gets.
 */
export class CsvStream {
  constructor(
    private readonly res: Response,
    private readonly quoting: CsvQuoting = 'always',
  ) {}

  start(filename: string, header: string[]): Promise<void> {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    this.res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    this.res.setHeader('Cache-Control', 'no-store');
    return this.write(BOM + csvLine(header, this.quoting));
  }

  write(chunk: string): Promise<void> {
    if (this.res.destroyed) return Promise.reject(new Error('client went away'));
    if (this.res.write(chunk)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        this.res.off('close', closed);
        resolve();
      };
      const closed = () => {
        this.res.off('drain', done);
        reject(new Error('client went away'));
      };
      this.res.once('drain', done);
      this.res.once('close', closed);
    });
  }

  writeRows(rows: unknown[][]): Promise<void> {
    return rows.length ? this.write(rows.map((r) => csvLine(r, this.quoting)).join('')) : Promise.resolve();
  }

  end(): void {
    this.res.end();
  }
}

/** Parses our own CSV back (tests and the benchmark read files with it). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
