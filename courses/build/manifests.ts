/**
 * imsmanifest.xml for the one-SCO course, in SCORM 2004 4th Edition and SCORM 1.2.
 * The XSDs are not shipped (the LMS does not validate against them), so no xsi:schemaLocation
 * points at files that are not there.
 */

export interface ManifestInput {
  key: string;
  title: string;
  version: string;
  /** 0..1, the share of correct answers needed to pass */
  passingScore: number;
  launch: string;
  /** every file of the package except imsmanifest.xml, forward slashes, sorted */
  files: string[];
}

export function scorm2004Manifest(m: ManifestInput): string {
  const files = m.files.map((f) => `      <file href="${xml(f)}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="gezu-${m.key}" version="${xml(m.version)}"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="org-${m.key}">
    <organization identifier="org-${m.key}">
      <title>${xml(m.title)}</title>
      <item identifier="item-${m.key}" identifierref="res-${m.key}">
        <title>${xml(m.title)}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="${m.key}-bestanden" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${decimal(m.passingScore)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-${m.key}" type="webcontent" adlcp:scormType="sco" href="${xml(m.launch)}">
${files}
    </resource>
  </resources>
</manifest>
`;
}

export function scorm12Manifest(m: ManifestInput): string {
  const files = m.files.map((f) => `      <file href="${xml(f)}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="gezu-${m.key}" version="${xml(m.version)}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-${m.key}">
    <organization identifier="org-${m.key}">
      <title>${xml(m.title)}</title>
      <item identifier="item-${m.key}" identifierref="res-${m.key}" isvisible="true">
        <title>${xml(m.title)}</title>
        <adlcp:masteryscore>${Math.round(m.passingScore * 100)}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-${m.key}" type="webcontent" adlcp:scormtype="sco" href="${xml(m.launch)}">
${files}
    </resource>
  </resources>
</manifest>
`;
}

function decimal(n: number): string {
  return String(Math.round(n * 10000) / 10000);
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
