/** parseManifest on the sample fixtures and on small manifests written here for one rule each. */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest, type ManifestResult, type ParsedManifest } from '../../../src/scorm';
import { SAMPLES as SAMPLES_ROOT } from '../../helpers/samples';

const SAMPLES = SAMPLES_ROOT;

function sample(rel: string): string {
  return fs.readFileSync(path.join(SAMPLES, rel, 'imsmanifest.xml'), 'utf8');
}

function ok(result: ManifestResult): ParsedManifest {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.manifest;
}

function errorCodes(result: ManifestResult): string[] {
  if (result.ok) throw new Error('expected a refusal');
  return result.errors.map((e) => e.code);
}

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

/** A 2004 manifest around the given organization and resources, with the prefixes passed in. */
function manifest2004(orgs: string, resources: string, extraNs = ''): string {
  return `<?xml version="1.0"?>
<manifest identifier="m1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" ${extraNs}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  ${orgs}
  <resources>${resources}</resources>
</manifest>`;
}

describe('parseManifest: sample packages', () => {
  test('when a 1.2 manifest has masteryscore, prerequisites, maxtimeallowed, datafromlms, then each SCO carries them', () => {
    const m = ok(parseManifest(sample('scorm12/PrerequisitesTest_SCORM12')));
    expect(m.scormVersion).toBe('1.2');
    expect(m.title).toBe('Prerequisites Test Course');
    const [m1, m2, m3, m4] = m.scos;
    expect(m1).toMatchObject({
      itemId: 'module1',
      launchPath: 'module1.html',
      masteryScore: 80,
      maxTimeAllowed: '02:30:00',
      scormType: 'sco',
    });
    expect(m1.prerequisites).toBeUndefined();
    expect(m2).toMatchObject({ prerequisites: 'module1', dataFromLms: 'custom_data_for_module2' });
    expect(m3).toMatchObject({ prerequisites: 'module1 AND module2', timeLimitAction: 'exit,message' });
    expect(m4.masteryScore).toBe(90);
  });

  test('when items carry parameters, then launch paths get them as a query', () => {
    const m = ok(parseManifest(sample('scorm12/ContentPackagingOneFilePerSCO_SCORM12')));
    const quiz = m.scos.find((s) => s.itemId === 'playing_quiz_item');
    expect(quiz?.launchPath).toBe('shared/assessmenttemplate.html?questions=Playing');
    expect(quiz?.scormType).toBe('asset');
    expect(m.scos.filter((s) => s.scormType === 'sco')).toHaveLength(0);
    expect(m.scos).toHaveLength(18);
  });

  test('when a 2004 item has completionThreshold, dataFromLMS, hideLMSUI and sequencing, then all are read', () => {
    const result = parseManifest(sample('scorm2004/AdlAttributes_SCORM20043rdEdition'));
    const [sco] = ok(result).scos;
    expect(sco.completionThreshold).toEqual({ completedByMeasure: true, minProgressMeasure: 0.75, progressWeight: 1 });
    expect(sco.dataFromLms).toBe('Launch Data');
    expect(sco.timeLimitAction).toBe('exit,message');
    expect(sco.presentation).toEqual({ hideLMSUI: ['exit', 'continue'] });
    expect(sco.sequencing?.children[0]).toMatchObject({
      name: 'controlMode',
      attributes: { choice: 'false', flow: 'true' },
    });
    // This resource states no adlcp:scormType: taken as SCO, with a warning.
    expect(sco.scormType).toBe('sco');
    expect(codes(result.warnings)).toContain('MANIFEST_SCORMTYPE_MISSING');
  });

  test.each([
    ['scorm2004/ContentPackagingSingleSCO_SCORM20042ndEdition', '2004-2nd', 'CAM 1.3'],
    ['scorm2004/ContentPackagingSingleSCO_SCORM20043rdEdition', '2004-3rd', '2004 3rd Edition'],
    ['scorm2004/SequencingPostTestRollup4thEd_SCORM20044thEdition', '2004-4th', '2004 4th Edition'],
    ['scorm12/RuntimeBasicCalls_SCORM12', '1.2', '1.2'],
  ])('when %s states its schemaversion, then the edition is %s', (rel, edition, raw) => {
    const m = ok(parseManifest(sample(rel)));
    expect(m.scormVersion).toBe(edition);
    expect(m.schemaVersion).toBe(raw);
  });

  test('when schemaversion is missing, then the edition is inferred from namespaces with a warning', () => {
    const result = parseManifest(sample('scorm2004/ContentPackagingNoSchemaVersion_SCORM20042ndEdition'));
    expect(ok(result).scormVersion).toBe('2004-3rd');
    expect(codes(result.warnings)).toContain('MANIFEST_NO_SCHEMAVERSION');
  });

  test('when a 1.2 manifest has no schemaversion, then adlcp_rootv1p2 makes it 1.2', () => {
    const xml = sample('scorm12/RuntimeBasicCalls_SCORM12').replace(/<schemaversion>1.2<\/schemaversion>/, '');
    const result = parseManifest(xml);
    expect(ok(result).scormVersion).toBe('1.2');
    expect(codes(result.warnings)).toEqual(['MANIFEST_NO_SCHEMAVERSION']);
  });

  test('when the default attribute names no organization, then the first is used and a warning says so', () => {
    const result = parseManifest(sample('scorm2004/InvalidMissingOrgIdentifier_SCORM20043rdEdition'));
    expect(ok(result).defaultOrganizationId).toBe('ORG-1');
    expect(codes(result.warnings)).toEqual(
      expect.arrayContaining(['MANIFEST_ORGANIZATION_ID_MISSING', 'MANIFEST_DEFAULT_ORG_MISMATCH']),
    );
  });

  test('when items nest four levels deep, then scos come in preorder and the tree keeps the nesting', () => {
    const m = ok(parseManifest(sample('scorm12/ComplexNestedOrganization_SCORM12')));
    expect(m.scos.map((s) => s.itemId)).toEqual([
      'module_1',
      'chapter_1_1',
      'section_1_1_1',
      'topic_1_1_1_1',
      'topic_1_1_1_2',
      'section_1_1_2',
      'chapter_1_2',
      'module_2',
      'chapter_2_1',
      'section_2_1_1',
      'module_3',
    ]);
    expect(m.organizations.map((o) => o.identifier)).toEqual(['default_org', 'alternate_org']);
    expect(m.itemTree[0].children[0].children[0].children.map((c) => c.identifier)).toEqual([
      'topic_1_1_1_1',
      'topic_1_1_1_2',
    ]);
  });

  test('when the default organization has no title, then the manifest identifier is the title', () => {
    const result = parseManifest(sample('scorm12/MissingRequiredFields_SCORM12'));
    expect(ok(result).title).toBe('com.example.missing_title');
    expect(codes(result.warnings)).toContain('MANIFEST_TITLE_MISSING');
  });

  test('when a 2004 package uses sequencing, then hasSequencing is true; a 1.2 package never has it', () => {
    expect(ok(parseManifest(sample('scorm2004/SequencingForcedSequential_SCORM20043rdEdition'))).hasSequencing).toBe(
      true,
    );
    expect(ok(parseManifest(sample('scorm2004/ContentPackagingSingleSCO_SCORM20043rdEdition'))).hasSequencing).toBe(
      false,
    );
    expect(ok(parseManifest(sample('scorm12/RuntimeMinimumCalls_SCORM12'))).hasSequencing).toBe(false);
  });
});

