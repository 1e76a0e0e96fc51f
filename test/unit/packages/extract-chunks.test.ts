/**
 * The extraction reads and inflates entries in large chunks (yauzl-read-fix.ts, extract-zip.ts): entries
 * that span several chunks, stored or deflated, must come out byte for byte, and a size lie in a stored
 * entry must still be caught. writeLimited writes chunk by chunk without pipeline(): its failures.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { DEFAULT_ZIP_LIMITS } from '../../../src/packages/inspect';
import { extractZip } from '../../../src/packages/inspect/extract-zip';
import { ENTRY_READ_CHUNK } from '../../../src/packages/inspect/yauzl-read-fix';
import { writeLimited } from '../../../src/packages/inspect/write-limited';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-chunks-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function buildZip(entries: { name: string; data: Buffer; store?: boolean }[]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: !e.store });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const file = path.join(tmp, 'package.zip');
  fs.writeFileSync(file, Buffer.concat(chunks));
  return file;
}

/** Compressible but not trivially so: words in a random order. */
function text(bytes: number): Buffer {
  const words = ['Lotse', 'Moderation', 'Experimentierraum', 'Ablauf', 'Rolle', 'Ziel', 'Klarheit'];
  const out: string[] = [];
  let n = 0;
  while (n < bytes) {
    const w = `${words[crypto.randomInt(words.length)]} `;
    out.push(w);
    n += w.length;
  }
  return Buffer.from(out.join('').slice(0, bytes));
}

describe('extractZip with chunked reads', () => {
  test('when entries span several read chunks, stored or deflated, then every file is written byte for byte', async () => {
    const entries = [
      { name: 'media/clip.mp4', data: crypto.randomBytes(ENTRY_READ_CHUNK * 3 + 123), store: true },
      { name: 'media/exact.jpg', data: crypto.randomBytes(ENTRY_READ_CHUNK * 2), store: true },
      { name: 'media/empty.mp3', data: Buffer.alloc(0), store: true },
      { name: 'pages/long.html', data: text(ENTRY_READ_CHUNK * 5 + 7) },
      { name: 'pages/short.js', data: text(100) },
    ];
    const zip = await buildZip(entries);
    const dest = path.join(tmp, 'out');
    fs.mkdirSync(dest);
    const extracted = await extractZip(zip, dest, DEFAULT_ZIP_LIMITS);
    expect([...extracted.files].sort()).toEqual(entries.map((e) => e.name).sort());
    expect(extracted.totalBytes).toBe(entries.reduce((sum, e) => sum + e.data.length, 0));
    for (const e of entries) expect(fs.readFileSync(path.join(dest, e.name)).equals(e.data)).toBe(true);
  });

  test('when yauzl opens an entry, then its stream reads a whole chunk at a time, not 16 KiB', async () => {
    const data = crypto.randomBytes(ENTRY_READ_CHUNK + 1000);
    const file = await buildZip([{ name: 'a.bin', data, store: true }]);
    const sizes = await new Promise<number[]>((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true }, (err, zip) => {
        if (err || !zip) return reject(err);
        zip.on('entry', (entry: yauzl.Entry) =>
          zip.openReadStream(entry, (err2, stream) => {
            if (err2 || !stream) return reject(err2);
            const seen: number[] = [];
            stream.on('data', (chunk: Buffer) => seen.push(chunk.length));
            stream.on('end', () => resolve(seen));
            stream.on('error', reject);
          }),
        );
        zip.readEntry();
      });
    });
    expect(sizes).toEqual([ENTRY_READ_CHUNK, 1000]);
  });

  test('when a stored entry is longer than its header says, then PACKAGE_ZIP_CORRUPT', async () => {
    const zipPath = await buildZip([{ name: 'a.bin', data: crypto.randomBytes(ENTRY_READ_CHUNK + 500), store: true }]);
    const bytes = fs.readFileSync(zipPath);
    // Central directory record: compressed and uncompressed size 20 and 24 bytes after its signature.
    const cd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(ENTRY_READ_CHUNK + 600, cd + 20);
    bytes.writeUInt32LE(ENTRY_READ_CHUNK + 600, cd + 24);
    fs.writeFileSync(zipPath, bytes);
    const dest = path.join(tmp, 'out');
    fs.mkdirSync(dest);
    await expect(extractZip(zipPath, dest, DEFAULT_ZIP_LIMITS)).rejects.toMatchObject({
      problem: { code: 'PACKAGE_ZIP_CORRUPT' },
    });
  });
});

