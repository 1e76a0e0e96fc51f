/**
 * Server-side check of an incoming commit's cmi object against the SCORM data model.
 * scorm-again already validates every SetValue in the browser; this guards the stored row
 * against forged or broken bodies. An element that breaks the model is removed from `clean`
 * and reported with the standard error code; unknown keys are kept untouched.
 */
import { isRecord, unwrapCmi } from './cmi-object';
import { RULES_12, RULES_2004, runCheck, type Check, type RuleSet } from './cmi-rules';
import type { CmiProblem, CmiValidation, ScormVersion } from './types';

export function validateCmi(version: ScormVersion, cmi: unknown): CmiValidation {
  const ruleSet = version === '1.2' ? RULES_12 : RULES_2004;
  const problems: CmiProblem[] = [];
  if (!isRecord(cmi)) {
    problems.push({ element: 'cmi', errorCode: ruleSet.typeCode, message: 'Die CMI-Daten sind kein Objekt.' });
    return { clean: {}, problems };
  }
  const clean = structuredClone(unwrapCmi(cmi));
  walk(clean, [], ruleSet, problems);
  return { clean, problems };
}

function walk(node: Record<string, unknown> | unknown[], path: string[], ruleSet: RuleSet, problems: CmiProblem[]): void {
  const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
  for (const key of keys) {
    const childPath = [...path, key];
    const value = Array.isArray(node) ? node[Number(key)] : node[key];
    const pattern = childPath.map((part) => (/^\d+$/.test(part) ? '*' : part)).join('.');
    const check = ruleSet.rules[pattern];
    if (check) {
      const problem = checkLeaf(check, value, `cmi.${childPath.join('.')}`, ruleSet);
      if (problem) {
        problems.push(problem);
        remove(node, key);
      }
    } else if (isRecord(value) || Array.isArray(value)) {
      walk(value, childPath, ruleSet, problems);
    }
  }
}

function remove(node: Record<string, unknown> | unknown[], key: string): void {
  // In a real array a hole keeps the other indexes stable; loaders skip it.
  if (Array.isArray(node)) node[Number(key)] = undefined;
  else delete node[key];
}

function checkLeaf(check: Check, value: unknown, element: string, ruleSet: RuleSet): CmiProblem | null {
  if (value === null || value === undefined) return null; // scorm-again renders unset values as null in some modes
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    return { element, errorCode: ruleSet.typeCode, message: `${element}: Wert hat den falschen Typ (${typeof value}).` };
  }
  const text = String(value);
  switch (runCheck(check, text)) {
    case null:
      return null;
    case 'range':
      return { element, errorCode: ruleSet.rangeCode, message: `${element}: Wert ${text} liegt außerhalb des erlaubten Bereichs${rangeText(check)}.` };
    case 'length':
      return { element, errorCode: ruleSet.typeCode, message: `${element}: Wert ist länger als ${check.kind === 'text' ? check.maxLength : ''} Zeichen.` };
    case 'type':
      return { element, errorCode: ruleSet.typeCode, message: `${element}: Ungültiger Wert „${shorten(text)}“${expectedText(check)}.` };
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
