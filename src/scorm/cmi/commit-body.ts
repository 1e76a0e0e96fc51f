/**
 * Reads a commit request body of scorm-again 3.4.3 (see docs/scorm-again.md) in any of the shapes
 * it can send: `{cmi: {...}}` (dataCommitFormat 'json'), `{runtimeData: {cmi: {...}}, ...}`
 * (renderCommonCommitFields) or `{"cmi.core.exit": "..."}` ('flattened'); the terminate commit
 * arrives by sendBeacon as text/plain, so a raw JSON string is accepted too.
 */
import { isRecord, type CmiRecord } from './cmi-object';

export type CommitBody = {
  /** The cmi object (without the "cmi" wrapper), or null when the body holds none. */
  cmi: CmiRecord | null;
  /** `commitSequence` (setting includeCommitSequence); counts from 1 per page load, not per attempt. */
  sequence: number | null;
};

export function readCommitBody(body: unknown): CommitBody {
  let data = body;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return { cmi: null, sequence: null };
    }
  }
  if (!isRecord(data)) return { cmi: null, sequence: null };
  const sequence = typeof data.commitSequence === 'number' && Number.isInteger(data.commitSequence) ? data.commitSequence : null;
  if (isRecord(data.cmi)) return { cmi: data.cmi, sequence };
  if (isRecord(data.runtimeData) && isRecord(data.runtimeData.cmi)) return { cmi: data.runtimeData.cmi, sequence };
  const flatKeys = Object.keys(data).filter((key) => key.startsWith('cmi.'));
  if (flatKeys.length > 0) return { cmi: unflatten(data, flatKeys), sequence };
  return { cmi: null, sequence };
}

/** "cmi.interactions.0.id" → { interactions: { "0": { id } } }, the same shape the json format has. */
function unflatten(data: CmiRecord, keys: string[]): CmiRecord {
  const out: CmiRecord = {};
  for (const key of keys) {
    const parts = key.slice('cmi.'.length).split('.');
    if (parts.some((part) => part === '' || part === '__proto__' || part === 'constructor' || part === 'prototype')) continue;
    let node = out;
    for (const part of parts.slice(0, -1)) {
      if (!isRecord(node[part])) node[part] = {};
      node = node[part] as CmiRecord;
    }
    node[parts[parts.length - 1]] = data[key];
  }
  return out;
}
