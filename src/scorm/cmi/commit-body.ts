/**
 * Reads a commit request body of scorm-again 3.4.3 (see docs/scorm-again.md) in any of the shapes
 * it can send: `{cmi: {...}}` (dataCommitFormat 'json'), `{runtimeData: {cmi: {...}}, ...}`
 * (renderCommonCommitFields) or `{"cmi.core.exit": "..."}` ('flattened'); the terminate commit
 * arrives by sendBeacon as text/plain, so a raw JSON string is accepted too.
 *
 * A body nested deeper than MAX_COMMIT_DEPTH is refused before JSON.parse (a scan of the text):
 * the deepest real commit (runtimeData.cmi.interactions.n.correct_responses.n.pattern) has 7 levels,
 * and a 20,000-level body would otherwise overflow the stack of every recursive reader after it.
 */
import { isRecord, type CmiRecord } from './cmi-object';

export const MAX_COMMIT_DEPTH = 16;

export type CommitBody = {
  /** The cmi object (without the "cmi" wrapper), or null when the body holds none. */
  cmi: CmiRecord | null;
  /** `commitSequence` (setting includeCommitSequence); counts from 1 per page load, not per attempt. */
  sequence: number | null;
  /** The server's signed note of what the last commit stored (player/commit-basis.ts), when the page sent it back. */
  basis?: string;
  /** Why `cmi` is null: not JSON, nested too deep, or JSON that is not a commit. */
  refusal?: 'not_json' | 'too_deep' | 'not_commit';
};

export function readCommitBody(body: unknown): CommitBody {
  let data = body;
  if (typeof data === 'string') {
    if (jsonDepthExceeds(data, MAX_COMMIT_DEPTH)) return { cmi: null, sequence: null, refusal: 'too_deep' };
    try {
      data = JSON.parse(data);
    } catch {
      return { cmi: null, sequence: null, refusal: 'not_json' };
    }
  } else if (objectDepthExceeds(data, MAX_COMMIT_DEPTH)) {
    return { cmi: null, sequence: null, refusal: 'too_deep' };
  }
  if (!isRecord(data)) return { cmi: null, sequence: null, refusal: 'not_commit' };
  const sequence =
    typeof data.commitSequence === 'number' && Number.isInteger(data.commitSequence) ? data.commitSequence : null;
  const basis = typeof data.basis === 'string' ? { basis: data.basis } : {};
  if (isRecord(data.cmi)) return { cmi: data.cmi, sequence, ...basis };
  if (isRecord(data.runtimeData) && isRecord(data.runtimeData.cmi))
    return { cmi: data.runtimeData.cmi, sequence, ...basis };
  const flatKeys = Object.keys(data).filter((key) => key.startsWith('cmi.'));
  if (flatKeys.length > 0) {
    if (flatKeys.some((key) => key.split('.').length > MAX_COMMIT_DEPTH))
      return { cmi: null, sequence: null, refusal: 'too_deep' };
    return { cmi: unflatten(data, flatKeys), sequence };
  }
  return { cmi: null, sequence, refusal: 'not_commit' };
}

/** Nesting depth of JSON text, counted without parsing (brackets inside strings do not count). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // Jump to the next quote (suspend_data is kilobytes of string): closing unless an odd run of backslashes escapes it.
      const quote = text.indexOf('"', i);
      if (quote < 0) return false;
      let slashes = 0;
      while (text.charCodeAt(quote - 1 - slashes) === 92) slashes++;
      i = quote;
      if (slashes % 2 === 0) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The same for a value that is already an object (iterative: a deep value must not overflow here). */
function objectDepthExceeds(value: unknown, max: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

/** "cmi.interactions.0.id" → { interactions: { "0": { id } } }, the same shape the json format has. */
function unflatten(data: CmiRecord, keys: string[]): CmiRecord {
  const out: CmiRecord = {};
  for (const key of keys) {
    const parts = key.slice('cmi.'.length).split('.');
    if (parts.some((part) => part === '' || part === '__proto__' || part === 'constructor' || part === 'prototype'))
      continue;
    let node = out;
    for (const part of parts.slice(0, -1)) {
      if (!isRecord(node[part])) node[part] = {};
      node = node[part] as CmiRecord;
    }
    node[parts[parts.length - 1]] = data[key];
  }
  return out;
}
