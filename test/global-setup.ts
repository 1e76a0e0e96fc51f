/**
 * Zips the synthetic fixtures (test/fixtures/synthetic/<name>/) into test/fixtures/packages/synthetic/<name>.zip once
 * per Jest run. They replace sample packages whose licence did not allow copying them into the
 * repository; built zips are never committed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';

const SOURCE = path.resolve(__dirname, 'fixtures/synthetic');
const TARGET = path.resolve(__dirname, 'fixtures/packages/synthetic');

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(path.join(dir, e.name), rel) : [rel];
  });
}

/** 16 KiB that do not compress, so the complex package stays larger than small upload limits in tests. */
function noise(): Buffer {
  const parts: Buffer[] = [];
  let block = Buffer.from('gezu-lms fixture');
  for (let i = 0; i < 512; i++) {
    block = crypto.createHash('sha256').update(block).digest();
    parts.push(block);
  }
  return Buffer.concat(parts);
}

function zipFolder(name: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const dir = path.join(SOURCE, name);
  const mtime = new Date('2020-01-01T00:00:00Z');
  for (const rel of listFiles(dir)) zip.addFile(path.join(dir, rel), rel, { mtime });
  if (name === 'complexscorm') zip.addBuffer(noise(), 'media/noise.bin', { mtime });
  zip.end();
  const tmp = path.join(TARGET, `${name}.zip.${process.pid}.tmp`);
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(tmp))
      .on('close', () => {
        fs.renameSync(tmp, path.join(TARGET, `${name}.zip`));
        resolve();
      })
      .on('error', reject);
  });
}

export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(TARGET, { recursive: true });
  await Promise.all(fs.readdirSync(SOURCE).map(zipFolder));
}
