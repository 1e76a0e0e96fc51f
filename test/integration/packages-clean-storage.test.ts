import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { importPackage, cleanPackageStorage, getVersion } from '../../src/packages';
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
  it('when a content folder has no rows and is old, then it goes; referenced and recent folders stay; old tmp files go', async () => {
    const pkg = await importPackage(path.join(SAMPLES, 'zips/scorm12.zip'), { actorId: null });
    const version = await getVersion(pkg.versionId);
    const content = path.join(t.dataDir, 'content');
    const kept = path.join(content, version.storageDir);
    const orphan = path.join(content, 'orphan-from-a-crash');
    const fresh = path.join(content, 'import-running-now');
    const oldTmp = path.join(t.dataDir, 'tmp', 'upload-abandoned');
    for (const dir of [orphan, fresh]) fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.dirname(oldTmp), { recursive: true });
    fs.writeFileSync(oldTmp, 'x');
    makeOld(orphan, 3);
    makeOld(kept, 3);
    makeOld(oldTmp, 3);

    const result = await cleanPackageStorage();
    expect(result.removedContent).toEqual(['orphan-from-a-crash']);
    expect(result.removedTmp).toEqual(['upload-abandoned']);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(path.join(kept, 'imsmanifest.xml')) || fs.readdirSync(kept).length > 0).toBe(true);
  });
});
