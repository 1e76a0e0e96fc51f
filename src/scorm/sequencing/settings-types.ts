/**
 * The shape of scorm-again 3.4.3's `sequencing` setting (dist/types/types/sequencing_types.d.ts),
 * restated here because `scorm/` depends on nothing but plain data: the player serialises this
 * object into the launch page and hands it to `new Scorm2004API({ sequencing })`. Only the fields
 * we fill are listed; every value is plain JSON.
 */

export type HideLmsUiItem = 'continue' | 'previous' | 'exit' | 'exitAll' | 'abandon' | 'abandonAll' | 'suspendAll';

export type RuleConditionType =
  | 'satisfied'
  | 'objectiveStatusKnown'
  | 'objectiveMeasureKnown'
  | 'objectiveMeasureGreaterThan'
  | 'objectiveMeasureLessThan'
  | 'completed'
  | 'activityProgressKnown'
  | 'attempted'
  | 'attemptLimitExceeded'
  | 'timeLimitExceeded'
  | 'outsideAvailableTimeRange'
  | 'always';

export type RuleActionType =
  | 'skip'
  | 'disabled'
  | 'hiddenFromChoice'
  | 'stopForwardTraversal'
  | 'exitParent'
  | 'exitAll'
  | 'retry'
  | 'retryAll'
  | 'continue'
  | 'previous'
  | 'exit';

export interface RuleConditionSettings {
  condition: RuleConditionType;
  /** Only `not` is sent; the manifest's `noOp` is the absence of an operator. */
  operator?: 'not';
  referencedObjective?: string;
  /** scorm-again reads `threshold` for the measure comparisons (manifest: `measureThreshold`). */
  parameters?: { threshold: number };
}

export interface SequencingRuleSettings {
  action: RuleActionType;
  conditionCombination: 'all' | 'any';
  conditions: RuleConditionSettings[];
}

export interface SequencingRulesSettings {
  preConditionRules: SequencingRuleSettings[];
  exitConditionRules: SequencingRuleSettings[];
  postConditionRules: SequencingRuleSettings[];
}

export type RollupConditionType =
  | 'satisfied'
  | 'objectiveStatusKnown'
  | 'objectiveMeasureKnown'
  | 'completed'
  | 'activityProgressKnown'
  | 'attempted'
  | 'attemptLimitExceeded'
  | 'timeLimitExceeded'
  | 'outsideAvailableTimeRange';

export interface RollupConditionSettings {
  condition: RollupConditionType | 'progressKnown';
  operator?: 'not';
}

export interface RollupRuleSettings {
  action: 'satisfied' | 'notSatisfied' | 'completed' | 'incomplete';
  conditionCombination: 'all' | 'any';
  /** The manifest's `childActivitySet`. */
  consideration: 'all' | 'any' | 'none' | 'atLeastCount' | 'atLeastPercent';
  minimumCount: number;
  minimumPercent: number;
  conditions: RollupConditionSettings[];
}

export interface SequencingControlsSettings {
  choice?: boolean;
  choiceExit?: boolean;
  flow?: boolean;
  forwardOnly?: boolean;
  useCurrentAttemptObjectiveInfo?: boolean;
  useCurrentAttemptProgressInfo?: boolean;
  preventActivation?: boolean;
  constrainChoice?: boolean;
  rollupObjectiveSatisfied?: boolean;
  rollupProgressCompletion?: boolean;
  objectiveMeasureWeight?: number;
  selectionTiming?: 'never' | 'once' | 'onEachNewAttempt';
  selectCount?: number | null;
  /** The manifest's `reorderChildren` (scorm-again uses its own `reorderChildren` as "already reordered"). */
  randomizeChildren?: boolean;
  randomizationTiming?: 'never' | 'once' | 'onEachNewAttempt';
}

export interface DeliveryControlsSettings {
  tracked: boolean;
  completionSetByContent: boolean;
  objectiveSetByContent: boolean;
}

export interface ObjectiveMapInfoSettings {
  targetObjectiveID: string;
  readSatisfiedStatus: boolean;
  readNormalizedMeasure: boolean;
  writeSatisfiedStatus: boolean;
  writeNormalizedMeasure: boolean;
  /** 4th edition `adlseq:objectives` extensions; false when the package has none. */
  readCompletionStatus: boolean;
  writeCompletionStatus: boolean;
  readProgressMeasure: boolean;
  writeProgressMeasure: boolean;
  readRawScore: boolean;
  writeRawScore: boolean;
  readMinScore: boolean;
  writeMinScore: boolean;
  readMaxScore: boolean;
  writeMaxScore: boolean;
}

export interface ObjectiveSettings {
  objectiveID: string;
  isPrimary: boolean;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure: number;
  mapInfo: ObjectiveMapInfoSettings[];
}

export interface RollupConsiderationsSettings {
  requiredForSatisfied: RollupRequirement;
  requiredForNotSatisfied: RollupRequirement;
  requiredForCompleted: RollupRequirement;
  requiredForIncomplete: RollupRequirement;
  measureSatisfactionIfActive: boolean;
}

export type RollupRequirement = 'always' | 'ifAttempted' | 'ifNotSkipped' | 'ifNotSuspended';

export interface SharedDataMapSettings {
  targetID: string;
  readSharedData: boolean;
  writeSharedData: boolean;
}

export interface ActivitySettings {
  id: string;
  title: string;
  isVisible: boolean;
  children?: ActivitySettings[];
  attemptLimit?: number | null;
  attemptAbsoluteDurationLimit?: string | null;
  timeLimitAction?: string | null;
  primaryObjective?: ObjectiveSettings;
  objectives?: ObjectiveSettings[];
  sequencingControls: SequencingControlsSettings;
  deliveryControls: DeliveryControlsSettings;
  sequencingRules: SequencingRulesSettings;
  rollupRules: { rules: RollupRuleSettings[] };
  rollupConsiderations: RollupConsiderationsSettings;
  completionThreshold?: { completedByMeasure: boolean; minProgressMeasure: number; progressWeight: number };
  hideLmsUi?: HideLmsUiItem[];
  sharedDataMaps?: SharedDataMapSettings[];
}

export interface SequencingSettings {
  activityTree: ActivitySettings;
  /** Tells scorm-again to roll up whenever the SCO changes status data, so the tree is current at every commit. */
  autoRollupOnCMIChange: boolean;
}

/** What the builder knows beyond scorm-again's settings: the LMS needs these to store state. */
export interface SequencingDefinition {
  settings: SequencingSettings;
  /** `adlseq:objectivesGlobalToSystem` of the organization (default true): global objectives outlive the attempt. */
  objectivesGlobalToSystem: boolean;
  /** `adlcp:sharedDataGlobalToSystem` of the organization (default true). */
  sharedDataGlobalToSystem: boolean;
  /** Every global objective id named by a mapInfo, for storage and for seeding scorm-again. */
  globalObjectiveIds: string[];
  /** Every shared data targetID (4th ed `adlcp:data`). */
  sharedDataIds: string[];
  /** Where the source was incomplete (e.g. cluster sequencing unknown without the manifest XML). */
  notes: string[];
}
