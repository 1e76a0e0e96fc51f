/**
 * Profiling aid for the import benchmark (not a benchmark itself): builds the bench's package once
 * into a kept folder (IMPORT_PROFILE_DIR, default /tmp/perf/import-profile), then times each phase of
 * an import on its own — `unzip -q`, the SHA-256 of the zip, the extraction, the inspection (extraction
 * and manifest), the whole `importPackage` — interleaved over IMPORT_PROFILE_ROUNDS rounds, and prints
 * the medians. `IMPORT_PROFILE_ONLY=importPackage` (a comma-separated list of phases) runs only those,
 * e.g. under `node --cpu-prof` or `perf record`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/shared/logger';
import { importPackage } from '../../src/packages';
import { hashFile } from '../../src/packages/import-package';
import { extractZip } from '../../src/packages/inspect/extract-zip';
import { inspectPackage } from '../../src/packages/inspect';
import { generate } from './import-bench';
import { median } from './bench-process';

const dir = process.env.IMPORT_PROFILE_DIR ?? '/tmp/perf/import-profile';
const rounds = Number(process.env.IMPORT_PROFILE_ROUNDS ?? 3);
const only = process.env.IMPORT_PROFILE_ONLY;

/** Wall time, and the CPU time of this process (all its threads) or of the child (`unzip`). */
async function timed(fn: () => unknown): Promise<{ ms: number; cpuMs: number }> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000 };
}

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const zip = path.join(dir, 'bench.zip');
  if (!fs.existsSync(zip)) await generate(dir);
  const data = path.join(dir, 'data');
  fs.rmSync(data, { recursive: true, force: true });
  const config = loadConfig({ DATA_DIR: data, LOG_LEVEL: 'silent', NODE_ENV: 'test', IMPORT_COURSES: 'false' });
  const ctx = await createContext(config, { logger: createLogger('silent') });
  const settings = ctx.services.packages;
  const scratch = path.join(data, 'tmp', 'scratch');
  const clean = () => fs.rmSync(scratch, { recursive: true, force: true });

  const unzipCpu: number[] = [];
  const phases: Record<string, () => Promise<unknown>> = {
    // Through `time`, so that the child's CPU is known too (printed to stderr by time's -f).
    unzip: async () => {
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'unzip', '-q', zip, '-d', scratch], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`unzip failed: ${r.stderr}`);
      const [user, sys] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
      unzipCpu.push((user + sys) * 1000);
    },
    // The import's own hashing (its read size included), not a copy of it.
    sha256: () => hashFile(zip),
    extractZip: () => extractZip(zip, scratch, settings.limits),
    // As importPackage does it: the hash read beside the extraction.
    extractAndHash: () => Promise.all([extractZip(zip, scratch, settings.limits), phases.sha256()]),
    inspectPackage: () => inspectPackage(zip, settings.limits, scratch),
    importPackage: () => importPackage(settings, zip, { actorId: null, sourceName: 'bench.zip' }),
  };
  const names = only ? only.split(',') : Object.keys(phases);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r <= rounds; r++) {
    for (const name of names) {
      clean();
      fs.mkdirSync(scratch, { recursive: true });
      const t = await timed(phases[name]);
      // Round 0 warms the page cache and the modules.
      if (r > 0) times[name].push(t.ms);
      if (r > 0) cpu[name].push(name === 'unzip' ? unzipCpu[unzipCpu.length - 1] : t.cpuMs);
      clean();
      fs.rmSync(path.join(data, 'content'), { recursive: true, force: true });
    }
  }
  await ctx.close();
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${rounds} rounds`,
  );
  for (const name of names) {
    const list = times[name].map((x) => x.toFixed(0)).join(' ');
    console.log(
      `${name.padEnd(16)} median ${median(times[name]).toFixed(0)} ms, CPU ${median(cpu[name]).toFixed(0)} ms  (${list})`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
