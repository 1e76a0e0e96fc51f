/**
 * The attribute-only parts of `imsss:sequencing`: control modes, rollup controls, randomization,
 * delivery controls, limit conditions and the ADL extensions for constrained choice and rollup
 * considerations. Every schema default is stated, so an activity without sequencing gets the values
 * the SCORM books prescribe (choice on, flow off, tracked, …) whatever scorm-again assumes.
 */
import type { RawXml } from '../manifest';
import { attrOf, boolAttr, enumAttr, kid, numAttr } from './raw-xml';
import type {
  DeliveryControlsSettings,
  RollupConsiderationsSettings,
  RollupRequirement,
  SequencingControlsSettings,
} from './settings-types';

const TIMING = ['never', 'once', 'onEachNewAttempt'] as const;
const REQUIREMENT: readonly RollupRequirement[] = ['always', 'ifAttempted', 'ifNotSkipped', 'ifNotSuspended'];

export function readSequencingControls(sequencing: RawXml | undefined): SequencingControlsSettings {
  const mode = kid(sequencing, 'controlMode');
  const rollup = kid(sequencing, 'rollupRules');
  const random = kid(sequencing, 'randomizationControls');
  const constrained = kid(sequencing, 'constrainedChoiceConsiderations');
  const selectCount = numAttr(random, 'selectCount');
  return {
    choice: boolAttr(mode, 'choice', true),
    choiceExit: boolAttr(mode, 'choiceExit', true),
    flow: boolAttr(mode, 'flow', false),
    forwardOnly: boolAttr(mode, 'forwardOnly', false),
    useCurrentAttemptObjectiveInfo: boolAttr(mode, 'useCurrentAttemptObjectiveInfo', true),
    useCurrentAttemptProgressInfo: boolAttr(mode, 'useCurrentAttemptProgressInfo', true),
    preventActivation: boolAttr(constrained, 'preventActivation', false),
    constrainChoice: boolAttr(constrained, 'constrainChoice', false),
    rollupObjectiveSatisfied: boolAttr(rollup, 'rollupObjectiveSatisfied', true),
    rollupProgressCompletion: boolAttr(rollup, 'rollupProgressCompletion', true),
    objectiveMeasureWeight: numAttr(rollup, 'objectiveMeasureWeight') ?? 1,
    selectionTiming: enumAttr(random, 'selectionTiming', TIMING, 'never'),
    selectCount: selectCount !== undefined && selectCount >= 0 ? Math.floor(selectCount) : null,
    randomizeChildren: boolAttr(random, 'reorderChildren', false),
    randomizationTiming: enumAttr(random, 'randomizationTiming', TIMING, 'never'),
  };
}

export function readDeliveryControls(sequencing: RawXml | undefined): DeliveryControlsSettings {
  const el = kid(sequencing, 'deliveryControls');
  return {
    tracked: boolAttr(el, 'tracked', true),
    completionSetByContent: boolAttr(el, 'completionSetByContent', false),
    objectiveSetByContent: boolAttr(el, 'objectiveSetByContent', false),
  };
}

export function readLimitConditions(sequencing: RawXml | undefined): {
  attemptLimit: number | null;
  attemptAbsoluteDurationLimit: string | null;
} {
  const el = kid(sequencing, 'limitConditions');
  const limit = numAttr(el, 'attemptLimit');
  return {
    // attemptLimit 0 means "no limit" in the IMS schema.
    attemptLimit: limit !== undefined && limit > 0 ? Math.floor(limit) : null,
    attemptAbsoluteDurationLimit: attrOf(el, 'attemptAbsoluteDurationLimit') || null,
  };
}

export function readRollupConsiderations(sequencing: RawXml | undefined): RollupConsiderationsSettings {
  const el = kid(sequencing, 'rollupConsiderations');
  return {
    requiredForSatisfied: enumAttr(el, 'requiredForSatisfied', REQUIREMENT, 'always'),
    requiredForNotSatisfied: enumAttr(el, 'requiredForNotSatisfied', REQUIREMENT, 'always'),
    requiredForCompleted: enumAttr(el, 'requiredForCompleted', REQUIREMENT, 'always'),
    requiredForIncomplete: enumAttr(el, 'requiredForIncomplete', REQUIREMENT, 'always'),
    measureSatisfactionIfActive: boolAttr(el, 'measureSatisfactionIfActive', true),
  };
}
