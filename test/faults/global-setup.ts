/** Zips the synthetic fixtures like the main suite and starts an empty tally of commits. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zipFixtures from '../global-setup';

export default async function globalSetup(): Promise<void> {
  await zipFixtures();
  const file = path.join(os.tmpdir(), `gezu-faults-tally-${process.pid}.jsonl`);
  fs.writeFileSync(file, '');
  process.env.FAULTS_TALLY = file; // inherited by the test workers
}
