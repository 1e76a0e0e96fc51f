/**
 * Import benchmark: a generated ~200 MB package with ~2,000 files (compressible HTML/JS/CSS and
 * incompressible "media"), zipped with yazl. Measures `unzip -q` of the same zip as the baseline,
 * then `importPackage` (extraction, checks, hashing, rows), and the process's peak RSS growth during
 * the import, sampled every 20 ms. Goals: time ≤ 2× unzip, memory growth < 100 MB.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/shared/logger';
import { initPackages, importPackage } from '../../src/packages';

const TEXT_FILES = 1000;
const MEDIA_FILES = 1000;
const TEXT_BYTES = 40 * 1024;
const MEDIA_BYTES = 160 * 1024;

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bench" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Benchmark</title>
    <item identifier="item1" identifierref="res1"><title>Start</title></item>
  </organization></organizations>
  <resources><resource identifier="res1" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>`;

async function generate(work: string): Promise<{ zip: string; bytes: number; files: number }> {
  const src = path.join(work, 'src');
  fs.mkdirSync(path.join(src, 'pages'), { recursive: true });
  fs.mkdirSync(path.join(src, 'media'), { recursive: true });
  fs.writeFileSync(path.join(src, 'imsmanifest.xml'), MANIFEST);
  fs.writeFileSync(path.join(src, 'index.html'), '<!doctype html><title>Bench</title><p>Start</p>');
  const para = 'Die Moderation eines Experimentierraums verlangt Klarheit über Rolle, Ziel und Ablauf. ';
  const text = Buffer.from(para.repeat(Math.ceil(TEXT_BYTES / para.length)).slice(0, TEXT_BYTES));
  let bytes = 0;
  const zip = new yazl.ZipFile();
  zip.addFile(path.join(src, 'imsmanifest.xml'), 'imsmanifest.xml');
  zip.addFile(path.join(src, 'index.html'), 'index.html');
  for (let i = 0; i < TEXT_FILES; i++) {
    const name = `pages/page-${i}.${['html', 'js', 'css'][i % 3]}`;
    fs.writeFileSync(path.join(src, name), Buffer.concat([Buffer.from(`/* ${i} */\n`), text]));
    zip.addFile(path.join(src, name), name);
    bytes += TEXT_BYTES;
  }
  for (let i = 0; i < MEDIA_FILES; i++) {
    const name = `media/clip-${i}.${['mp4', 'jpg', 'mp3'][i % 3]}`;
    fs.writeFileSync(path.join(src, name), crypto.randomBytes(MEDIA_BYTES));
    // Media is stored, not deflated, as authoring tools do.
    zip.addFile(path.join(src, name), name, { compress: false });
    bytes += MEDIA_BYTES;
  }
  zip.end();
  const out = path.join(work, 'bench.zip');
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(out)).on('close', () => resolve()).on('error', reject));
  fs.rmSync(src, { recursive: true, force: true });
  return { zip: out, bytes, files: TEXT_FILES + MEDIA_FILES + 2 };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-import-bench-'));
  try {
    const { zip, bytes, files } = await generate(work);
    const zipSize = fs.statSync(zip).size;

    const unzipDir = path.join(work, 'unzip');
    fs.mkdirSync(unzipDir);
    let t0 = process.hrtime.bigint();
    execFileSync('unzip', ['-q', zip, '-d', unzipDir]);
    const unzipMs = Number(process.hrtime.bigint() - t0) / 1e6;
    fs.rmSync(unzipDir, { recursive: true, force: true });

    const config = loadConfig({ DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'silent', NODE_ENV: 'test', IMPORT_COURSES: 'false' });
    const ctx = await createContext(config, { logger: createLogger('silent') });
    initPackages(config);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    t0 = process.hrtime.bigint();
    const imported = await importPackage(zip, { actorId: null, sourceName: 'bench.zip' });
    const importMs = Number(process.hrtime.bigint() - t0) / 1e6;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    await ctx.close();

    const ratio = importMs / unzipMs;
    const growth = peak - rssBefore;
    console.log(`package: ${files} files, ${mb(bytes)} uncompressed, zip ${mb(zipSize)}; database: ${ctx.sequelize.getDialect()}`);
    console.table([
      { measure: 'unzip -q (baseline)', value: `${unzipMs.toFixed(0)} ms`, goal: '' },
      { measure: 'importPackage', value: `${importMs.toFixed(0)} ms`, goal: '' },
      { measure: 'ratio import / unzip', value: `${ratio.toFixed(2)}×`, goal: '≤ 2×' },
      { measure: 'peak RSS growth during import', value: mb(growth), goal: '< 100 MB' },
    ]);
    console.log(`imported package ${imported.id} version ${imported.version}: ${ratio <= 2 ? 'time goal met' : 'TIME GOAL MISSED'}, ${growth < 100 * 1024 * 1024 ? 'memory goal met' : 'MEMORY GOAL MISSED'}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
