/**
 * The SCORM extensions an item carries for the runtime: 1.2 `adlcp:*` elements, 2004 completion
 * threshold, passing score from sequencing, time limits and hidden LMS UI. Kept apart from the tree
 * walk so each rule can be read (and tested) on its own.
 */
import type { CompletionThreshold, PackageProblem, ScoInfo } from './types';
import { attr, child, children, toRaw, type XmlElement } from './xml-tree';
import { problem } from './problems';

export type ItemExtras = Pick<
  ScoInfo,
  | 'masteryScore'
  | 'prerequisites'
  | 'dataFromLms'
  | 'maxTimeAllowed'
  | 'timeLimitAction'
  | 'completionThreshold'
  | 'scaledPassingScore'
  | 'sequencing'
  | 'presentation'
>;

function adlcpText(item: XmlElement, local: string): string | undefined {
  const el = child(item, 'adlcp', local);
  return el && el.text !== '' ? el.text : undefined;
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : undefined;
}

function isTrue(value: string | undefined): boolean {
  return (value ?? '').trim().toLowerCase() === 'true';
}

/**
 * Accepts all three forms seen in packages: the 4th-edition element with attributes, the
 * 3rd/2nd-edition element whose text is the threshold, and an `adlcp:completionThreshold` attribute
 * on the item. A bare number means "completed once progress reaches it".
 */
export function readCompletionThreshold(item: XmlElement): CompletionThreshold | undefined {
  const el = child(item, 'adlcp', 'completionThreshold');
  if (el) {
    const fromText = toNumber(el.text);
    if (fromText !== undefined) return { completedByMeasure: true, minProgressMeasure: fromText, progressWeight: 1 };
    return {
      completedByMeasure: isTrue(attr(el, 'completedByMeasure')),
      minProgressMeasure: toNumber(attr(el, 'minProgressMeasure')) ?? 1,
      progressWeight: toNumber(attr(el, 'progressWeight')) ?? 1,
    };
  }
  const fromAttr = toNumber(attr(item, 'completionThreshold', 'adlcp'));
  if (fromAttr !== undefined) return { completedByMeasure: true, minProgressMeasure: fromAttr, progressWeight: 1 };
  return undefined;
}

/** Sequencing of the item merged over the collection entry it names by IDRef (item wins). */
function primaryObjective(
  sequencing: XmlElement | undefined,
  collection: XmlElement | undefined,
): XmlElement | undefined {
  const own = child(child(sequencing, 'imsss', 'objectives'), 'imsss', 'primaryObjective');
  if (own) return own;
  const idRef = attr(sequencing, 'IDRef');
  if (!idRef || !collection) return undefined;
  const shared = children(collection, 'imsss', 'sequencing').find((s) => attr(s, 'ID') === idRef);
  return child(child(shared, 'imsss', 'objectives'), 'imsss', 'primaryObjective');
}

function readScaledPassingScore(
  sequencing: XmlElement | undefined,
  collection: XmlElement | undefined,
): number | undefined {
  const objective = primaryObjective(sequencing, collection);
  if (!objective || !isTrue(attr(objective, 'satisfiedByMeasure'))) return undefined;
  // The schema default of minNormalizedMeasure is 1.0.
  return toNumber(child(objective, 'imsss', 'minNormalizedMeasure')?.text) ?? 1;
}

function readHideLmsUi(item: XmlElement): string[] | undefined {
  const nav = child(child(item, 'adlnav', 'presentation'), 'adlnav', 'navigationInterface');
  const hidden = children(nav, 'adlnav', 'hideLMSUI')
    .map((h) => h.text)
    .filter((t) => t !== '');
  return hidden.length > 0 ? hidden : undefined;
}

export function readItemExtras(
  item: XmlElement,
  where: string,
  collection: XmlElement | undefined,
  warnings: PackageProblem[],
): ItemExtras {
  const extras: ItemExtras = {};
  const mastery = adlcpText(item, 'masteryscore');
  if (mastery !== undefined) {
    const n = toNumber(mastery);
    if (n === undefined || n < 0 || n > 100) {
      warnings.push(
        problem(
          'MANIFEST_MASTERYSCORE_INVALID',
          `Die masteryscore „${mastery}“ ist keine Zahl von 0 bis 100 und wird ignoriert.`,
          where,
        ),
      );
    } else extras.masteryScore = n;
  }
  const prerequisites = adlcpText(item, 'prerequisites');
  if (prerequisites !== undefined) extras.prerequisites = prerequisites;
  const dataFromLms = adlcpText(item, 'dataFromLMS');
  if (dataFromLms !== undefined) extras.dataFromLms = dataFromLms;

  const sequencing = child(item, 'imsss', 'sequencing');
  const limits = child(sequencing, 'imsss', 'limitConditions');
  const maxTime = adlcpText(item, 'maxtimeallowed') ?? attr(limits, 'attemptAbsoluteDurationLimit');
  if (maxTime !== undefined) extras.maxTimeAllowed = maxTime;
  const timeLimitAction = adlcpText(item, 'timelimitaction');
  if (timeLimitAction !== undefined) extras.timeLimitAction = timeLimitAction;

  const threshold = readCompletionThreshold(item);
  if (threshold) extras.completionThreshold = threshold;
  const passing = readScaledPassingScore(sequencing, collection);
  if (passing !== undefined) extras.scaledPassingScore = passing;
  if (sequencing) extras.sequencing = toRaw(sequencing);
  const hide = readHideLmsUi(item);
  if (hide) extras.presentation = { hideLMSUI: hide };
  return extras;
}