describe('writeLimited', () => {
  test('when the source fails while the file is still being opened, then the write rejects with that error', async () => {
    const source = new Readable({ read() {} });
    // Fails on the next tick: before the open of the destination can have finished.
    process.nextTick(() => source.destroy(new Error('inflate failed early')));
    const target = path.join(tmp, 'early.bin');
    await expect(writeLimited(source, target, 'early.bin', DEFAULT_ZIP_LIMITS, { total: 0 })).rejects.toThrow(
      'inflate failed early',
    );
  });

  test('when the destination exists, then EEXIST and the source is destroyed, not left open', async () => {
    const target = path.join(tmp, 'taken.bin');
    fs.writeFileSync(target, 'first');
    const source = Readable.from([Buffer.from('second')]);
    await expect(writeLimited(source, target, 'taken.bin', DEFAULT_ZIP_LIMITS, { total: 0 })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(source.destroyed).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
  });

  test('when a chunk breaks the total limit, then ZIP_TOO_LARGE and nothing after it is written', async () => {
    const source = Readable.from([Buffer.alloc(600, 1), Buffer.alloc(600, 2)]);
    const target = path.join(tmp, 'big.bin');
    const limits = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1000 };
    await expect(writeLimited(source, target, 'big.bin', limits, { total: 0 })).rejects.toMatchObject({
      problem: { code: 'ZIP_TOO_LARGE' },
    });
    expect(fs.readFileSync(target)).toEqual(Buffer.alloc(600, 1));
  });
});

describe('extractZip with the central directory read ahead', () => {
  test('when the central directory spans several read-ahead blocks, then every entry is found and written', async () => {
    // 500 records of ~300 bytes: some 150 KB of central directory, three 64 KiB blocks.
    const entries = Array.from({ length: 500 }, (_, i) => ({
      name: `kapitel-${String(i % 7).padStart(2, '0')}/${'seite-mit-einem-langen-namen-'.repeat(8)}${i}.html`,
      data: Buffer.from(`<p>${i}</p>`),
    }));
    const zip = await buildZip(entries);
    const dest = path.join(tmp, 'out');
    fs.mkdirSync(dest);
    const extracted = await extractZip(zip, dest, DEFAULT_ZIP_LIMITS);
    expect([...extracted.files].sort()).toEqual(entries.map((e) => e.name).sort());
    for (const e of [entries[0], entries[277], entries[499]])
      expect(fs.readFileSync(path.join(dest, e.name), 'utf8')).toBe(e.data.toString());
  });

  test('when the last record claims a name longer than the file holds, then PACKAGE_ZIP_CORRUPT', async () => {
    const zipPath = await buildZip([
      { name: 'a.html', data: Buffer.from('a') },
      { name: 'b.html', data: Buffer.from('b') },
    ]);
    const bytes = fs.readFileSync(zipPath);
    // Central directory record: the name's length sits 28 bytes after its signature.
    const cd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt16LE(3000, cd + 28);
    fs.writeFileSync(zipPath, bytes);
    const dest = path.join(tmp, 'out');
    fs.mkdirSync(dest);
    await expect(extractZip(zipPath, dest, DEFAULT_ZIP_LIMITS)).rejects.toMatchObject({
      problem: { code: 'PACKAGE_ZIP_CORRUPT' },
    });
  });
});
