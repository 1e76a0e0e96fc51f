/** Shared by the course tests: where the sources are and how to read a built zip. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';

export const COURSES_DIR = path.resolve(__dirname, '../../../courses');
export const SAMPLE_DIR = path.join(COURSES_DIR, '_sample');
export const REAL_MODULES = ['tools-methoden', 'technik', 'megatrends'];

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every entry of a zip with its content, in archive order. */
export function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** A copy of the sample module in a temp folder, for tests that break it on purpose. */
export function copySample(tmpRoot: string): string {
  const dir = path.join(tmpRoot, '_sample');
  fs.cpSync(SAMPLE_DIR, dir, { recursive: true });
  return dir;
}
