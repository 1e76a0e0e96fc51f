/**
 * The answered interactions of a cmi object, in one shape for SCORM 1.2 and 2004: what an xAPI
 * "answered" statement (or any other report) needs. An interaction counts as answered when it has
 * a response or a result; ids, types and texts are taken as stored (already checked by validateCmi).
 */
import { asText, isRecord, unwrapCmi } from './cmi-object';
import type { ScormVersion } from './types';

export interface AnsweredInteraction {
  /** Position in cmi.interactions (a 1.2 SCO writes a new entry per answer; 2004 may overwrite one). */
  index: number;
  id: string;
  type: string | null;
  response: string;
  /** correct, incorrect/wrong, unanticipated, neutral, or a decimal; null when not given. */
  result: string | null;
  description: string | null;
  /** When it was answered as the SCO wrote it (2004 timestamp; 1.2 time of day), null when not given. */
  at: string | null;
}

function entries(container: unknown): [number, Record<string, unknown>][] {
  if (Array.isArray(container))
    return container.flatMap((v, i) => (isRecord(v) ? [[i, v] as [number, Record<string, unknown>]] : []));
  if (!isRecord(container)) return [];
  return Object.entries(container)
    .filter(([k, v]) => /^\d+$/.test(k) && isRecord(v))
    .map(([k, v]) => [Number(k), v as Record<string, unknown>] as [number, Record<string, unknown>])
    .sort((a, b) => a[0] - b[0]);
}

export function answeredInteractions(version: ScormVersion, cmi: unknown): AnsweredInteraction[] {
  const root = unwrapCmi(cmi);
  const out: AnsweredInteraction[] = [];
  for (const [index, it] of entries(root.interactions)) {
    const id = asText(it.id);
    const response = asText(version === '1.2' ? it.student_response : it.learner_response);
    const result = asText(it.result);
    if (!id || (!response && !result)) continue;
    out.push({
      index,
      id,
      type: asText(it.type) || null,
      response,
      result: result || null,
      description: asText(it.description) || null,
      at: asText(version === '1.2' ? it.time : it.timestamp) || null,
    });
  }
  return out;
}
