/**
 * The data model checks per version, keyed by element path with '*' for an array index.
 * Only elements with a rule are checked; anything else a SCO or a newer scorm-again sends is kept.
 *
 * Codes: SCORM 1.2 knows no "out of range" error, so both kinds are 405 Incorrect Data Type
 * (1.2 RTE error table; scorm-again does the same). SCORM 2004: 406 Type Mismatch,
 * 407 Value Out Of Range. Lengths are checked for 1.2 only, where CMIString255/4096 are maxima;
 * 2004 SPMs are minimums an LMS must store, so longer values are kept. suspend_data is never
 * limited (DESIGN: we keep any size).
 */
import { isDecimalText } from './cmi-object';
import { parseDuration12, parseDuration2004 } from './duration';

export type Check =
  | { kind: 'vocab'; values: readonly string[] }
  | { kind: 'decimal'; min?: number; max?: number }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'vocabOrDecimal'; values: readonly string[] }
  | { kind: 'format'; test: (value: string) => boolean; expected: string }
  | { kind: 'text'; maxLength?: number };

export type RuleSet = { typeCode: number; rangeCode: number; rules: Record<string, Check> };

const vocab = (...values: string[]): Check => ({ kind: 'vocab', values: [...values, ''] });
const decimal = (min?: number, max?: number): Check => ({ kind: 'decimal', min, max });
const text = (maxLength?: number): Check => ({ kind: 'text', maxLength });

const STATUS_12 = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'];
const TIME_LIMIT = ['exit,message', 'exit,no message', 'continue,message', 'continue,no message'];
const score12 = decimal(0, 100);

const timespan12: Check = { kind: 'format', test: (v) => parseDuration12(v) !== null, expected: 'HHHH:MM:SS.SS' };
const time12: Check = {
  kind: 'format',
  test: (v) => /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/.test(v),
  expected: 'HH:MM:SS.SS',
};
const timespan2004: Check = {
  kind: 'format',
  test: (v) => parseDuration2004(v) !== null,
  expected: 'ISO-8601-Dauer (z. B. PT1H30M)',
};
const time2004: Check = {
  kind: 'format',
  test: (v) => /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/.test(v),
  expected: 'ISO-8601-Zeitpunkt (z. B. 2024-05-01T10:15:30Z)',
};

export const RULES_12: RuleSet = {
  typeCode: 405,
  rangeCode: 405,
  rules: {
    'core.student_id': text(255),
    'core.student_name': text(255),
    'core.lesson_location': text(255),
    'core.credit': vocab('credit', 'no-credit'),
    'core.lesson_status': vocab(...STATUS_12),
    'core.entry': vocab('ab-initio', 'resume'),
    'core.lesson_mode': vocab('normal', 'browse', 'review'),
    'core.exit': vocab('time-out', 'suspend', 'logout'),
    'core.session_time': timespan12,
    'core.total_time': timespan12,
    'core.score.raw': score12,
    'core.score.min': score12,
    'core.score.max': score12,
    suspend_data: text(),
    launch_data: text(),
    comments: text(4096),
    comments_from_lms: text(),
    'objectives.*.id': text(255),
    'objectives.*.status': vocab(...STATUS_12),
    'objectives.*.score.raw': score12,
    'objectives.*.score.min': score12,
    'objectives.*.score.max': score12,
    'student_data.mastery_score': score12,
    'student_data.max_time_allowed': timespan12,
    'student_data.time_limit_action': vocab(...TIME_LIMIT),
    'student_preference.audio': { kind: 'integer', min: -1, max: 100 },
    'student_preference.language': text(255),
    'student_preference.speed': { kind: 'integer', min: -100, max: 100 },
    'student_preference.text': { kind: 'integer', min: -1, max: 1 },
    'interactions.*.id': text(255),
    'interactions.*.time': time12,
    'interactions.*.type': vocab(
      'true-false',
      'choice',
      'fill-in',
      'matching',
      'performance',
      'sequencing',
      'likert',
      'numeric',
    ),
    'interactions.*.weighting': decimal(),
    'interactions.*.student_response': text(255),
    'interactions.*.result': { kind: 'vocabOrDecimal', values: ['correct', 'wrong', 'unanticipated', 'neutral', ''] },
    'interactions.*.latency': timespan12,
    'interactions.*.objectives.*.id': text(255),
    'interactions.*.correct_responses.*.pattern': text(255),
  },
};

