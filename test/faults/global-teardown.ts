/** Prints the suite's machine-readable last line: `faults: acknowledged=N stored=N lost=N`. */
import fs from 'node:fs';
import { readTally } from './helpers/tally';

export default async function globalTeardown(): Promise<void> {
  const file = process.env.FAULTS_TALLY;
  if (!file) return;
  const t = readTally(file);
  fs.rmSync(file, { force: true });
  process.stdout.write(`faults: acknowledged=${t.acknowledged} stored=${t.stored} lost=${t.lost}\n`);
}
