/**
 * `imsss:objectives` (primary + others, with `mapInfo` to global objectives) merged with the 4th
 * edition `adlseq:objectives` extension, whose `adlseq:mapInfo` adds completion, progress and score
 * mappings to the objective of the same `objectiveID`. scorm-again holds all of them in one list of
 * map infos per objective, so an extension map for a target the IMS map already names is folded into
 * that entry, and one for a new target becomes an entry that maps only the extended values.
 */
import type { RawXml } from '../manifest';
import { elementKind } from './resolve-collection';
import { attrOf, boolAttr, kid, kids, numText } from './raw-xml';
import type { ObjectiveMapInfoSettings, ObjectiveSettings } from './settings-types';

const NO_MAPPING: Omit<ObjectiveMapInfoSettings, 'targetObjectiveID'> = {
  readSatisfiedStatus: false,
  readNormalizedMeasure: false,
  writeSatisfiedStatus: false,
  writeNormalizedMeasure: false,
  readCompletionStatus: false,
  writeCompletionStatus: false,
  readProgressMeasure: false,
  writeProgressMeasure: false,
  readRawScore: false,
  writeRawScore: false,
  readMinScore: false,
  writeMinScore: false,
  readMaxScore: false,
  writeMaxScore: false,
};

function imsMapInfo(el: RawXml): ObjectiveMapInfoSettings | undefined {
  const target = attrOf(el, 'targetObjectiveID');
  if (!target) return undefined;
  return {
    ...NO_MAPPING,
    targetObjectiveID: target,
    readSatisfiedStatus: boolAttr(el, 'readSatisfiedStatus', true),
    readNormalizedMeasure: boolAttr(el, 'readNormalizedMeasure', true),
    writeSatisfiedStatus: boolAttr(el, 'writeSatisfiedStatus', false),
    writeNormalizedMeasure: boolAttr(el, 'writeNormalizedMeasure', false),
  };
}

/** adlseq:mapInfo defaults (adlseq_v1p3.xsd): every read is true, every write false. */
function extendMapInfo(into: ObjectiveMapInfoSettings, el: RawXml): void {
  for (const what of ['RawScore', 'MinScore', 'MaxScore', 'CompletionStatus', 'ProgressMeasure'] as const) {
    into[`read${what}`] = boolAttr(el, `read${what}`, true);
    into[`write${what}`] = boolAttr(el, `write${what}`, false);
  }
}

function readObjective(el: RawXml, isPrimary: boolean, fallbackId: string): ObjectiveSettings {
  return {
    objectiveID: attrOf(el, 'objectiveID') || fallbackId,
    isPrimary,
    satisfiedByMeasure: boolAttr(el, 'satisfiedByMeasure', false),
    // Schema default of minNormalizedMeasure is 1.0.
    minNormalizedMeasure: numText(kid(el, 'minNormalizedMeasure')) ?? 1,
    mapInfo: kids(el, 'mapInfo')
      .map(imsMapInfo)
      .filter((m): m is ObjectiveMapInfoSettings => m !== undefined),
  };
}

export interface ActivityObjectives {
  primaryObjective?: ObjectiveSettings;
  objectives: ObjectiveSettings[];
}

/**
 * A primary objective without `objectiveID` is legal (it then cannot be referenced or shared); it still
 * carries satisfiedByMeasure for rollup, so it gets a private id derived from the activity.
 */
export function readObjectives(sequencing: RawXml | undefined, activityId: string): ActivityObjectives {
  const blocks = sequencing?.children ?? [];
  const ims = blocks.find((c) => elementKind(c) === 'objectives');
  const adl = blocks.find((c) => elementKind(c) === 'adlseq:objectives');
  const primaryEl = kid(ims, 'primaryObjective');
  const primaryObjective = primaryEl ? readObjective(primaryEl, true, `${activityId}#primary`) : undefined;
  const objectives = kids(ims, 'objective')
    .filter((o) => attrOf(o, 'objectiveID'))
    .map((o) => readObjective(o, false, ''));

  for (const ext of kids(adl, 'objective')) {
    const id = attrOf(ext, 'objectiveID');
    const target = [primaryObjective, ...objectives].find((o) => o && o.objectiveID === id);
    if (!target) continue; // The extension may only extend an objective the IMS part declares.
    for (const map of kids(ext, 'mapInfo')) {
      const targetId = attrOf(map, 'targetObjectiveID');
      if (!targetId) continue;
      let entry = target.mapInfo.find((m) => m.targetObjectiveID === targetId);
      if (!entry) {
        entry = { ...NO_MAPPING, targetObjectiveID: targetId };
        target.mapInfo.push(entry);
      }
      extendMapInfo(entry, map);
    }
  }
  return { primaryObjective, objectives };
}
