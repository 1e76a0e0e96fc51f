/**
 * inspectPackage on every real package in test/fixtures/packages, as zip or folder: the real
 * courses import with their edition and SCO count, the negative fixtures are refused with their code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { DEFAULT_ZIP_LIMITS, inspectPackage, type InspectResult } from '../../../src/packages/inspect';
import { SAMPLES as SAMPLES_ROOT } from '../../helpers/samples';

const SAMPLES = SAMPLES_ROOT;
let workDir: string;

beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-samples-'));
});
afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

type Ok = Extract<InspectResult, { ok: true }>;

async function inspectOk(rel: string): Promise<Ok> {
  const result = await inspectPackage(path.join(SAMPLES, rel), DEFAULT_ZIP_LIMITS, workDir);
  if (!result.ok) throw new Error(`${rel}: ${JSON.stringify(result.errors)}`);
  return result;
}

async function refusalCodes(rel: string): Promise<string[]> {
  const result = await inspectPackage(path.join(SAMPLES, rel), DEFAULT_ZIP_LIMITS, workDir);
  if (result.ok) throw new Error(`${rel} was accepted`);
  expect(fs.readdirSync(workDir)).toEqual([]);
  return [...new Set(result.errors.map((e) => e.code))];
}

const scoCount = (r: Ok) => r.manifest.scos.filter((s) => s.scormType === 'sco').length;

describe('inspectPackage: real courses are accepted', () => {
  test.each([
    // [package, edition, SCOs, launchable items incl. assets]
    ['scorm12/ContentPackagingOneFilePerSCO_SCORM12', '1.2', 0, 18],
    ['scorm12/ContentPackagingSingleSCO_SCORM12', '1.2', 1, 1],
    ['scorm12/ContentPackagingWithMetadata_SCORM12', '1.2', 1, 1],
    ['scorm12/LaunchUrlFromNestedItem_SCORM12', '1.2', 2, 2],
    ['scorm12/MultipleItemsWithIdentifierRef_SCORM12', '1.2', 3, 3],
    ['scorm12/PrerequisitesTest_SCORM12', '1.2', 4, 4],
    ['scorm12/RuntimeBasicCalls_SCORM12', '1.2', 1, 1],
    ['scorm12/RuntimeMinimumCalls_SCORM12', '1.2', 18, 18],
    ['scorm2004/ContentPackagingMetadata_SCORM20043rdEdition', '2004-3rd', 1, 1],
    ['scorm2004/ContentPackagingOneFilePerSCO_SCORM20043rdEdition', '2004-3rd', 0, 18],
    ['scorm2004/ContentPackagingSingleSCO_SCORM20042ndEdition', '2004-2nd', 1, 1],
    ['scorm2004/ContentPackagingSingleSCO_SCORM20043rdEdition', '2004-3rd', 1, 1],
    ['scorm2004/RunTimeAdvancedCalls_SCORM20043rdEdition', '2004-3rd', 1, 1],
    ['scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', '2004-3rd', 1, 1],
    ['scorm2004/RuntimeMinimumCalls_SCORM20043rdEdition', '2004-3rd', 18, 18],
    ['scorm2004/SequencingForcedSequential_SCORM20043rdEdition', '2004-3rd', 5, 5],
    ['scorm2004/SequencingPostTestRollup4thEd_SCORM20044thEdition', '2004-4th', 5, 5],
    ['scorm2004/SequencingPostTestRollup_SCORM20043rdEdition', '2004-3rd', 5, 5],
    ['scorm2004/SequencingPreOrPostTestRollup_SCORM20043rdEdition', '2004-3rd', 6, 6],
    ['scorm2004/SequencingRandomTest_SCORM20043rdEdition', '2004-3rd', 8, 8],
    ['scorm2004/SequencingSimpleRemediation_SCORM20043rdEdition', '2004-3rd', 8, 8],
    ['zips/scorm12.zip', '1.2', 0, 18],
    ['zips/scorm2004.zip', '2004-3rd', 1, 1],
    ['moodle/singlescobasic.zip', '1.2', 1, 1],
    ['moodle/singlesco_scorm12.zip', '1.2', 1, 1],
    ['moodle/RuntimeBasicCalls_SCORM20043rdEdition.zip', '2004-3rd', 1, 1],
    ['moodle/RuntimeMinimumCalls_SCORM12.zip', '1.2', 18, 18],
    ['moodle/RuntimeMinimumCalls_SCORM12-mini.zip', '1.2', 9, 9],
    ['synthetic/complexscorm.zip', '1.2', 7, 8],
    // Empty <organizations/> but one SCO resource: offered as one item (as Moodle does), with a warning.
    ['moodle/singlescobasic_missingorg.zip', '1.2', 1, 1],
  ])(
    'when %s is inspected, then it is SCORM %s with %i SCOs (%i launchable)',
    async (rel, edition, scos, launchable) => {
      const result = await inspectOk(rel);
      expect(result.manifest.scormVersion).toBe(edition);
      expect(scoCount(result)).toBe(scos);
      expect(result.manifest.scos).toHaveLength(launchable);
      expect(path.dirname(result.dir)).toBe(workDir);
      // Every launch file really is on disk where the content root says.
      for (const sco of result.manifest.scos) {
        expect(fs.existsSync(path.join(result.contentRoot, sco.launchPath.replace(/[?#].*$/, '')))).toBe(true);
      }
      expect(result.fileCount).toBeGreaterThan(0);
    },
  );

  test('when complexscorm is inspected, then the mismatched default org, hidden item and asset are reported as such', async () => {
    const result = await inspectOk('synthetic/complexscorm.zip');
    expect(result.warnings.map((w) => w.code)).toEqual(['MANIFEST_DEFAULT_ORG_MISMATCH']);
    expect(result.manifest.defaultOrganizationId).toBe('org-main');
    const hidden = result.manifest.scos.find((s) => s.itemId.endsWith('-07'));
    expect(hidden?.isVisible).toBe(false);
    expect(result.manifest.scos.find((s) => s.itemId.endsWith('-03'))?.scormType).toBe('asset');
    expect(result.manifest.scos.find((s) => s.itemId.endsWith('-08'))?.prerequisites).toBe('item-01 & item-02');
    // 1.2 allows a parent item with its own resource: it is launchable and keeps its children.
    const parent = result.manifest.itemTree.find((i) => i.identifier.endsWith('-04'));
    expect(parent?.kind).toBe('sco');
    expect(parent?.children).toHaveLength(1);
    expect(result.contentRoot).toBe(result.dir);
  });

  test('when the manifest sits inside one top-level folder, then that folder is the content root', async () => {
    const src = path.join(SAMPLES, 'scorm12/RuntimeBasicCalls_SCORM12');
    const zipPath = path.join(workDir, 'wrapped.zip');
    await zipFolder(src, 'Golf Kurs', zipPath);
    const result = await inspectPackage(zipPath, DEFAULT_ZIP_LIMITS, path.join(workDir, 'work'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.contentRoot).toBe(path.join(result.dir, 'Golf Kurs'));
    expect(fs.existsSync(path.join(result.contentRoot, result.manifest.scos[0].launchPath))).toBe(true);
  });
});

describe('inspectPackage: negative fixtures are refused and leave nothing behind', () => {
  test.each([
    ['scorm12/MalformedXml_SCORM12', 'PACKAGE_MANIFEST_MALFORMED'],
    ['scorm12/MissingLaunchUrl_SCORM12', 'PACKAGE_LAUNCH_URL_MISSING'],
    ['scorm12/ItemWithNonExistentResourceId_SCORM12', 'PACKAGE_RESOURCE_MISSING'],
    // Its launch file content/nonexistent.html is absent: the course cannot start. The other missing
    // <file> entries alone would only be warnings.
    ['scorm12/InvalidFileReferences_SCORM12', 'PACKAGE_LAUNCH_FILE_MISSING'],
    // Manifest-only fixtures: valid manifests whose content files were never shipped.
    ['scorm12/ComplexNestedOrganization_SCORM12', 'PACKAGE_LAUNCH_FILE_MISSING'],
    ['scorm12/MissingRequiredFields_SCORM12', 'PACKAGE_LAUNCH_FILE_MISSING'],
    ['scorm2004/AdlAttributes_SCORM20043rdEdition', 'PACKAGE_LAUNCH_FILE_MISSING'],
    ['scorm2004/MinimalValid_SCORM20043rdEdition', 'PACKAGE_LAUNCH_FILE_MISSING'],
    ['scorm2004/InvalidMissingOrgIdentifier_SCORM20043rdEdition', 'PACKAGE_LAUNCH_FILE_MISSING'],
    ['scorm2004/ContentPackagingNoSchemaVersion_SCORM20042ndEdition', 'PACKAGE_LAUNCH_FILE_MISSING'],
    ['synthetic/invalid.zip', 'PACKAGE_MANIFEST_MISSING'],
    ['synthetic/validaicc.zip', 'PACKAGE_AICC_UNSUPPORTED'],
    // Both hold an imsmanifest.xml that is only an XML declaration: found (root / one folder), then malformed.
    ['synthetic/validscorm.zip', 'PACKAGE_MANIFEST_MALFORMED'],
    ['synthetic/badscorm.zip', 'PACKAGE_MANIFEST_MALFORMED'],
  ])('when %s is inspected, then it is refused with %s', async (rel, code) => {
    expect(await refusalCodes(rel)).toEqual([code]);
  });

  test('when the source does not exist, then PACKAGE_SOURCE_MISSING', async () => {
    expect(await refusalCodes('does-not-exist.zip')).toEqual(['PACKAGE_SOURCE_MISSING']);
  });
});

/** Zips a folder with every entry below `prefix/`, as hand-made packages often are. */
function zipFolder(src: string, prefix: string, out: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const walk = (rel: string): void => {
    for (const d of fs.readdirSync(path.join(src, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r);
      else zip.addFile(path.join(src, r), `${prefix}/${r}`);
    }
  };
  walk('');
  zip.addBuffer(Buffer.from('mac junk'), '__MACOSX/._x');
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(out)).on('close', resolve).on('error', reject);
  });
}