describe('parseManifest: refusals', () => {
  test('when the XML is not well-formed, then PACKAGE_MANIFEST_MALFORMED with the line', () => {
    const result = parseManifest(sample('scorm12/MalformedXml_SCORM12'));
    expect(errorCodes(result)).toEqual(['PACKAGE_MANIFEST_MALFORMED']);
    expect(result.ok || result.errors[0].message).toMatch(/Zeile 27/);
  });

  test('when the manifest is only an XML declaration, then it is malformed', () => {
    expect(errorCodes(parseManifest('<?xml version="1.0" encoding="UTF-8"?>\n'))).toEqual([
      'PACKAGE_MANIFEST_MALFORMED',
    ]);
  });

  test('when the root element is not manifest, then it is malformed', () => {
    expect(errorCodes(parseManifest('<course identifier="x"/>'))).toEqual(['PACKAGE_MANIFEST_MALFORMED']);
  });

  test('when a SCO resource has no href, then PACKAGE_LAUNCH_URL_MISSING', () => {
    expect(errorCodes(parseManifest(sample('scorm12/MissingLaunchUrl_SCORM12')))).toEqual([
      'PACKAGE_LAUNCH_URL_MISSING',
    ]);
  });

  test('when an item names a resource that does not exist, then PACKAGE_RESOURCE_MISSING points at the item', () => {
    const result = parseManifest(sample('scorm12/ItemWithNonExistentResourceId_SCORM12'));
    expect(errorCodes(result)).toEqual(['PACKAGE_RESOURCE_MISSING']);
    expect(result.ok || result.errors[0].where).toBe('imsmanifest.xml: item item_1');
  });

  test('when there is no organization and no SCO resource, then PACKAGE_NO_ORGANIZATION', () => {
    const xml = manifest2004(
      '<organizations/>',
      '<resource identifier="r" type="webcontent" adlcp:scormType="asset"><file href="a.css"/></resource>',
    );
    expect(errorCodes(parseManifest(xml))).toEqual(['PACKAGE_NO_ORGANIZATION']);
  });

  test('when there is no organization but a SCO resource, then one item per SCO resource is made', () => {
    const xml = manifest2004(
      '<organizations/>',
      '<resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="a.html"/>',
    );
    const result = parseManifest(xml);
    expect(ok(result).scos.map((s) => s.launchPath)).toEqual(['a.html']);
    expect(codes(result.warnings)).toContain('MANIFEST_NO_ORGANIZATION');
  });

  test('when the organization has only items without resources, then PACKAGE_NO_SCO', () => {
    const xml = manifest2004(
      '<organizations default="o"><organization identifier="o"><title>T</title><item identifier="i"><title>Leer</title></item></organization></organizations>',
      '',
    );
    expect(errorCodes(parseManifest(xml))).toEqual(['PACKAGE_NO_SCO']);
  });

  test('when fileExists says the launch file is absent, then PACKAGE_LAUNCH_FILE_MISSING; listed files only warn', () => {
    const xml = sample('scorm12/InvalidFileReferences_SCORM12');
    const present = new Set(['content/nonexistent.html']);
    const withLaunch = parseManifest(xml, { fileExists: (p) => present.has(p) });
    expect(withLaunch.ok).toBe(true);
    expect(codes(withLaunch.warnings)).toEqual(['MANIFEST_FILE_REFERENCE_MISSING', 'MANIFEST_FILE_REFERENCE_MISSING']);
    expect(errorCodes(parseManifest(xml, { fileExists: () => false }))).toEqual(['PACKAGE_LAUNCH_FILE_MISSING']);
  });

  test('when the launch href climbs out of the package, then it is refused even without fileExists', () => {
    const xml = manifest2004(
      '<organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>A</title></item></organization></organizations>',
      '<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="../../etc/passwd"/>',
    );
    expect(errorCodes(parseManifest(xml))).toEqual(['PACKAGE_LAUNCH_FILE_MISSING']);
  });

  test('when the launch href is external http(s), then it is fine with a warning; javascript: is refused', () => {
    const org =
      '<organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>A</title></item></organization></organizations>';
    const external = parseManifest(
      manifest2004(
        org,
        '<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="https://example.org/x.html"/>',
      ),
      { fileExists: () => false },
    );
    expect(ok(external).scos[0].launchPath).toBe('https://example.org/x.html');
    expect(codes(external.warnings)).toEqual(['MANIFEST_EXTERNAL_LAUNCH']);
    const script = parseManifest(
      manifest2004(
        org,
        '<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="javascript:alert(1)"/>',
      ),
    );
    expect(errorCodes(script)).toEqual(['PACKAGE_LAUNCH_URL_INVALID']);
  });
});

