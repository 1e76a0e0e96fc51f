/**
 * Which SCORM edition a manifest claims. `<schemaversion>` is authoritative; without it the
 * namespaces are the only hint, and they cannot tell 2004 editions apart, so we assume the 3rd
 * (the most common in the wild) and say so in a warning.
 */
import type { PackageProblem, ScormEdition } from './types';
import { problem } from './problems';

export interface VersionDecision {
  version: ScormEdition;
  warning?: PackageProblem;
}

const BY_SCHEMAVERSION: Record<string, ScormEdition> = {
  '1.2': '1.2',
  'cam 1.3': '2004-2nd',
  '2004 2nd edition': '2004-2nd',
  '2004 3rd edition': '2004-3rd',
  '2004 4th edition': '2004-4th',
};

/**
 * @param schemaVersion text of `<metadata><schemaversion>`, if present
 * @param namespaceUris every namespace URI declared in the manifest
 */
export function decideScormVersion(schemaVersion: string | undefined, namespaceUris: string[]): VersionDecision {
  const normalised = (schemaVersion ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  const known = BY_SCHEMAVERSION[normalised];
  if (known) return { version: known };

  const uris = namespaceUris.map((u) => u.toLowerCase());
  const is12 = uris.some((u) => u.includes('adlcp_rootv1p2') || u.includes('imscp_rootv1p1p2'));
  const version: ScormEdition = is12 ? '1.2' : '2004-3rd';
  const shown = version === '1.2' ? 'SCORM 1.2' : 'SCORM 2004 (3rd Edition angenommen)';
  const warning =
    normalised === ''
      ? problem(
          'MANIFEST_NO_SCHEMAVERSION',
          `Das Manifest nennt keine <schemaversion>; erkannt an den Namensräumen: ${shown}.`,
        )
      : problem(
          'MANIFEST_SCHEMAVERSION_UNKNOWN',
          `Die <schemaversion> „${schemaVersion?.trim()}“ ist unbekannt; erkannt an den Namensräumen: ${shown}.`,
        );
  return { version, warning };
}
