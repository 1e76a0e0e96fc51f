/**
 * Builds the SCORM 2004 sequencing definition of a package: the activity tree in the shape
 * scorm-again 3.4.3 expects for `new Scorm2004API({ sequencing })`, plus what the LMS itself needs
 * (scope of global objectives and shared data, their ids). Pure: manifest data in, plain JSON out.
 *
 * The root activity is the default organization; its children are the items. `IDRef`s are resolved
 * here (see resolve-collection.ts) so that the settings are self-contained and testable.
 */
import type { ParsedManifest } from '../manifest';
import {
  readDeliveryControls,
  readLimitConditions,
  readRollupConsiderations,
  readSequencingControls,
} from './read-controls';
import { readObjectives } from './read-objectives';
import { readRollupRules, readSequencingRules } from './read-rules';
import { resolveIdRef } from './resolve-collection';
import {
  sourceFromManifestXml,
  sourceFromParsedManifest,
  type SequencingItemSource,
  type SequencingSource,
} from './sequencing-source';
import type { ActivitySettings, HideLmsUiItem, SequencingDefinition, SequencingSettings } from './settings-types';
import type { RawXml } from '../manifest';

const HIDE_TOKENS: readonly HideLmsUiItem[] = [
  'continue',
  'previous',
  'exit',
  'exitAll',
  'abandon',
  'abandonAll',
  'suspendAll',
];

function hideLmsUi(tokens: string[] | undefined): HideLmsUiItem[] | undefined {
  const out = (tokens ?? [])
    .map((t) => HIDE_TOKENS.find((h) => h.toLowerCase() === t.trim().toLowerCase()))
    .filter((t): t is HideLmsUiItem => t !== undefined);
  return out.length > 0 ? [...new Set(out)] : undefined;
}

interface BuildContext {
  collection: RawXml | undefined;
  notes: string[];
}

function buildActivity(
  id: string,
  title: string,
  isVisible: boolean,
  ownSequencing: RawXml | undefined,
  item: Partial<SequencingItemSource>,
  childSources: SequencingItemSource[],
  ctx: BuildContext,
): ActivitySettings {
  const where = `Aktivität ${id}`;
  const { sequencing, missingRef } = resolveIdRef(ownSequencing, ctx.collection);
  if (missingRef) ctx.notes.push(`${where}: IDRef „${missingRef}“ fehlt in der sequencingCollection`);
  const { primaryObjective, objectives } = readObjectives(sequencing, id);
  const limits = readLimitConditions(sequencing);
  const activity: ActivitySettings = {
    id,
    title,
    isVisible,
    sequencingControls: readSequencingControls(sequencing),
    deliveryControls: readDeliveryControls(sequencing),
    sequencingRules: readSequencingRules(sequencing, ctx.notes, where),
    rollupRules: { rules: readRollupRules(sequencing, ctx.notes, where) },
    rollupConsiderations: readRollupConsiderations(sequencing),
    attemptLimit: limits.attemptLimit,
    attemptAbsoluteDurationLimit: limits.attemptAbsoluteDurationLimit,
  };
  if (primaryObjective) activity.primaryObjective = primaryObjective;
  if (objectives.length > 0) activity.objectives = objectives;
  if (item.completionThreshold) activity.completionThreshold = { ...item.completionThreshold };
  if (item.timeLimitAction) activity.timeLimitAction = item.timeLimitAction;
  const hide = hideLmsUi(item.hideLmsUi);
  if (hide) activity.hideLmsUi = hide;
  if (item.sharedDataMaps) activity.sharedDataMaps = item.sharedDataMaps.map((m) => ({ ...m }));
  if (childSources.length > 0) {
    activity.children = childSources.map((c) =>
      buildActivity(c.id, c.title, c.isVisible, c.sequencing, c, c.children, ctx),
    );
  }
  return activity;
}

function collectIds(activity: ActivitySettings, objectives: Set<string>, shared: Set<string>): void {
  for (const o of [activity.primaryObjective, ...(activity.objectives ?? [])]) {
    for (const m of o?.mapInfo ?? []) objectives.add(m.targetObjectiveID);
  }
  for (const m of activity.sharedDataMaps ?? []) shared.add(m.targetID);
  for (const c of activity.children ?? []) collectIds(c, objectives, shared);
}

export function buildFromSource(source: SequencingSource): SequencingDefinition {
  const ctx: BuildContext = { collection: source.collection, notes: [] };
  if (!source.complete) {
    ctx.notes.push(
      'Sequencing von Gruppierungen (Einträge mit Untereinträgen) ist ohne imsmanifest.xml nicht bekannt; Standardwerte gelten',
    );
  }
  const activityTree = buildActivity(
    source.organizationId,
    source.title,
    true,
    source.sequencing,
    {},
    source.items,
    ctx,
  );
  const objectives = new Set<string>();
  const shared = new Set<string>();
  collectIds(activityTree, objectives, shared);
  const settings: SequencingSettings = { activityTree, autoRollupOnCMIChange: true };
  return {
    settings,
    objectivesGlobalToSystem: source.objectivesGlobalToSystem ?? true,
    sharedDataGlobalToSystem: source.sharedDataGlobalToSystem ?? true,
    globalObjectiveIds: [...objectives].sort(),
    sharedDataIds: [...shared].sort(),
    notes: ctx.notes,
  };
}

/**
 * The full definition. Pass the manifest XML when available: without it the stored JSON lacks the
 * sequencing of clusters and the organization's objectivesGlobalToSystem (see sequencing-source.ts).
 */
export function buildSequencingDefinition(manifest: ParsedManifest, manifestXml?: string): SequencingDefinition {
  const fromXml = manifestXml !== undefined ? sourceFromManifestXml(manifestXml, manifest) : undefined;
  return buildFromSource(fromXml ?? sourceFromParsedManifest(manifest));
}

/** scorm-again's `sequencing` setting for the package. */
export function buildSequencingSettings(manifest: ParsedManifest, manifestXml?: string): SequencingSettings {
  return buildSequencingDefinition(manifest, manifestXml).settings;
}
