/**
 * Reads `<resources>` into ResourceInfo with every `xml:base` applied, so that later steps only
 * ever see package-relative paths.
 */
import type { PackageProblem, ResourceInfo } from './types';
import { attr, child, children, type XmlElement } from './xml-tree';
import { resolveHref } from './launch-path';
import { problem } from './problems';

export interface ResourceEntry {
  info: ResourceInfo;
  /** Whether the manifest stated adlcp:scormType; a missing one is only worth a warning when launched. */
  scormTypeStated: boolean;
}

export function readResources(manifest: XmlElement, warnings: PackageProblem[]): Map<string, ResourceEntry> {
  const manifestBase = attr(manifest, 'base', 'xml');
  const resourcesEl = child(manifest, 'cp', 'resources');
  const resourcesBase = attr(resourcesEl, 'base', 'xml');
  const byId = new Map<string, ResourceEntry>();

  children(resourcesEl, 'cp', 'resource').forEach((res, index) => {
    const identifier = (attr(res, 'identifier') ?? '').trim();
    if (identifier === '') {
      warnings.push(
        problem(
          'MANIFEST_RESOURCE_ID_MISSING',
          `Die ${index + 1}. Ressource hat keinen identifier und wird übergangen.`,
          `resource #${index + 1}`,
        ),
      );
      return;
    }
    if (byId.has(identifier)) {
      warnings.push(
        problem(
          'MANIFEST_RESOURCE_ID_DUPLICATE',
          `Der identifier „${identifier}“ kommt bei mehreren Ressourcen vor; die erste gilt.`,
          `resource ${identifier}`,
        ),
      );
      return;
    }
    const bases = [manifestBase, resourcesBase, attr(res, 'base', 'xml')];
    const rawHref = attr(res, 'href')?.trim();
    const statedType = attr(res, 'scormType', 'adlcp')?.trim().toLowerCase();
    // Without a stated type, a resource with a launch href is taken as a SCO: offering the API to
    // a page that ignores it harms nothing, withholding it from a real SCO loses all tracking.
    const scormType = statedType === 'asset' || (statedType === undefined && !rawHref) ? 'asset' : 'sco';
    const info: ResourceInfo = {
      identifier,
      type: attr(res, 'type') ?? '',
      scormType,
      files: children(res, 'cp', 'file')
        .map((f) => attr(f, 'href')?.trim())
        .filter((h): h is string => !!h)
        .map((h) => resolveHref(bases, h)),
      dependencies: children(res, 'cp', 'dependency')
        .map((d) => attr(d, 'identifierref')?.trim())
        .filter((r): r is string => !!r),
    };
    if (rawHref) info.href = resolveHref(bases, rawHref);
    byId.set(identifier, { info, scormTypeStated: statedType !== undefined });
  });

  for (const { info } of byId.values()) {
    for (const dep of info.dependencies) {
      if (!byId.has(dep)) {
        warnings.push(
          problem(
            'MANIFEST_DEPENDENCY_MISSING',
            `Die Abhängigkeit „${dep}“ nennt keine vorhandene Ressource.`,
            `resource ${info.identifier}`,
          ),
        );
      }
    }
  }
  return byId;
}
