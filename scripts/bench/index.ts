/**
 * `npm run bench`: runs every `*-bench.ts` in this folder in turn, each in its own process so that
 * one benchmark's memory does not disturb the next one's figures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = __dirname;
// Words pick benchmarks by file name; `--flags` are handed to each of them (e.g. --db=sqlite).
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
// The soak (soak-bench.ts: 500 learners for 10 minutes, `--learners=N --minutes=N`) runs only when named.
const ONLY_WHEN_NAMED = ['soak-bench.ts'];
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('-bench.ts'))
  .filter((f) => (only.length === 0 ? !ONLY_WHEN_NAMED.includes(f) : only.some((o) => f.includes(o))))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file), ...flags], {
    stdio: 'inherit',
    cwd: path.resolve(dir, '../..'),
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
