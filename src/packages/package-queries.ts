/** Reading packages, versions and SCOs as plain objects (templates and other components never get models). */
import { fn, col } from 'sequelize';
import { Package, PackageSco, PackageVersion } from './package-models';
import { q1ModuleTitle } from '../shared/q1-modules';
import { NotFoundError } from '../shared/errors';
import type { ParsedManifest, PackageProblem } from '../scorm';

export interface PackageView {
  id: number;
  title: string;
  moduleKey: string | null;
  moduleTitle: string | null;
  courseKey: string | null;
  openInNewWindow: boolean;
  latestVersionId: number | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionView {
  id: number;
  packageId: number;
  number: number;
  /** '1.2' | '2004-2nd' | '2004-3rd' | '2004-4th' */
  scormVersion: string;
  title: string;
  manifestIdentifier: string | null;
  storageDir: string;
  contentRoot: string;
  sizeBytes: number;
  fileCount: number;
  sourceName: string | null;
  sourceSha256: string | null;
  uploadedBy: number | null;
  createdAt: Date;
  warnings: PackageProblem[];
}

export interface VersionDetail extends VersionView {
  /** The parsed manifest as stored at import (organizations, item tree, sequencing for the player). */
  manifest: ParsedManifest;
}

export interface ScoView {
  id: number;
  versionId: number;
  position: number;
  identifier: string;
  resourceIdentifier: string;
  title: string;
  /** Package-relative launch path with parameters (or an absolute http(s) URL). */
  launchPath: string;
  /** Where the browser opens it: the URL-encoded launch path relative to the version's content base, or the absolute URL. */
  href: string;
  scormType: 'sco' | 'asset';
  isVisible: boolean;
  masteryScore: number | null;
  completionThreshold: number | null;
  scaledPassingScore: number | null;
  dataFromLms: string | null;
  maxTimeAllowed: string | null;
  timeLimitAction: string | null;
}

export function toPackageView(p: Package): PackageView {
  return {
    id: p.id,
    title: p.title,
    moduleKey: p.moduleKey,
    moduleTitle: q1ModuleTitle(p.moduleKey),
    courseKey: p.courseKey,
    openInNewWindow: Boolean(p.openInNewWindow),
    latestVersionId: p.latestVersionId,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

function toVersionView(v: PackageVersion): VersionView {
  return {
    id: v.id,
    packageId: v.packageId,
    number: v.number,
    scormVersion: v.scormVersion,
    title: v.title,
    manifestIdentifier: v.manifestIdentifier,
    storageDir: v.storageDir,
    contentRoot: v.contentRoot,
    sizeBytes: Number(v.sizeBytes),
    fileCount: v.fileCount,
    sourceName: v.sourceName,
    sourceSha256: v.sourceSha256,
    uploadedBy: v.uploadedBy,
    createdAt: v.createdAt,
    warnings: v.warningsJson ? (JSON.parse(v.warningsJson) as PackageProblem[]) : [],
  };
}

function toScoView(s: PackageSco): ScoView {
  return {
    id: s.id,
    versionId: s.versionId,
    position: s.position,
    identifier: s.itemIdentifier,
    resourceIdentifier: s.resourceIdentifier,
    title: s.title,
    launchPath: s.launchPath,
    href: /^https?:\/\//i.test(s.launchPath) ? s.launchPath : contentPath(s.launchPath),
    scormType: s.scormType,
    isVisible: Boolean(s.isVisible),
    masteryScore: s.masteryScore,
    completionThreshold: s.completionThreshold,
    scaledPassingScore: s.scaledPassingScore,
    dataFromLms: s.dataFromLms,
    maxTimeAllowed: s.maxTimeAllowed,
    timeLimitAction: s.timeLimitAction,
  };
}

/**
 * A file's URL relative to the content base of its version (`<content origin>/c/<capability>/`,
 * see content-capability.ts). Launch paths are URL-form already (they may hold `%20`, a query and
 * a fragment), so only characters that are not allowed in a URL path are escaped — never `%XX` twice.
 */
export function contentPath(relPath: string): string {
  const safe = relPath
    .replace(/^\/+/, '')
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
    .replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]/g, (c) => encodeURIComponent(c));
  return safe;
}

export async function getPackage(id: number): Promise<PackageView> {
  const p = Number.isSafeInteger(id) ? await Package.findByPk(id) : null;
  if (!p) throw new NotFoundError('packages.error.not_found', 'PACKAGE_NOT_FOUND');
  return toPackageView(p);
}

export interface PackageSummary extends PackageView {
  versionCount: number;
  latestUploadAt: Date | null;
  scormVersion: string | null;
  scoCount: number;
  assetCount: number;
}

/** Every package with what the admin list shows, in three queries whatever the number of packages. */
export async function listPackages(): Promise<PackageSummary[]> {
  const packages = await Package.findAll({
    order: [
      ['title', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const counts = (await PackageVersion.findAll({
    attributes: ['packageId', [fn('COUNT', col('id')), 'n'], [fn('MAX', col('created_at')), 'last']],
    group: ['packageId'],
    raw: true,
  })) as unknown as { packageId: number; n: number; last: string | Date }[];
  const latestIds = packages.map((p) => p.latestVersionId).filter((id): id is number => id !== null);
  const latest = latestIds.length
    ? await PackageVersion.findAll({ where: { id: latestIds }, attributes: ['id', 'scormVersion'] })
    : [];
  const scoCounts = latestIds.length
    ? ((await PackageSco.findAll({
        attributes: ['versionId', 'scormType', [fn('COUNT', col('id')), 'n']],
        where: { versionId: latestIds },
        group: ['versionId', 'scormType'],
        raw: true,
      })) as unknown as { versionId: number; scormType: string; n: number }[])
    : [];
  return packages.map((p) => {
    const c = counts.find((x) => Number(x.packageId) === p.id);
    const count = (type: string) =>
      Number(scoCounts.find((x) => Number(x.versionId) === p.latestVersionId && x.scormType === type)?.n ?? 0);
    return {
      ...toPackageView(p),
      versionCount: Number(c?.n ?? 0),
      latestUploadAt: c?.last ? new Date(c.last) : null,
      scormVersion: latest.find((v) => v.id === p.latestVersionId)?.scormVersion ?? null,
      scoCount: count('sco'),
      assetCount: count('asset'),
    };
  });
}

export async function getVersion(versionId: number): Promise<VersionDetail> {
  const v = Number.isSafeInteger(versionId) ? await PackageVersion.findByPk(versionId) : null;
  if (!v) throw new NotFoundError('packages.error.version_not_found', 'PACKAGE_VERSION_NOT_FOUND');
  return { ...toVersionView(v), manifest: JSON.parse(v.manifestJson) as ParsedManifest };
}

/** Without the manifest (cheap); for the content route and listings. */
export async function findVersionStorage(
  versionId: number,
): Promise<{ storageDir: string; contentRoot: string } | null> {
  const v = await PackageVersion.findByPk(versionId, { attributes: ['id', 'storageDir', 'contentRoot'] });
  return v ? { storageDir: v.storageDir, contentRoot: v.contentRoot } : null;
}

export async function getLatestVersion(packageId: number): Promise<VersionDetail> {
  const p = await getPackage(packageId);
  if (p.latestVersionId === null) throw new NotFoundError('packages.error.no_version', 'PACKAGE_VERSION_NOT_FOUND');
  return getVersion(p.latestVersionId);
}

/** Newest first. */
export async function listVersions(packageId: number): Promise<VersionView[]> {
  const rows = await PackageVersion.findAll({
    where: { packageId },
    order: [['number', 'DESC']],
    attributes: { exclude: ['manifestJson'] },
  });
  return rows.map(toVersionView);
}

export async function listScos(versionId: number): Promise<ScoView[]> {
  const rows = await PackageSco.findAll({ where: { versionId }, order: [['position', 'ASC']] });
  return rows.map(toScoView);
}

export async function findPackageByCourseKey(key: string): Promise<PackageView | null> {
  const p = await Package.findOne({ where: { courseKey: key } });
  return p ? toPackageView(p) : null;
}

export async function packageForModule(moduleKey: string): Promise<PackageView | null> {
  const p = await Package.findOne({ where: { moduleKey } });
  return p ? toPackageView(p) : null;
}