const COMPLETION_2004 = ['completed', 'incomplete', 'not attempted', 'unknown'];
const SUCCESS_2004 = ['passed', 'failed', 'unknown'];

export const RULES_2004: RuleSet = {
  typeCode: 406,
  rangeCode: 407,
  rules: {
    learner_id: text(),
    learner_name: text(),
    location: text(),
    suspend_data: text(),
    launch_data: text(),
    credit: vocab('credit', 'no-credit'),
    entry: vocab('ab-initio', 'resume'),
    mode: vocab('normal', 'browse', 'review'),
    exit: vocab('time-out', 'suspend', 'logout', 'normal'),
    completion_status: vocab(...COMPLETION_2004),
    success_status: vocab(...SUCCESS_2004),
    session_time: timespan2004,
    total_time: timespan2004,
    max_time_allowed: timespan2004,
    time_limit_action: vocab(...TIME_LIMIT),
    progress_measure: decimal(0, 1),
    completion_threshold: decimal(0, 1),
    scaled_passing_score: decimal(-1, 1),
    'score.scaled': decimal(-1, 1),
    'score.raw': decimal(),
    'score.min': decimal(),
    'score.max': decimal(),
    'learner_preference.audio_level': decimal(0),
    'learner_preference.delivery_speed': decimal(0),
    'learner_preference.audio_captioning': vocab('-1', '0', '1'),
    'learner_preference.language': text(),
    'comments_from_learner.*.comment': text(),
    'comments_from_learner.*.location': text(),
    'comments_from_learner.*.timestamp': time2004,
    'objectives.*.id': text(),
    'objectives.*.success_status': vocab(...SUCCESS_2004),
    'objectives.*.completion_status': vocab(...COMPLETION_2004),
    'objectives.*.progress_measure': decimal(0, 1),
    'objectives.*.description': text(),
    'objectives.*.score.scaled': decimal(-1, 1),
    'objectives.*.score.raw': decimal(),
    'objectives.*.score.min': decimal(),
    'objectives.*.score.max': decimal(),
    'interactions.*.id': text(),
    'interactions.*.type': vocab(
      'true-false',
      'choice',
      'fill-in',
      'long-fill-in',
      'matching',
      'performance',
      'sequencing',
      'likert',
      'numeric',
      'other',
    ),
    'interactions.*.timestamp': time2004,
    'interactions.*.weighting': decimal(),
    'interactions.*.learner_response': text(),
    'interactions.*.result': {
      kind: 'vocabOrDecimal',
      values: ['correct', 'incorrect', 'unanticipated', 'neutral', ''],
    },
    'interactions.*.latency': timespan2004,
    'interactions.*.description': text(),
    'interactions.*.objectives.*.id': text(),
    'interactions.*.correct_responses.*.pattern': text(),
  },
};

/** Result of one check: null when fine, else which error kind. */
export function runCheck(check: Check, value: string): 'type' | 'range' | 'length' | null {
  switch (check.kind) {
    case 'vocab':
      return check.values.includes(value) ? null : 'type';
    case 'vocabOrDecimal':
      return check.values.includes(value) || isDecimalText(value) ? null : 'type';
    case 'decimal':
    case 'integer': {
      if (value === '') return null;
      const pattern = check.kind === 'integer' ? /^-?\d+$/ : null;
      if (pattern ? !pattern.test(value) : !isDecimalText(value)) return 'type';
      const n = Number(value);
      if ((check.min !== undefined && n < check.min) || (check.max !== undefined && n > check.max)) return 'range';
      return null;
    }
    case 'format':
      return value === '' || check.test(value) ? null : 'type';
    case 'text':
      return check.maxLength !== undefined && value.length > check.maxLength ? 'length' : null;
  }
}
