/**
 * The sequencing definition built from real manifests: all 189 ADL 4th edition test manifests and
 * the golf Sequencing* samples. Expected values were written by reading each manifest's XML (quoted
 * in the comments), not by running the builder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest, type ParsedManifest } from '../../../src/scorm';
import {
  buildSequencingDefinition,
  type ActivitySettings,
  type SequencingDefinition,
} from '../../../src/scorm/sequencing';
import { SAMPLES as SAMPLES_ROOT } from '../../helpers/samples';

const SAMPLES = SAMPLES_ROOT;
const ADL = path.join(SAMPLES, 'adl-2004-4ed-manifests');
const adlPackages = fs.readdirSync(ADL).filter((d) => fs.existsSync(path.join(ADL, d, 'imsmanifest.xml')));

function load(dir: string): { manifest: ParsedManifest; xml: string } {
  const xml = fs.readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8');
  const result = parseManifest(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { manifest: result.manifest, xml };
}

function build(dir: string): SequencingDefinition {
  const { manifest, xml } = load(dir);
  return buildSequencingDefinition(manifest, xml);
}

const adl = (name: string) => build(path.join(ADL, `LMSTestPackage_${name}`));
const golf = (name: string) => build(path.join(SAMPLES, 'scorm2004', name));

function find(def: SequencingDefinition, id: string): ActivitySettings {
  const walk = (a: ActivitySettings): ActivitySettings | undefined =>
    a.id === id ? a : (a.children ?? []).map(walk).find(Boolean);
  const found = walk(def.settings.activityTree);
  if (!found) throw new Error(`no activity ${id}`);
  return found;
}

function ids(a: ActivitySettings): string[] {
  return [a.id, ...(a.children ?? []).flatMap(ids)];
}

describe('sequencing definitions of the 189 ADL 4th edition manifests', () => {
  test('when the suite is read, then all 189 manifests are there', () => {
    expect(adlPackages).toHaveLength(189);
  });

  test.each(adlPackages)(
    'when %s is built, then the tree is the default organization with every item, without notes',
    (name) => {
      const { manifest, xml } = load(path.join(ADL, name));
      const def = buildSequencingDefinition(manifest, xml);
      const itemIds = (xml.match(/<item\b[^>]*>/g) ?? []).length;
      const orgCount = (xml.match(/<organization\b[^>]*>/g) ?? []).length;
      expect(def.settings.activityTree.id).toBe(manifest.defaultOrganizationId);
      if (orgCount === 1) expect(ids(def.settings.activityTree)).toHaveLength(itemIds + 1);
      expect(def.notes).toEqual([]);
      // Plain JSON: the player embeds it in the launch page.
      expect(JSON.parse(JSON.stringify(def))).toEqual(def);
      // Without the XML the stored JSON still builds (clusters then use defaults).
      expect(() => buildSequencingDefinition(manifest)).not.toThrow();
    },
  );
});

describe('spot checks against the ADL manifests', () => {
  test('when RU-07a is built, then the item limit overrides the collection and the cluster keeps its rules', () => {
    const def = adl('RU-07a');
    // activity_3: IDRef="seqCol-RU07a-1" (attemptLimit="2") but its own <limitConditions attemptLimit="1"/>
    const a3 = find(def, 'activity_3');
    expect(a3.attemptLimit).toBe(1);
    expect(a3.sequencingRules.preConditionRules).toEqual([
      { action: 'skip', conditionCombination: 'all', conditions: [{ condition: 'attemptLimitExceeded' }] },
    ]);
    // <imsss:rollupRules rollupProgressCompletion="false"/> and ifNotSkipped considerations
    expect([a3.sequencingControls.rollupProgressCompletion, a3.sequencingControls.rollupObjectiveSatisfied]).toEqual([
      false,
      true,
    ]);
    expect(a3.rollupConsiderations).toEqual({
      requiredForSatisfied: 'ifNotSkipped',
      requiredForNotSatisfied: 'ifNotSkipped',
      requiredForCompleted: 'always',
      requiredForIncomplete: 'always',
      measureSatisfactionIfActive: true,
    });
    // activity_2 (a cluster): choice="false" flow="true", exit rule "completed → exit"
    const a2 = find(def, 'activity_2');
    expect([a2.sequencingControls.choice, a2.sequencingControls.flow]).toEqual([false, true]);
    expect(a2.sequencingRules.exitConditionRules).toEqual([
      { action: 'exit', conditionCombination: 'all', conditions: [{ condition: 'completed' }] },
    ]);
    expect(a2.sequencingRules.postConditionRules.map((r) => r.action)).toEqual(['retry']);
    expect(find(def, 'activity_1').hideLmsUi).toEqual(['continue', 'previous', 'suspendAll']);
    // activity_6 has no sequencing: schema defaults (choice on, flow off, tracked)
    const a6 = find(def, 'activity_6');
    expect([
      a6.sequencingControls.choice,
      a6.sequencingControls.flow,
      a6.deliveryControls.tracked,
      a6.attemptLimit,
    ]).toEqual([true, false, true, null]);
  });

  test('when CT-07 is built, then minimumPercent=".5" becomes 50 and progress weights are kept', () => {
    const def = adl('CT-07');
    const a2 = find(def, 'activity_2');
    expect(a2.rollupRules.rules).toEqual([
      {
        action: 'completed',
        conditionCombination: 'any',
        consideration: 'atLeastPercent',
        minimumCount: 0,
        minimumPercent: 50,
        conditions: [{ condition: 'attempted' }],
      },
    ]);
    expect(a2.sequencingRules.postConditionRules).toEqual([
      { action: 'previous', conditionCombination: 'all', conditions: [{ condition: 'completed' }] },
    ]);
    expect(find(def, 'activity_4').completionThreshold).toEqual({
      completedByMeasure: false,
      minProgressMeasure: 1,
      progressWeight: 0.75,
    });
  });

  test('when MS-01 is built, then measureThreshold="0.4" is the threshold parameter', () => {
    const rule = find(adl('MS-01'), 'activity_2').sequencingRules.preConditionRules[0];
    expect(rule).toEqual({
      action: 'skip',
      conditionCombination: 'all',
      conditions: [{ condition: 'objectiveMeasureGreaterThan', parameters: { threshold: 0.4 } }],
    });
  });

  test('when CM-01 is built, then a primary objective without id keeps satisfiedByMeasure and the duration limit', () => {
    const def = adl('CM-01');
    // <imsss:primaryObjective satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</…>
    expect(find(def, 'activity_2').primaryObjective).toEqual({
      objectiveID: 'activity_2#primary',
      isPrimary: true,
      satisfiedByMeasure: true,
      minNormalizedMeasure: 0.8,
      mapInfo: [],
    });
    const withLimit = ids(def.settings.activityTree)
      .map((id) => find(def, id))
      .filter((a) => a.attemptAbsoluteDurationLimit);
    expect(withLimit.map((a) => a.attemptAbsoluteDurationLimit)).toEqual(['P5Y6M4DT12H30M58S', 'P5Y6M4DT12H30M58.55S']);
  });

  test('when CM-07d is built, then an IDRef supplies what the item leaves out, element by element', () => {
    const def = adl('CM-07d');
    const controls = (id: string) => [
      find(def, id).sequencingControls.constrainChoice,
      find(def, id).sequencingControls.preventActivation,
    ];
    // seqCol-CM07d-1: constrainChoice="true" preventActivation="true"
    expect(controls('activity_13')).toEqual([true, true]);
    // activity_12: IDRef + own <constrainedChoiceConsiderations preventActivation="true"/> replaces the collection's element
    expect(controls('activity_12')).toEqual([false, true]);
    expect(find(def, 'activity_12').sequencingControls.flow).toBe(true);
    expect(controls('activity_4')).toEqual([true, false]);
    // activity_7: <controlMode choice="false"/>
    expect(find(def, 'activity_7').sequencingControls.choice).toBe(false);
  });

  test('when CO-01 is built, then adlseq:mapInfo adds completion mappings to the primary objective', () => {
    const def = adl('CO-01');
    const map1 = find(def, 'activity_1').primaryObjective?.mapInfo;
    // <adlseq:mapInfo targetObjectiveID="gObj-CO01" writeCompletionStatus="true"/> — no imsss:mapInfo for it
    expect(map1).toEqual([
      expect.objectContaining({
        targetObjectiveID: 'gObj-CO01',
        readSatisfiedStatus: false,
        writeSatisfiedStatus: false,
        readCompletionStatus: true,
        writeCompletionStatus: true,
        readRawScore: true,
        writeRawScore: false,
      }),
    ]);
    const map2 = find(def, 'activity_2').primaryObjective?.mapInfo;
    expect(map2).toEqual([
      expect.objectContaining({
        targetObjectiveID: 'gObj-CO01',
        readCompletionStatus: true,
        writeCompletionStatus: false,
      }),
    ]);
    expect(def.globalObjectiveIds).toContain('gObj-CO01');
  });

  test('when DDMa is built, then adlcp:data maps become shared data maps with the schema defaults', () => {
    const def = adl('DDMa');
    const targets = ['tarID_1', 'tarID_2', 'tarID_3', 'tarID_4'];
    expect(find(def, 'activity_1').sharedDataMaps).toEqual(
      targets.map((targetID) => ({ targetID, readSharedData: true, writeSharedData: false })),
    );
    expect(find(def, 'activity_2').sharedDataMaps?.every((m) => m.writeSharedData === false && m.readSharedData)).toBe(
      true,
    );
    expect(def.sharedDataIds).toEqual(targets);
  });

  test('when OB-03b is built, then objectivesGlobalToSystem="false" is kept; without the attribute it is true', () => {
    expect(adl('OB-03b').objectivesGlobalToSystem).toBe(false);
    expect(adl('CM-01').objectivesGlobalToSystem).toBe(true);
  });
});

describe('the golf Sequencing* samples', () => {
  test('when ForcedSequential is built, then each SCO is disabled until the previous one is satisfied', () => {
    const def = golf('SequencingForcedSequential_SCORM20043rdEdition');
    const root = def.settings.activityTree;
    expect([root.sequencingControls.choice, root.sequencingControls.flow]).toEqual([true, true]);
    expect(def.objectivesGlobalToSystem).toBe(false);
    const etiquette = find(def, 'etuqiette_item');
    expect(etiquette.sequencingRules.preConditionRules).toEqual([
      {
        action: 'disabled',
        conditionCombination: 'any',
        conditions: [
          { condition: 'satisfied', operator: 'not', referencedObjective: 'previous_sco_satisfied' },
          { condition: 'objectiveStatusKnown', operator: 'not', referencedObjective: 'previous_sco_satisfied' },
        ],
      },
    ]);
    expect(etiquette.objectives?.[0].mapInfo[0]).toMatchObject({
      targetObjectiveID: 'com.scorm.golfsamples.sequencing.forcedsequential.playing_satisfied',
      readSatisfiedStatus: true,
      writeSatisfiedStatus: false,
    });
    // from the collection common_seq_rules: objectiveMeasureWeight="0", completionSetByContent/objectiveSetByContent
    expect(etiquette.sequencingControls.objectiveMeasureWeight).toBe(0);
    expect(etiquette.deliveryControls).toEqual({
      tracked: true,
      completionSetByContent: true,
      objectiveSetByContent: true,
    });
    expect(find(def, 'playing_item').sequencingRules.preConditionRules).toEqual([]);
  });

  test.each([['SequencingPostTestRollup_SCORM20043rdEdition'], ['SequencingPostTestRollup4thEd_SCORM20044thEdition']])(
    'when %s is built, then only the post test counts towards rollup',
    (name) => {
      const def = golf(name);
      for (const id of ['playing_item', 'etuqiette_item', 'handicapping_item', 'havingfun_item']) {
        const c = find(def, id).sequencingControls;
        expect([id, c.rollupObjectiveSatisfied, c.rollupProgressCompletion, c.objectiveMeasureWeight]).toEqual([
          id,
          false,
          false,
          0,
        ]);
      }
      const quiz = find(def, 'assessment_item').sequencingControls;
      expect([quiz.rollupObjectiveSatisfied, quiz.rollupProgressCompletion, quiz.objectiveMeasureWeight]).toEqual([
        true,
        true,
        1,
      ]);
    },
  );

  test('when the 4th edition PostTestRollup is built, then completion is shared through adlseq maps and notes through shared data', () => {
    const def = golf('SequencingPostTestRollup4thEd_SCORM20044thEdition');
    expect([def.objectivesGlobalToSystem, def.sharedDataGlobalToSystem]).toEqual([false, false]);
    expect(find(def, 'playing_item').primaryObjective?.mapInfo).toEqual([
      expect.objectContaining({
        targetObjectiveID: 'com.scorm.golfsamples.sequencing.forcedsequential.playing_completed',
        readCompletionStatus: true,
        writeCompletionStatus: true,
        readSatisfiedStatus: false,
      }),
    ]);
    expect(find(def, 'etuqiette_item').sequencingRules.preConditionRules[0].conditions.map((c) => c.condition)).toEqual(
      ['completed', 'activityProgressKnown'],
    );
    expect(find(def, 'playing_item').sharedDataMaps).toEqual([
      {
        targetID: 'com.scorm.golfsamples.sequencing.forcedsequential.notesStorage',
        readSharedData: true,
        writeSharedData: true,
      },
    ]);
    expect(find(def, 'playing_item').completionThreshold?.progressWeight).toBe(0.5);
  });

  test('when PreOrPostTestRollup is built, then the pre test has one attempt and the wrappers roll up', () => {
    const def = golf('SequencingPreOrPostTestRollup_SCORM20043rdEdition');
    expect(find(def, 'pretest_item').attemptLimit).toBe(1);
    expect(find(def, 'pretest_item').sequencingRules.preConditionRules.map((r) => r.conditions[0].condition)).toEqual([
      'attemptLimitExceeded',
      'satisfied',
    ]);
    const dummy = find(def, 'dummy_item');
    expect(dummy.isVisible).toBe(false);
    expect(dummy.rollupRules.rules.map((r) => [r.consideration, r.conditions[0].condition, r.action])).toEqual([
      ['any', 'completed', 'incomplete'],
      ['all', 'completed', 'completed'],
    ]);
    expect(find(def, 'content_wrapper').primaryObjective?.mapInfo[0]).toMatchObject({
      targetObjectiveID: 'com.scorm.golfsamples.sequencing.preorposttestrollup.content_completed',
      writeSatisfiedStatus: true,
    });
    expect(def.settings.activityTree.rollupRules.rules).toEqual([
      {
        action: 'completed',
        conditionCombination: 'any',
        consideration: 'any',
        minimumCount: 0,
        minimumPercent: 0,
        conditions: [{ condition: 'satisfied' }],
      },
    ]);
  });

  test('when PreOrPostTestRollup is built from the stored JSON only, then leaves keep their rules and the gap is noted', () => {
    const { manifest } = load(path.join(SAMPLES, 'scorm2004', 'SequencingPreOrPostTestRollup_SCORM20043rdEdition'));
    const def = buildSequencingDefinition(JSON.parse(JSON.stringify(manifest)));
    expect(find(def, 'pretest_item').attemptLimit).toBe(1);
    expect(find(def, 'dummy_item').rollupRules.rules).toEqual([]);
    expect(def.notes).toHaveLength(1);
  });

  test('when RandomTest is built, then the post test reorders its hidden tests on each attempt and allows two attempts', () => {
    const def = golf('SequencingRandomTest_SCORM20043rdEdition');
    const post = find(def, 'posttest_item');
    expect([
      post.sequencingControls.randomizationTiming,
      post.sequencingControls.randomizeChildren,
      post.sequencingControls.selectionTiming,
      post.attemptLimit,
    ]).toEqual(['onEachNewAttempt', true, 'never', 2]);
    expect(post.sequencingRules.postConditionRules.map((r) => r.action)).toEqual(['retry', 'retry', 'exitAll']);
    const test1 = find(def, 'test_1');
    expect([test1.isVisible, test1.hideLmsUi]).toEqual([false, ['suspendAll']]);
    // from the collection test_sequencing_rules
    expect(test1.sequencingRules.postConditionRules).toEqual([
      { action: 'exitParent', conditionCombination: 'all', conditions: [{ condition: 'always' }] },
    ]);
    expect(test1.primaryObjective?.mapInfo[0]).toMatchObject({
      readSatisfiedStatus: false,
      readNormalizedMeasure: false,
      writeNormalizedMeasure: true,
      writeSatisfiedStatus: false,
    });
  });

  test('when SimpleRemediation is built, then the wrapper is flow only and retries until satisfied', () => {
    const def = golf('SequencingSimpleRemediation_SCORM20043rdEdition');
    const wrapper = find(def, 'content_wrapper');
    expect([
      wrapper.sequencingControls.choice,
      wrapper.sequencingControls.flow,
      wrapper.sequencingControls.choiceExit,
    ]).toEqual([false, true, false]);
    expect(wrapper.sequencingRules.postConditionRules).toEqual([
      {
        action: 'retry',
        conditionCombination: 'any',
        conditions: [
          { condition: 'satisfied', operator: 'not' },
          { condition: 'objectiveStatusKnown', operator: 'not' },
        ],
      },
      { action: 'exitAll', conditionCombination: 'any', conditions: [{ condition: 'satisfied' }] },
    ]);
    // test_4 adds its own exitParent rule, which replaces the collection's sequencingRules (skip when satisfied)
    expect(find(def, 'test_4').sequencingRules.preConditionRules).toEqual([]);
    expect(find(def, 'test_1').sequencingRules.preConditionRules[0].action).toBe('skip');
    expect(find(def, 'test_1').rollupConsiderations.requiredForCompleted).toBe('ifNotSkipped');
    expect(find(def, 'playing_item').primaryObjective?.mapInfo[0]).toMatchObject({
      readSatisfiedStatus: true,
      writeSatisfiedStatus: false,
    });
  });
});
