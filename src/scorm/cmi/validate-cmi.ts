/**
 * Server-side check of an incoming commit's cmi object against the SCORM data model.
 * scorm-again already validates every SetValue in the browser; this guards the stored row
 * against forged or broken bodies. Every element that breaks the model is reported with the
 * standard error code (the commit route then refuses the whole commit, so the stored values stay);
 * `clean` is the input without those elements. Unknown keys are kept untouched.
 *
 * Besides the data model: containers the model defines (`interactions`, `core.score`, an
 * interaction, …) must be objects or arrays, arrays hold at most `maxItems` items, and text
 * elements are capped by size (`limits`; suspend_data apart, since real 1.2 exports go far beyond
 * the 4,096 characters of the standard). Size refusals use 405 (1.2) / 407 (2004).
 */
import { isRecord, unwrapCmi } from './cmi-object';
import { RULES_12, RULES_2004, runCheck, type Check, type RuleSet } from './cmi-rules';
import type { CmiProblem, CmiValidation, ScormVersion } from './types';

export interface CmiLimits {
  /** Characters of cmi.suspend_data. */
  suspendDataMax: number;
  /** Characters of any other text element without a smaller limit of its own. */
  textMax: number;
  /** Items of one CMI array (interactions, objectives, comments, correct responses…). */
  maxItems: number;
}

export const DEFAULT_CMI_LIMITS: CmiLimits = { suspendDataMax: 64 * 1024, textMax: 16 * 1024, maxItems: 1000 };

/**
 * The rules as a tree of path parts ('interactions' → '*' → 'id'): the walk follows it with a pointer
 * instead of building a pattern string per element and looking it up (a commit walks a few hundred
 * elements; the string building and hashing were most of its CPU). A node without a check is a
 * container of the model: every proper prefix of a rule's path.
 */
interface RuleNode {
  check?: Check;
  children: Map<string, RuleNode>;
  /** The node for an array index ('*'), if the model has one below this one. */
  item?: RuleNode;
  /** cmi.suspend_data has its own size cap. */
  suspendData: boolean;
}

function ruleTree(ruleSet: RuleSet): RuleNode {
  const node = (): RuleNode => ({ children: new Map(), suspendData: false });
  const root = node();
  for (const [pattern, check] of Object.entries(ruleSet.rules)) {
    let at = root;
    for (const part of pattern.split('.')) {
      let next = at.children.get(part);
      if (!next) at.children.set(part, (next = node()));
      if (part === '*') at.item = next;
      at = next;
    }
    at.check = check;
    at.suspendData = pattern === 'suspend_data';
  }
  return root;
}
const TREES = new Map<RuleSet, RuleNode>([
  [RULES_12, ruleTree(RULES_12)],
  [RULES_2004, ruleTree(RULES_2004)],
]);

export function validateCmi(
  version: ScormVersion,
  cmi: unknown,
  limits: CmiLimits = DEFAULT_CMI_LIMITS,
): CmiValidation {
  const ruleSet = version === '1.2' ? RULES_12 : RULES_2004;
  const problems: CmiProblem[] = [];
  if (!isRecord(cmi)) {
    problems.push({ element: 'cmi', errorCode: ruleSet.typeCode, message: 'Die CMI-Daten sind kein Objekt.' });
    return { clean: {}, problems };
  }
  const root = unwrapCmi(cmi);
  const w: Walk = { ruleSet, limits, problems, mutate: false, trail: [] };
  // A clean body (every real commit) is returned as it came: no copy on the hot path.
  walk(root, TREES.get(ruleSet)!, w);
  if (problems.length === 0) return { clean: root, problems };
  const clean = structuredClone(root);
  problems.length = 0;
  walk(clean, TREES.get(ruleSet)!, { ...w, mutate: true, trail: [] });
  return { clean, problems };
}

interface Walk {
  ruleSet: RuleSet;
  limits: CmiLimits;
  problems: CmiProblem[];
  /** Remove bad elements (second pass, on a copy) or only report them. */
  mutate: boolean;
  /** The keys from cmi down to the node being walked: the element's name, built only for a problem. */
  trail: string[];
}

const isIndex = (key: string): boolean => {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^\d+$/.test(key);
};

/**
 * Only what the model knows is looked at: a key without a node in the tree has no rule anywhere
 * below it (every prefix of a rule is a node), so its value is kept untouched and not walked.
 */
