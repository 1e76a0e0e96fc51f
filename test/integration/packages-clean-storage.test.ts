import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { importPackage, cleanPackageStorage, getVersion } from '../../src/packages';
import { PackageStaging } from '../../src/packages/package-models';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

const SAMPLES = SAMPLES_ROOT;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function makeOld(p: string, hoursAgo: number) {
  const when = new Date(Date.now() - hoursAgo * 3600_000);
  fs.utimesSync(p, when, when);
}

describe('cleaning leftovers of interrupted imports', () => {
  it('when a content folder has no rows and no live import claims it, then it goes at once; referenced and claimed folders stay; old tmp files go', async () => {
    const pkg = await importPackage(t.ctx.services.packages, path.join(SAMPLES, 'zips/scorm12.zip'), { actorId: null });
    const version = await getVersion(pkg.versionId);
    const content = path.join(t.dataDir, 'content');
    const kept = path.join(content, version.storageDir);
    const orphan = path.join(content, 'orphan-from-a-crash');
    const fresh = path.join(content, 'import-running-now');
    const oldTmp = path.join(t.dataDir, 'tmp', 'upload-abandoned');
    const recentUpload = path.join(t.dataDir, 'tmp', 'upload-arriving');
    // An import running in another process of this host right now (this one: its pid is alive).
    await PackageStaging.create({
      storageDir: 'import-running-now',
      owner: `${os.hostname()}/${process.ppid}/x`,
      heartbeatAt: new Date(),
    });
    for (const dir of [orphan, fresh]) fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.dirname(oldTmp), { recursive: true });
    fs.writeFileSync(oldTmp, 'x');
    fs.writeFileSync(recentUpload, 'x');
    // Recent: before, an orphan survived for an hour; now the next start removes it.
    makeOld(orphan, 0);
    makeOld(kept, 3);
    makeOld(oldTmp, 3);

    const result = await cleanPackageStorage(t.ctx.services.packages);
    expect(result.removedContent).toEqual(['orphan-from-a-crash']);
    expect(result.removedTmp).toEqual(['upload-abandoned']);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(recentUpload)).toBe(true);
    expect(fs.existsSync(path.join(kept, 'imsmanifest.xml')) || fs.readdirSync(kept).length > 0).toBe(true);
  });
});
