/**
 * The sequencing definition of a package version, for the player: built once per version from the
 * stored manifest plus imsmanifest.xml (the stored JSON lacks cluster sequencing, see
 * docs/sequencing.md), and the map from activity (item identifier) to our SCO rows. Versions are
 * immutable, so the result is cached for the life of the app like the version catalog.
 * Only 2004 packages with imsss:sequencing and more than one launchable item are sequenced: with a
 * single SCO there is nothing to navigate and the SCO's own status is what rollup would give, so
 * those (our Q1 courses among them) keep the player's plain model, as do packages without sequencing.
 */
import { getVersion, readManifestXml } from '../packages';
import { buildSequencingDefinition, type SequencingDefinition } from '../scorm';
import type { VersionCatalogs } from './version-catalog';
import type { ObjectStore } from '../shared/storage';

export interface SequencedActivity {
  scoId: number;
  title: string;
  href: string;
  type: 'sco' | 'asset';
}

export interface PlayerSequencing {
  definition: SequencingDefinition;
  rootId: string;
  /** Launchable activities by item identifier (invisible ones included: sequencing may deliver them). */
  activities: Record<string, SequencedActivity>;
}

export type SequencingDefinitions = (versionId: number) => Promise<PlayerSequencing | null>;

/** Built once per app (the player runtime), like the version catalogs it reads. */
export function createSequencingDefinitions(deps: {
  catalogs: VersionCatalogs;
  store: ObjectStore;
}): SequencingDefinitions {
  const cache = new Map<number, Promise<PlayerSequencing | null>>();
  return (versionId) => {
    let entry = cache.get(versionId);
    if (!entry) {
      entry = load(deps, versionId);
      cache.set(versionId, entry);
      entry.catch(() => cache.delete(versionId));
    }
    return entry;
  };
}

async function load(
  deps: { catalogs: VersionCatalogs; store: ObjectStore },
  versionId: number,
): Promise<PlayerSequencing | null> {
  const catalog = await deps.catalogs.ofVersion(versionId);
  if (!catalog.sequenced) return null;
  const version = await getVersion(versionId);
  const xml = await readManifestXml(deps.store, version);
  const definition = buildSequencingDefinition(version.manifest, xml);
  const activities: Record<string, SequencedActivity> = {};
  for (const item of catalog.items)
    activities[item.identifier] = { scoId: item.id, title: item.title, href: item.href, type: item.scormType };
  return { definition, rootId: definition.settings.activityTree.id, activities };
}
