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

/** Every proper prefix of a rule's path is a container of the model ('interactions', 'interactions.*', …). */
function containersOf(ruleSet: RuleSet): Set<string> {
  const out = new Set<string>();
  for (const pattern of Object.keys(ruleSet.rules)) {
    const parts = pattern.split('.');
    for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return out;
}
const CONTAINERS = new Map<RuleSet, Set<string>>([
  [RULES_12, containersOf(RULES_12)],
  [RULES_2004, containersOf(RULES_2004)],
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
  const w: Walk = { ruleSet, containers: CONTAINERS.get(ruleSet)!, limits, problems, mutate: false };
  // A clean body (every real commit) is returned as it came: no copy on the hot path.
  walk(root, '', '', w);
  if (problems.length === 0) return { clean: root, problems };
  const clean = structuredClone(root);
  problems.length = 0;
  walk(clean, '', '', { ...w, mutate: true });
  return { clean, problems };
}

interface Walk {
  ruleSet: RuleSet;
  containers: Set<string>;
  limits: CmiLimits;
  problems: CmiProblem[];
  /** Remove bad elements (second pass, on a copy) or only report them. */
  mutate: boolean;
}

const isIndex = (key: string): boolean => {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^\d+$/.test(key);
};

/**
 * `path` is the element below cmi ('interactions.0.id'), `pattern` the same with indexes as '*'
 * ('interactions.*.id'): built as the walk goes down (every commit walks a few hundred elements).
 */
function walk(node: Record<string, unknown> | unknown[], path: string, pattern: string, w: Walk): void {
  const array = Array.isArray(node);
  const keys = array ? node.map((_, i) => String(i)) : Object.keys(node);
  for (const key of keys) {
    const childPath = path ? `${path}.${key}` : key;
    const part = array || isIndex(key) ? '*' : key;
    const childPattern = pattern ? `${pattern}.${part}` : part;
    const value = array ? node[Number(key)] : node[key];
    const check = w.ruleSet.rules[childPattern];
    let problem: CmiProblem | null = null;
    if (check) problem = checkLeaf(check, value, `cmi.${childPath}`, w);
    else if (w.containers.has(childPattern)) problem = checkContainer(value, childPattern, `cmi.${childPath}`, w);
    if (problem) {
      w.problems.push(problem);
      if (w.mutate) remove(node, key);
    } else if (isRecord(value) || Array.isArray(value)) {
      walk(value, childPath, childPattern, w);
    }
  }
}

function checkContainer(value: unknown, pattern: string, element: string, w: Walk): CmiProblem | null {
  if (value === null || value === undefined) return null;
  if (!isRecord(value) && !Array.isArray(value)) {
    return {
      element,
      errorCode: w.ruleSet.typeCode,
      message: `${element}: erwartet wird eine Liste oder ein Objekt, nicht ${typeof value}.`,
    };
  }
  if (w.containers.has(`${pattern}.*`)) {
    const count = Array.isArray(value) ? value.length : Object.keys(value).filter((k) => /^\d+$/.test(k)).length;
    if (count > w.limits.maxItems) {
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

function checkLeaf(check: Check, value: unknown, element: string, w: Walk): CmiProblem | null {
  const { ruleSet, limits } = w;
  if (value === null || value === undefined) return null; // scorm-again renders unset values as null in some modes
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    return {
      element,
      errorCode: ruleSet.typeCode,
      message: `${element}: Wert hat den falschen Typ (${typeof value}).`,
    };
  }
  const text = String(value);
  const cap = element === 'cmi.suspend_data' ? limits.suspendDataMax : limits.textMax;
  if (text.length > cap) {
    return { element, errorCode: ruleSet.rangeCode, message: `${element}: Wert ist länger als ${cap} Zeichen.` };
  }
  switch (runCheck(check, text)) {
    case null:
      return null;
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
