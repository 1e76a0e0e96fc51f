/**
 * The suite's count of acknowledged and stored commits. Each test adds its figures to one file
 * (FAULTS_TALLY, set by global-setup.ts); global-teardown.ts prints the sum as the last line.
 */
import fs from 'node:fs';

export interface Tally {
  acknowledged: number;
  stored: number;
}

export function addToTally(t: Tally): void {
  const file = process.env.FAULTS_TALLY;
  if (file) fs.appendFileSync(file, `${JSON.stringify(t)}\n`);
}

export function readTally(file: string): Tally & { lost: number } {
  const sum = { acknowledged: 0, stored: 0 };
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const line of text.split('\n').filter(Boolean)) {
    const t = JSON.parse(line) as Tally;
    sum.acknowledged += t.acknowledged;
    sum.stored += t.stored;
  }
  return { ...sum, lost: sum.acknowledged - sum.stored };
}
