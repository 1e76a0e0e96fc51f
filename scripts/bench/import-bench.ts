/**
 * Import benchmark: a generated ~200 MB package with ~2,000 files (compressible HTML/JS/CSS and
 * incompressible "media"), zipped with yazl. Measures `unzip -q` of the same zip as the baseline,
 * then `importPackage` (extraction, checks, hashing, rows), and the process's peak RSS growth during
 * the import, sampled every 20 ms. One warm-up round, then 5 rounds alternating unzip and import
 * (so that load from others on a shared machine hits both alike of a pair); the ratio is the median
 * of the rounds' import/unzip ratios, RSS growth the largest of the rounds. Goals (issue 14): time ≤ 1.5× unzip, memory growth < 100 MB.
 * Last line: `import-bench: ratio=N rss_mb=N`.
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
import { importPackage } from '../../src/packages';
import { median } from './bench-process';

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

export async function generate(work: string): Promise<{ zip: string; bytes: number; files: number }> {
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
  await new Promise<void>((resolve, reject) =>
    zip.outputStream
      .pipe(fs.createWriteStream(out))
      .on('close', () => resolve())
      .on('error', reject),
  );
  fs.rmSync(src, { recursive: true, force: true });
  return { zip: out, bytes, files: TEXT_FILES + MEDIA_FILES + 2 };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const ROUNDS = Number(process.env.IMPORT_BENCH_ROUNDS ?? 5);
const RATIO_GOAL = 1.5;

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-import-bench-'));
  try {
    const { zip, bytes, files } = await generate(work);
    const zipSize = fs.statSync(zip).size;

    const config = loadConfig({
      DATA_DIR: path.join(work, 'data'),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      IMPORT_COURSES: 'false',
    });
    const ctx = await createContext(config, { logger: createLogger('silent') });

    const unzipOnce = (): number => {
      const unzipDir = path.join(work, 'unzip');
      fs.mkdirSync(unzipDir);
      const t0 = process.hrtime.bigint();
      execFileSync('unzip', ['-q', zip, '-d', unzipDir]);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      fs.rmSync(unzipDir, { recursive: true, force: true });
      return ms;
    };
    const importOnce = async (): Promise<{ ms: number; growth: number; id: number; version: number }> => {
      if (global.gc) global.gc();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      const t0 = process.hrtime.bigint();
      const imported = await importPackage(ctx.services.packages, zip, { actorId: null, sourceName: 'bench.zip' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      // Each round stores a new version; drop its files so the disk does not fill up.
      fs.rmSync(path.join(config.dataDir, 'content'), { recursive: true, force: true });
      return { ms, growth: peak - rssBefore, id: imported.id, version: imported.version };
    };

    unzipOnce(); // warm-up: page cache, the unzip binary, the app's modules and prepared statements
    await importOnce();
    const unzips: number[] = [];
    const imports: number[] = [];
    let growth = 0;
    let last = { id: 0, version: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      unzips.push(unzipOnce());
      const r = await importOnce();
      imports.push(r.ms);
      growth = Math.max(growth, r.growth);
      last = r;
    }
    await ctx.close();

    const unzipMs = median(unzips);
    const importMs = median(imports);
    // Paired: each round's import against the unzip just before it, so load that comes and goes
    // between rounds cancels out; the ratio of the two medians is printed beside it.
    const ratio = median(imports.map((ms, i) => ms / unzips[i]));
    const load = os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    console.log(
      `package: ${files} files, ${mb(bytes)} uncompressed, zip ${mb(zipSize)}; database: ${ctx.sequelize.getDialect()}; ${os.cpus().length} cores, load average ${load}`,
    );
    console.log(
      `rounds: unzip ${unzips.map((x) => x.toFixed(0)).join(' ')} ms; import ${imports.map((x) => x.toFixed(0)).join(' ')} ms`,
    );
    console.table([
      { measure: 'unzip -q (baseline), median', value: `${unzipMs.toFixed(0)} ms`, goal: '' },
      { measure: 'importPackage, median', value: `${importMs.toFixed(0)} ms`, goal: '' },
      { measure: 'ratio import / unzip (median of rounds)', value: `${ratio.toFixed(2)}×`, goal: `≤ ${RATIO_GOAL}×` },
      { measure: 'ratio of the medians', value: `${(importMs / unzipMs).toFixed(2)}×`, goal: '' },
      { measure: 'peak RSS growth during import (max)', value: mb(growth), goal: '< 100 MB' },
    ]);
    const ok = ratio <= RATIO_GOAL && growth < 100 * 1024 * 1024;
    console.log(
      `imported package ${last.id} version ${last.version}: ${ratio <= RATIO_GOAL ? 'time goal met' : 'TIME GOAL MISSED'}, ${growth < 100 * 1024 * 1024 ? 'memory goal met' : 'MEMORY GOAL MISSED'}`,
    );
    console.log(`import-bench: ratio=${ratio.toFixed(2)} rss_mb=${(growth / 1024 / 1024).toFixed(1)}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
