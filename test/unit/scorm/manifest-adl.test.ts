/**
 * The 189 manifests of ADL's SCORM 2004 4th Edition LMS test suite: padded identifiers, spaces
 * around `=`, xml:base, parameters, sequencing collections. The expected SCO count is computed here
 * with a deliberately simple regex walk, independent of the parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest } from '../../../src/scorm';
import { SAMPLES as SAMPLES_ROOT } from '../../helpers/samples';

const ADL = path.join(SAMPLES_ROOT, 'adl-2004-4ed-manifests');
const packages = fs.readdirSync(ADL).filter((d) => fs.existsSync(path.join(ADL, d, 'imsmanifest.xml')));

function attrOf(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag);
  return m ? m[1].trim() : undefined;
}

function expectedScoCount(xml: string): number {
  const scoResources = new Set<string>();
  for (const tag of xml.match(/<resource\b[^>]*>/g) ?? []) {
    if (attrOf(tag, 'adlcp:scormType') === 'sco') scoResources.add(attrOf(tag, 'identifier') as string);
  }
  return (xml.match(/<item\b[^>]*>/g) ?? []).filter((tag) => scoResources.has(attrOf(tag, 'identifierref') ?? ''))
    .length;
}

function read(name: string): string {
  return fs.readFileSync(path.join(ADL, name, 'imsmanifest.xml'), 'utf8');
}

describe('parseManifest on the ADL 2004 4th Edition test manifests', () => {
  test('when the suite is read, then all 189 manifests are there', () => {
    expect(packages).toHaveLength(189);
  });

  test.each(packages)('when %s is parsed, then it is ok, 4th edition, with the SCO count of its resources', (name) => {
    const xml = read(name);
    const result = parseManifest(xml);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.manifest.scormVersion).toBe('2004-4th');
    const scos = result.manifest.scos.filter((s) => s.scormType === 'sco');
    expect(scos.length).toBe(expectedScoCount(xml));
    expect(result.manifest.scos.length).toBeGreaterThan(0);
  });

  test('when a resource has xml:base, then launch path and files carry it, and parameters follow', () => {
    const result = parseManifest(read('LMSTestPackage_CM-05'));
    if (!result.ok) throw new Error('parse failed');
    const m = result.manifest;
    expect(m.scos.map((s) => s.itemId)).toEqual([
      'activity_1',
      'activity_4',
      'activity_5',
      'activity_6',
      'activity_7',
      'activity_8',
      'activity_9',
    ]);
    expect(m.scos[0].launchPath).toBe('resources/SequencingTest.htm?tc=CM-05&act=1');
    const jar = m.resources.find((r) => r.identifier === 'JAR01');
    expect(jar?.files).toEqual(['common/LMSTest.jar']);
    expect(m.scos[0].presentation).toEqual({ hideLMSUI: ['continue', 'previous', 'suspendAll'] });
    expect(m.hasSequencing).toBe(true);
    const container = m.itemTree.find((i) => i.identifier === 'activity_2');
    expect(container?.kind).toBe('container');
    expect(container?.children.map((c) => c.identifier)).toEqual(['activity_3', 'activity_7', 'activity_8']);
  });

  test('when identifiers are padded with spaces, then they are trimmed and references still resolve', () => {
    const result = parseManifest(read('LMSTestPackage_OB-02a'));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.manifest.identifier).toBe('LMSTestPackage_OB-02a');
    expect(result.manifest.defaultOrganizationId).toBe('OB-02a');
    expect(result.manifest.scos[0].resourceId).toBe('SEQ01');
  });

  test('when the primary objective is satisfied by measure, then its minNormalizedMeasure is the passing score', () => {
    const result = parseManifest(read('LMSTestPackage_SX-07d'));
    if (!result.ok) throw new Error('parse failed');
    const sco = result.manifest.scos.find((s) => s.itemId === 'activity_3');
    expect(sco?.scaledPassingScore).toBe(-0.5);
    expect(sco?.sequencing?.name).toBe('sequencing');
    expect(result.manifest.scos.find((s) => s.itemId === 'activity_1')?.scaledPassingScore).toBeUndefined();
  });

  test('when completionThreshold is an element with attributes, then all three values are read', () => {
    const result = parseManifest(read('LMSTestPackage_CO-10'));
    if (!result.ok) throw new Error('parse failed');
    const thresholds = result.manifest.scos.map((s) => s.completionThreshold).filter(Boolean);
    expect(thresholds[0]).toEqual({ completedByMeasure: true, minProgressMeasure: 0.4, progressWeight: 1 });
  });

  test('when an item is isvisible="false", then it stays launchable but is marked hidden', () => {
    const result = parseManifest(read('LMSTestPackage_CM-04d'));
    if (!result.ok) throw new Error('parse failed');
    const hidden = result.manifest.scos.find((s) => s.itemId === 'activity_3');
    expect(hidden?.isVisible).toBe(false);
    expect(result.manifest.scos.find((s) => s.itemId === 'activity_2')?.isVisible).toBe(true);
  });

  test('when a sequencing collection exists, then it is kept raw and items keep their IDRef', () => {
    const result = parseManifest(read('LMSTestPackage_OB-06'));
    if (!result.ok) throw new Error('parse failed');
    expect(result.manifest.sequencingCollection?.name).toBe('sequencingCollection');
    expect(result.manifest.sequencingCollection?.children.length).toBeGreaterThan(0);
    const withRef = result.manifest.scos.find((s) => s.sequencing?.attributes.IDRef === 'seqCol-OB06-1');
    expect(withRef).toBeDefined();
  });
});