function walk(node: Record<string, unknown> | unknown[], rules: RuleNode, w: Walk): void {
  const array = Array.isArray(node);
  const count = array ? node.length : 0;
  const keys = array ? null : Object.keys(node);
  for (let i = 0, n = array ? count : keys!.length; i < n; i++) {
    const key = array ? String(i) : keys![i];
    const child = array || isIndex(key) ? rules.item : rules.children.get(key);
    if (!child) continue;
    const value = array ? node[i] : (node as Record<string, unknown>)[key];
    w.trail.push(key);
    const problem = child.check ? checkLeaf(child.check, value, child.suspendData, w) : checkContainer(value, child, w);
    if (problem) {
      w.problems.push(problem);
      if (w.mutate) remove(node, key);
    } else if (isRecord(value) || Array.isArray(value)) {
      walk(value, child, w);
    }
    w.trail.pop();
  }
}

/** The element being checked, for a problem's text: `cmi.interactions.0.id`. */
const elementOf = (w: Walk): string => `cmi.${w.trail.join('.')}`;

function checkContainer(value: unknown, rules: RuleNode, w: Walk): CmiProblem | null {
  if (value === null || value === undefined) return null;
  const array = Array.isArray(value);
  if (!array && !isRecord(value)) {
    const element = elementOf(w);
    return {
      element,
      errorCode: w.ruleSet.typeCode,
      message: `${element}: erwartet wird eine Liste oder ein Objekt, nicht ${typeof value}.`,
    };
  }
  if (rules.item) {
    // Indexed items are some of the keys: only a long key list needs counting.
    let count = array ? value.length : 0;
    if (!array) {
      const keys = Object.keys(value);
      if (keys.length > w.limits.maxItems) count = keys.filter(isIndex).length;
    }
    if (count > w.limits.maxItems) {
      const element = elementOf(w);
      return {
        element,
        errorCode: w.ruleSet.rangeCode,
        message: `${element}: mehr als ${w.limits.maxItems} Einträge.`,
      };
    }
  }
  return null;
}

function remove(node: Record<string, unknown> | unknown[], key: string): void {
  // In a real array a hole keeps the other indexes stable; loaders skip it.
  if (Array.isArray(node)) node[Number(key)] = undefined;
  else delete node[key];
}

function checkLeaf(check: Check, value: unknown, suspendData: boolean, w: Walk): CmiProblem | null {
  const { limits } = w;
  if (value === null || value === undefined) return null; // scorm-again renders unset values as null in some modes
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    const element = elementOf(w);
    return {
      element,
      errorCode: w.ruleSet.typeCode,
      message: `${element}: Wert hat den falschen Typ (${typeof value}).`,
    };
  }
  const text = typeof value === 'string' ? value : String(value);
  const cap = suspendData ? limits.suspendDataMax : limits.textMax;
  if (text.length > cap) {
    const element = elementOf(w);
    return { element, errorCode: w.ruleSet.rangeCode, message: `${element}: Wert ist länger als ${cap} Zeichen.` };
  }
  const failed = runCheck(check, text);
  return failed === null ? null : leafProblem(failed, check, text, elementOf(w), w.ruleSet);
}

function leafProblem(
  failed: 'range' | 'length' | 'type',
  check: Check,
  text: string,
  element: string,
  ruleSet: RuleSet,
): CmiProblem {
  switch (failed) {
    case 'range':
      return {
        element,
        errorCode: ruleSet.rangeCode,
        message: `${element}: Wert ${text} liegt außerhalb des erlaubten Bereichs${rangeText(check)}.`,
      };
    case 'length':
      return {
        element,
        errorCode: ruleSet.typeCode,
        message: `${element}: Wert ist länger als ${check.kind === 'text' ? check.maxLength : ''} Zeichen.`,
      };
    case 'type':
      return {
        element,
        errorCode: ruleSet.typeCode,
        message: `${element}: Ungültiger Wert „${shorten(text)}“${expectedText(check)}.`,
      };
  }
}

function rangeText(check: Check): string {
  if (check.kind !== 'decimal' && check.kind !== 'integer') return '';
  if (check.min !== undefined && check.max !== undefined) return ` (${check.min} bis ${check.max})`;
  return check.min !== undefined ? ` (ab ${check.min})` : '';
}

function expectedText(check: Check): string {
  switch (check.kind) {
    case 'vocab':
    case 'vocabOrDecimal':
      return ` (erlaubt: ${check.values.filter(Boolean).join(', ')}${check.kind === 'vocabOrDecimal' ? ' oder eine Zahl' : ''})`;
    case 'format':
      return ` (erwartet: ${check.expected})`;
    case 'decimal':
      return ' (erwartet: eine Zahl)';
    case 'integer':
      return ' (erwartet: eine ganze Zahl)';
    default:
      return '';
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