describe('parseManifest: namespaces, xml:base and extensions', () => {
  const org = (item: string) =>
    `<organizations default="o"><organization identifier="o"><title>T</title>${item}</organization></organizations>`;

  test('when every namespace uses an odd prefix, then elements and attributes are still found by URI', () => {
    const xml = `<?xml version="1.0"?>
<cp:manifest identifier="odd" xmlns:cp="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:q="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:s="http://www.imsglobal.org/xsd/imsss">
  <cp:metadata><cp:schemaversion>2004 4th Edition</cp:schemaversion></cp:metadata>
  <cp:organizations default="o"><cp:organization identifier="o"><cp:title>Seltsam</cp:title>
    <cp:item identifier="i" identifierref="r"><cp:title>Eins</cp:title>
      <q:completionThreshold completedByMeasure="true" minProgressMeasure="0.5"/>
      <s:sequencing><s:objectives><s:primaryObjective objectiveID="p" satisfiedByMeasure="true"><s:minNormalizedMeasure>0.7</s:minNormalizedMeasure></s:primaryObjective></s:objectives></s:sequencing>
    </cp:item></cp:organization></cp:organizations>
  <cp:resources><cp:resource identifier="r" type="webcontent" q:scormType="asset" href="a.html"/></cp:resources>
</cp:manifest>`;
    const m = ok(parseManifest(xml));
    expect(m.title).toBe('Seltsam');
    expect(m.scos[0]).toMatchObject({
      scormType: 'asset',
      scaledPassingScore: 0.7,
      completionThreshold: { completedByMeasure: true, minProgressMeasure: 0.5, progressWeight: 1 },
    });
    expect(m.hasSequencing).toBe(true);
  });

  test('when the prefix adlcp is bound to a foreign namespace, then its attributes are not SCORM attributes', () => {
    const xml = `<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="urn:not-scorm" xmlns:real="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
  ${org('<item identifier="i" identifierref="r"><title>A</title></item>')}
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="asset" real:scormType="sco" href="a.html"/></resources></manifest>`;
    expect(ok(parseManifest(xml)).scos[0].scormType).toBe('sco');
  });

  test('when xml:base sits on manifest, resources and resource, then they are joined in order', () => {
    const xml = `<manifest identifier="m" xml:base="course/" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schemaversion>2004 3rd Edition</schemaversion></metadata>
  ${org('<item identifier="i" identifierref="r" parameters="#start"><title>A</title></item>')}
  <resources xml:base="res/"><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="./sco1/index.html" xml:base="part1/"><file href="sco1/index.html"/></resource></resources></manifest>`;
    const seen: string[] = [];
    const m = ok(parseManifest(xml, { fileExists: (p) => (seen.push(p), true) }));
    expect(m.resources[0].href).toBe('course/res/part1/sco1/index.html');
    expect(m.scos[0].launchPath).toBe('course/res/part1/sco1/index.html#start');
    expect(seen).toContain('course/res/part1/sco1/index.html');
  });

  test('when completionThreshold is an attribute of the item, then it becomes a measure threshold', () => {
    const xml = manifest2004(
      org('<item identifier="i" identifierref="r" adlcp:completionThreshold="0.8"><title>A</title></item>'),
      '<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="a.html"/>',
    );
    expect(ok(parseManifest(xml)).scos[0].completionThreshold).toEqual({
      completedByMeasure: true,
      minProgressMeasure: 0.8,
      progressWeight: 1,
    });
  });

  test('when completionThreshold is element text (3rd edition), then it becomes a measure threshold', () => {
    const xml = manifest2004(
      org(
        '<item identifier="i" identifierref="r"><title>A</title><adlcp:completionThreshold>0.6</adlcp:completionThreshold></item>',
      ),
      '<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="a.html"/>',
    );
    expect(ok(parseManifest(xml)).scos[0].completionThreshold).toEqual({
      completedByMeasure: true,
      minProgressMeasure: 0.6,
      progressWeight: 1,
    });
  });

  test('when two items of the default organization share an identifier, then the package is refused', () => {
    const items =
      '<item identifier="i" identifierref="r"><title>A</title></item><item identifier="i" identifierref="r"><title>B</title></item>';
    expect(
      errorCodes(
        parseManifest(
          manifest2004(org(items), '<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="a.html"/>'),
        ),
      ),
    ).toEqual(['PACKAGE_ITEM_ID_DUPLICATE']);
  });

  test('when a dependency names no resource, then a warning, not a refusal', () => {
    const xml = manifest2004(
      org('<item identifier="i" identifierref="r"><title>A</title></item>'),
      '<resource identifier="r" type="webcontent" adlcp:scormType="sco" href="a.html"><dependency identifierref="nope"/></resource>',
    );
    const result = parseManifest(xml);
    expect(result.ok).toBe(true);
    expect(codes(result.warnings)).toEqual(['MANIFEST_DEPENDENCY_MISSING']);
  });
});
