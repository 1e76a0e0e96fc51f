/**
 * Builds the object the player hands to scorm-again's `api.loadFromJSON(data)` before
 * `Initialize`. Shape: the cmi object without the leading "cmi" (loadFromJSON adds it),
 * every value a string — loadFromJSON silently skips falsy values, so a number 0 would be lost.
 * CMI arrays are real arrays with `id` (and `type`) first, because scorm-again refuses an
 * interaction's fields before its id/type are set, and a MySQL JSON column reorders keys.
 */
import { asText, getIn, isRecord, listItems, unwrapCmi, type CmiRecord } from './cmi-object';
import { formatDuration12, formatDuration2004, parseAnyDuration } from './duration';
import type { LaunchInput, ScormVersion } from './types';

const TIME_LIMIT_ACTIONS = ['exit,message', 'exit,no message', 'continue,message', 'continue,no message'];

/** Which leaves of a CMI array item we carry over; `id`/`type` come first on purpose. */
type ItemShape = { fields: string[]; lists?: Record<string, string[]> };

const OBJECTIVE_12: ItemShape = { fields: ['id', 'status', 'score.raw', 'score.min', 'score.max'] };
const INTERACTION_12: ItemShape = {
  fields: ['id', 'type', 'time', 'weighting', 'student_response', 'result', 'latency'],
  lists: { objectives: ['id'], correct_responses: ['pattern'] },
};
const OBJECTIVE_2004: ItemShape = {
  fields: [
    'id',
    'success_status',
    'completion_status',
    'progress_measure',
    'description',
    'score.scaled',
    'score.raw',
    'score.min',
    'score.max',
  ],
};
const INTERACTION_2004: ItemShape = {
  fields: ['id', 'type', 'timestamp', 'weighting', 'learner_response', 'result', 'latency', 'description'],
  lists: { objectives: ['id'], correct_responses: ['pattern'] },
};
const COMMENT_2004: ItemShape = { fields: ['comment', 'location', 'timestamp'] };

export function buildLaunchData(version: ScormVersion, input: LaunchInput): CmiRecord {
  const previous = input.previousCmi === undefined || input.previousCmi === null ? null : unwrapCmi(input.previousCmi);
  const exitPath = version === '1.2' ? 'core.exit' : 'exit';
  const previousExit = input.previousExit ?? asText(getIn(previous, exitPath));
  // 1.2 RTE cmi.core.entry and 2004 RTE cmi.entry: 'resume' only after a suspend;
  // 2004 'logout' (deprecated) ends the attempt like 'normal', so it gives ''.
  const entry = previous === null ? 'ab-initio' : previousExit === 'suspend' ? 'resume' : '';
  return version === '1.2' ? build12(input, previous ?? {}, entry) : build2004(input, previous ?? {}, entry);
}

function learnerName(learner: LaunchInput['learner']): string {
  return [learner.lastName.trim(), learner.firstName.trim()].filter(Boolean).join(', ');
}

function build12(input: LaunchInput, prev: CmiRecord, entry: string): CmiRecord {
  const { sco } = input;
  const maxTime = parseAnyDuration(sco.maxTimeAllowed);
  return compact({
    core: {
      student_id: input.learner.id,
      student_name: learnerName(input.learner),
      lesson_location: text(prev, 'core.lesson_location'),
      lesson_status: text(prev, 'core.lesson_status'),
      credit: input.credit,
      entry,
      lesson_mode: input.mode,
      total_time: formatDuration12(input.totalTimeCs),
      score: pick(prev, 'core.score', ['raw', 'min', 'max']),
    },
    suspend_data: text(prev, 'suspend_data'),
    launch_data: sco.dataFromLms ?? '',
    comments: text(prev, 'comments'),
    student_data: {
      mastery_score: inRange(sco.masteryScore, 0, 100),
      max_time_allowed: maxTime === null ? '' : formatDuration12(maxTime),
      time_limit_action: timeLimitAction(sco.timeLimitAction),
    },
    student_preference: pick(prev, 'student_preference', ['audio', 'language', 'speed', 'text']),
    objectives: items(getIn(prev, 'objectives'), OBJECTIVE_12),
    interactions: items(getIn(prev, 'interactions'), INTERACTION_12),
  });
}

function build2004(input: LaunchInput, prev: CmiRecord, entry: string): CmiRecord {
  const { sco } = input;
  const maxTime = parseAnyDuration(sco.maxTimeAllowed);
  return compact({
    learner_id: input.learner.id,
    learner_name: learnerName(input.learner),
    credit: input.credit,
    mode: input.mode,
    entry,
    total_time: formatDuration2004(input.totalTimeCs),
    launch_data: sco.dataFromLms ?? '',
    completion_threshold: inRange(sco.completionThreshold, 0, 1),
    scaled_passing_score: inRange(sco.scaledPassingScore, -1, 1),
    max_time_allowed: maxTime === null ? '' : formatDuration2004(maxTime),
    time_limit_action: timeLimitAction(sco.timeLimitAction),
    location: text(prev, 'location'),
    suspend_data: text(prev, 'suspend_data'),
    completion_status: text(prev, 'completion_status'),
    success_status: text(prev, 'success_status'),
    progress_measure: text(prev, 'progress_measure'),
    score: pick(prev, 'score', ['scaled', 'raw', 'min', 'max']),
    learner_preference: pick(prev, 'learner_preference', [
      'audio_level',
      'language',
      'delivery_speed',
      'audio_captioning',
    ]),
    comments_from_learner: items(getIn(prev, 'comments_from_learner'), COMMENT_2004, 'comment'),
    objectives: items(getIn(prev, 'objectives'), OBJECTIVE_2004),
    interactions: items(getIn(prev, 'interactions'), INTERACTION_2004),
  });
}

const text = (root: unknown, path: string): string => asText(getIn(root, path));

function pick(root: unknown, path: string, keys: string[]): CmiRecord {
  const out: CmiRecord = {};
  for (const key of keys) out[key] = text(root, `${path}.${key}`);
  return out;
}

function inRange(value: number | undefined, min: number, max: number): string {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? String(value) : '';
}

function timeLimitAction(value: string | undefined): string {
  const normal = (value ?? '').replace(/\s*,\s*/, ',').trim();
  return TIME_LIMIT_ACTIONS.includes(normal) ? normal : '';
}

/** Re-indexes a CMI array densely; items without their key field cannot be loaded and are dropped. */
function items(value: unknown, shape: ItemShape, keyField = 'id'): CmiRecord[] {
  return listItems(value)
    .filter((item) => text(item, keyField) !== '')
    .map((item) => {
      const out: CmiRecord = {};
      for (const field of shape.fields) setIn(out, field, text(item, field));
      for (const [list, fields] of Object.entries(shape.lists ?? {})) {
        out[list] = items(getIn(item, list), { fields }, fields[0]);
      }
      return out;
    });
}

function setIn(target: CmiRecord, path: string, value: string): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as CmiRecord;
  }
  node[keys[keys.length - 1]] = value;
}

/** Drops '' leaves and empty containers (loadFromJSON ignores them anyway) but keeps `entry: ''`. */
function compact(value: CmiRecord): CmiRecord {
  const out: CmiRecord = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'entry') out[key] = child;
    else if (Array.isArray(child)) {
      const list = child.map((item) => (isRecord(item) ? compact(item) : item));
      if (list.length > 0) out[key] = list;
    } else if (isRecord(child)) {
      const inner = compact(child);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (child !== '') out[key] = child;
  }
  return out;
}
