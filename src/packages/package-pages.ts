/** Plain view models for the package pages: labels, sizes, the item tree joined with its SCOs. */
import type { ItemNode } from '../scorm';
import { findUser } from '../auth';
import { Q1_MODULES } from '../shared/q1-modules';
import { getPackage, getVersion, listScos, listVersions, type ScoView } from './package-queries';
import { formatBytes } from './package-upload';

const EDITIONS: Record<string, string> = {
  '1.2': 'SCORM 1.2',
  '2004-2nd': 'SCORM 2004 2nd Edition',
  '2004-3rd': 'SCORM 2004 3rd Edition',
  '2004-4th': 'SCORM 2004 4th Edition',
};

export function scormVersionLabel(edition: string | null | undefined): string {
  return edition ? (EDITIONS[edition] ?? `SCORM ${edition}`) : '–';
}

export interface TreeNode {
  identifier: string;
  title: string;
  kind: 'sco' | 'asset' | 'container';
  isVisible: boolean;
  sco?: ScoView;
  children: TreeNode[];
}

function joinTree(nodes: ItemNode[], scos: Map<string, ScoView>): TreeNode[] {
  return nodes.map((n) => ({
    identifier: n.identifier,
    title: n.title,
    kind: n.kind,
    isVisible: n.isVisible,
    sco: scos.get(n.identifier),
    children: joinTree(n.children ?? [], scos),
  }));
}

/** Module choices for a select, with the current one marked. */
export function moduleOptions(current: string | null | undefined) {
  return Q1_MODULES.map((m) => ({ key: m.key, title: m.title, selected: m.key === current }));
}

export async function packageDetail(packageId: number) {
  const pkg = await getPackage(packageId);
  const versions = await listVersions(packageId);
  const latest = pkg.latestVersionId ? await getVersion(pkg.latestVersionId) : null;
  const scos = latest ? await listScos(latest.id) : [];
  const uploaderIds = [...new Set(versions.map((v) => v.uploadedBy).filter((id): id is number => id !== null))];
  const uploaders = new Map(
    (await Promise.all(uploaderIds.map((id) => findUser(id)))).filter((u) => u !== null).map((u) => [u!.id, u!.name]),
  );
  const m = latest?.manifest;
  return {
    pkg,
    latest: latest && {
      id: latest.id,
      number: latest.number,
      scormLabel: scormVersionLabel(latest.scormVersion),
      identifier: latest.manifestIdentifier,
      size: formatBytes(latest.sizeBytes),
      fileCount: latest.fileCount,
      warnings: latest.warnings,
      hasSequencing: Boolean(m?.hasSequencing),
      organizations: (m?.organizations ?? []).map((o) => ({
        identifier: o.identifier,
        title: o.title,
        isDefault: o.identifier === m?.defaultOrganizationId,
      })),
      tree: joinTree(m?.itemTree ?? [], new Map(scos.map((s) => [s.identifier, s]))),
    },
    scos,
    scoCount: scos.filter((s) => s.scormType === 'sco').length,
    assetCount: scos.filter((s) => s.scormType === 'asset').length,
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      createdAt: v.createdAt,
      uploader: v.uploadedBy ? (uploaders.get(v.uploadedBy) ?? `#${v.uploadedBy}`) : null,
      scormLabel: scormVersionLabel(v.scormVersion),
      size: formatBytes(v.sizeBytes),
      fileCount: v.fileCount,
      sourceName: v.sourceName,
      isLatest: v.id === pkg.latestVersionId,
    })),
    modules: moduleOptions(pkg.moduleKey),
  };
}
