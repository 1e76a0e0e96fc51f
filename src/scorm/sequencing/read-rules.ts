/**
 * `imsss:sequencingRules` and `imsss:rollupRules` into scorm-again's rule settings. Schema defaults
 * are written out explicitly (scorm-again's own defaults differ in places, e.g. a sequencing rule's
 * conditionCombination), and two unit differences are bridged: `measureThreshold` becomes the
 * `threshold` parameter, and `minimumPercent` (0–1 in the manifest) becomes 0–100.
 */
import type { RawXml } from '../manifest';
import { attrOf, enumAttr, kid, kids, numAttr } from './raw-xml';
import type {
  RollupConditionSettings,
  RollupRuleSettings,
  RuleActionType,
  RuleConditionSettings,
  RuleConditionType,
  SequencingRuleSettings,
  SequencingRulesSettings,
} from './settings-types';

const RULE_CONDITIONS: readonly RuleConditionType[] = [
  'satisfied',
  'objectiveStatusKnown',
  'objectiveMeasureKnown',
  'objectiveMeasureGreaterThan',
  'objectiveMeasureLessThan',
  'completed',
  'activityProgressKnown',
  'attempted',
  'attemptLimitExceeded',
  'timeLimitExceeded',
  'outsideAvailableTimeRange',
  'always',
];
const PRE_ACTIONS: readonly RuleActionType[] = ['skip', 'disabled', 'hiddenFromChoice', 'stopForwardTraversal'];
const POST_ACTIONS: readonly RuleActionType[] = ['exitParent', 'exitAll', 'retry', 'retryAll', 'continue', 'previous'];
const EXIT_ACTIONS: readonly RuleActionType[] = ['exit'];

function pick<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  const v = value?.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === v);
}

function readRuleCondition(el: RawXml, notes: string[], where: string): RuleConditionSettings | undefined {
  const condition = pick(attrOf(el, 'condition'), RULE_CONDITIONS);
  if (!condition) {
    notes.push(`${where}: unbekannte Regelbedingung „${attrOf(el, 'condition') ?? ''}“ ignoriert`);
    return undefined;
  }
  const out: RuleConditionSettings = { condition };
  if (attrOf(el, 'operator')?.toLowerCase() === 'not') out.operator = 'not';
  const ref = attrOf(el, 'referencedObjective');
  if (ref) out.referencedObjective = ref;
  if (condition === 'objectiveMeasureGreaterThan' || condition === 'objectiveMeasureLessThan') {
    out.parameters = { threshold: numAttr(el, 'measureThreshold') ?? 0 };
  }
  return out;
}

function readRule(
  el: RawXml,
  actions: readonly RuleActionType[],
  notes: string[],
  where: string,
): SequencingRuleSettings | undefined {
  const action = pick(attrOf(kid(el, 'ruleAction'), 'action'), actions);
  if (!action) {
    notes.push(
      `${where}: Regelaktion „${attrOf(kid(el, 'ruleAction'), 'action') ?? ''}“ passt nicht zu ${el.name}, Regel ignoriert`,
    );
    return undefined;
  }
  const block = kid(el, 'ruleConditions');
  const conditions = kids(block, 'ruleCondition')
    .map((c) => readRuleCondition(c, notes, where))
    .filter((c): c is RuleConditionSettings => c !== undefined);
  if (conditions.length === 0) {
    notes.push(`${where}: Regel „${action}“ ohne gültige Bedingung ignoriert`);
    return undefined;
  }
  return {
    action,
    conditionCombination: enumAttr(block, 'conditionCombination', ['all', 'any'] as const, 'all'),
    conditions,
  };
}

export function readSequencingRules(
  sequencing: RawXml | undefined,
  notes: string[],
  where: string,
): SequencingRulesSettings {
  const rules = kid(sequencing, 'sequencingRules');
  const read = (name: string, actions: readonly RuleActionType[]) =>
    kids(rules, name)
      .map((r) => readRule(r, actions, notes, where))
      .filter((r): r is SequencingRuleSettings => r !== undefined);
  return {
    preConditionRules: read('preConditionRule', PRE_ACTIONS),
    exitConditionRules: read('exitConditionRule', EXIT_ACTIONS),
    postConditionRules: read('postConditionRule', POST_ACTIONS),
  };
}

const ROLLUP_CONDITIONS = [
  'satisfied',
  'objectiveStatusKnown',
  'objectiveMeasureKnown',
  'completed',
  'activityProgressKnown',
  'attempted',
  'attemptLimitExceeded',
  'timeLimitExceeded',
  'outsideAvailableTimeRange',
] as const;

function readRollupCondition(el: RawXml, notes: string[], where: string): RollupConditionSettings | undefined {
  const condition = pick(attrOf(el, 'condition'), ROLLUP_CONDITIONS);
  if (!condition) {
    notes.push(`${where}: unbekannte Rollup-Bedingung „${attrOf(el, 'condition') ?? ''}“ ignoriert`);
    return undefined;
  }
  // scorm-again calls the manifest's activityProgressKnown "progressKnown" in rollup conditions.
  const out: RollupConditionSettings = {
    condition: condition === 'activityProgressKnown' ? 'progressKnown' : condition,
  };
  if (attrOf(el, 'operator')?.toLowerCase() === 'not') out.operator = 'not';
  return out;
}

export function readRollupRules(sequencing: RawXml | undefined, notes: string[], where: string): RollupRuleSettings[] {
  const out: RollupRuleSettings[] = [];
  for (const rule of kids(kid(sequencing, 'rollupRules'), 'rollupRule')) {
    const action = pick(attrOf(kid(rule, 'rollupAction'), 'action'), [
      'satisfied',
      'notSatisfied',
      'completed',
      'incomplete',
    ] as const);
    const block = kid(rule, 'rollupConditions');
    const conditions = kids(block, 'rollupCondition')
      .map((c) => readRollupCondition(c, notes, where))
      .filter((c): c is RollupConditionSettings => c !== undefined);
    if (!action || conditions.length === 0) {
      notes.push(`${where}: Rollup-Regel ohne gültige Aktion oder Bedingung ignoriert`);
      continue;
    }
    out.push({
      action,
      conditionCombination: enumAttr(block, 'conditionCombination', ['all', 'any'] as const, 'any'),
      consideration: enumAttr(
        rule,
        'childActivitySet',
        ['all', 'any', 'none', 'atLeastCount', 'atLeastPercent'] as const,
        'all',
      ),
      minimumCount: numAttr(rule, 'minimumCount') ?? 0,
      minimumPercent: Math.round((numAttr(rule, 'minimumPercent') ?? 0) * 10000) / 100,
      conditions,
    });
  }
  return out;
}
