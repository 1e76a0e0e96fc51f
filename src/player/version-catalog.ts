/**
 * What the player needs to know about a package version: its SCORM version and its launchable
 * items with their rules. Versions are immutable, so the answer is kept for the life of the app
 * (its `VersionCatalogs`, built with the player runtime; nothing here is state another process needs).
 * Every commit needs it, so the cache saves two queries per commit.
 */
import { getVersion, listScos, type ScoView } from '../packages';
import { Attempt } from './tracking-models';
import type { ScoRules, ScormVersion } from '../scorm';

export interface CatalogSco {
  id: number;
  identifier: string;
  title: string;
  href: string;
  scormType: 'sco' | 'asset';
  isVisible: boolean;
  rules: ScoRules;
  /** True when a mastery rule (1.2 masteryscore, 2004 scaled passing score) decides success. */
  hasMasteryRule: boolean;
  dataFromLms?: string;
  maxTimeAllowed?: string;
  timeLimitAction?: string;
}

export interface VersionCatalog {
  versionId: number;
  packageId: number;
  /** '1.2' or '2004' — what the runtime needs; `edition` keeps the exact one. */
  scormVersion: ScormVersion;
  edition: string;
  items: CatalogSco[];
  /** Tracked items only (assets have no runtime API and do not count towards progress). */
  scos: CatalogSco[];
  byId: Map<number, CatalogSco>;
  /** 2004 with imsss:sequencing and more than one launchable item (see sequencing-definition.ts). */
  sequenced: boolean;
}

export interface VersionCatalogs {
  /** The catalog of a version (kept for the life of the app: versions are immutable). */
  ofVersion(versionId: number): Promise<VersionCatalog>;
  /**
   * The catalog of an attempt's version. An attempt never changes its version, so the mapping is
   * cached too. Call it BEFORE opening a transaction: a cache miss queries on another pooled
   * connection, and 20 transactions all waiting for a 21st connection would deadlock the pool.
   */
  ofAttempt(attemptId: number): Promise<VersionCatalog | null>;
}

/** Built once per app (the player runtime): its caches belong to that app's database. */
export function createVersionCatalogs(): VersionCatalogs {
  const cache = new Map<number, Promise<VersionCatalog>>();
  const attemptVersions = new Map<number, number>();
  const ofVersion = (versionId: number): Promise<VersionCatalog> => {
    let entry = cache.get(versionId);
    if (!entry) {
      entry = loadCatalog(versionId);
      cache.set(versionId, entry);
      entry.catch(() => cache.delete(versionId));
    }
    return entry;
  };
  return {
    ofVersion,
    async ofAttempt(attemptId) {
      let versionId = attemptVersions.get(attemptId);
      if (versionId === undefined) {
        const row = Number.isSafeInteger(attemptId)
          ? await Attempt.findByPk(attemptId, { attributes: ['id', 'versionId'] })
          : null;
        if (!row) return null;
        versionId = row.versionId;
        if (attemptVersions.size > 100_000) attemptVersions.clear();
        attemptVersions.set(attemptId, versionId);
      }
      return ofVersion(versionId);
    },
  };
}

async function loadCatalog(versionId: number): Promise<VersionCatalog> {
  const [version, rows] = await Promise.all([getVersion(versionId), listScos(versionId)]);
  const completedByMeasure = new Map(
    version.manifest.scos.map((s) => [s.itemId, s.completionThreshold?.completedByMeasure ?? true]),
  );
  const items = rows.map((row) => toCatalogSco(row, completedByMeasure.get(row.identifier) ?? true));
  return {
    versionId,
    packageId: version.packageId,
    scormVersion: version.scormVersion.startsWith('1.2') ? '1.2' : '2004',
    edition: version.scormVersion,
    items,
    scos: items.filter((s) => s.scormType === 'sco'),
    byId: new Map(items.map((s) => [s.id, s])),
    sequenced: !version.scormVersion.startsWith('1.2') && version.manifest.hasSequencing === true && items.length >= 2,
  };
}

function toCatalogSco(row: ScoView, completedByMeasure: boolean): CatalogSco {
  const rules: ScoRules = {};
  if (row.masteryScore !== null) rules.masteryScore = row.masteryScore;
  // 2004 4th edition: a threshold only decides completion when completedByMeasure is true.
  if (row.completionThreshold !== null && completedByMeasure) rules.completionThreshold = row.completionThreshold;
  if (row.scaledPassingScore !== null) rules.scaledPassingScore = row.scaledPassingScore;
  return {
    id: row.id,
    identifier: row.identifier,
    title: row.title,
    href: row.href,
    scormType: row.scormType,
    isVisible: row.isVisible,
    rules,
    hasMasteryRule: rules.masteryScore !== undefined || rules.scaledPassingScore !== undefined,
    dataFromLms: row.dataFromLms ?? undefined,
    maxTimeAllowed: row.maxTimeAllowed ?? undefined,
    timeLimitAction: row.timeLimitAction ?? undefined,
  };
}
