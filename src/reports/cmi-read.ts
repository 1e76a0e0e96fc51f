/**
 * Reads the knowledge-check data out of a stored CMI (sco_attempts.cmi_json, the shape scorm-again
 * sends: strings everywhere, arrays as objects keyed "0","1",…; real arrays are accepted too).
 * Pure: no I/O. SCORM 1.2 names (student_response, "wrong", core.*) and 2004 names are both read.
 */
export interface InteractionView {
  index: number;
  id: string;
  description: string;
  type: string;
  response: string;
  correctResponses: string[];
  result: string;
  /** correct | incorrect | neutral | unanticipated | numeric | '' — 1.2 "wrong" becomes "incorrect". */
  outcome: string;
  latency: string;
  timestamp: string;
  weighting: string;
}

export interface ObjectiveView {
  id: string;
  completion: string;
  success: string;
  scoreScaled: number | null;
  scoreRaw: number | null;
  description: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v));

/** CMI "arrays" in index order, whether stored as an array or as {"0": …, "1": …}. */
export function cmiList(v: unknown): Rec[] {
  if (Array.isArray(v)) return v.filter(isRec);
  if (!isRec(v)) return [];
  return Object.keys(v)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => v[k])
    .filter(isRec);
}

export function parseCmi(json: string | null | undefined): Rec {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (!isRec(parsed)) return {};
    return isRec(parsed.cmi) ? parsed.cmi : parsed;
  } catch {
    return {};
  }
}

export function outcomeOf(result: string): string {
  const r = result.trim().toLowerCase();
  if (r === 'wrong') return 'incorrect';
  if (['correct', 'incorrect', 'neutral', 'unanticipated'].includes(r)) return r;
  if (r !== '' && Number.isFinite(Number(r))) return 'numeric';
  return '';
}

export function readInteractions(cmi: Rec): InteractionView[] {
  return cmiList(cmi.interactions).map((it, index) => {
    const result = str(it.result);
    return {
      index,
      id: str(it.id),
      description: str(it.description),
      type: str(it.type),
      response: str(it.learner_response ?? it.student_response),
      correctResponses: cmiList(it.correct_responses)
        .map((c) => str(c.pattern))
        .filter(Boolean),
      result,
      outcome: outcomeOf(result),
      latency: str(it.latency),
      // 2004 has a timestamp; 1.2 only a time of day.
      timestamp: str(it.timestamp ?? it.time),
      weighting: str(it.weighting),
    };
  });
}

export function readObjectives(cmi: Rec): ObjectiveView[] {
  return cmiList(cmi.objectives).map((o) => {
    const score = isRec(o.score) ? o.score : {};
    const n = (v: unknown) => (str(v) === '' || !Number.isFinite(Number(v)) ? null : Number(v));
    return {
      id: str(o.id),
      // 1.2 keeps one "status" for both.
      completion: str(o.completion_status ?? o.status),
      success: str(o.success_status ?? (['passed', 'failed'].includes(str(o.status)) ? o.status : '')),
      scoreScaled: n(score.scaled),
      scoreRaw: n(score.raw),
      description: str(o.description),
    };
  });
}

/** A journal entry the Lotse chose to share with the Reflecting Team (our Q1 courses keep the
 *  journal in suspend_data: {"v":1,…,"j":{chapterId:{t,s,d,c}}}). Unshared entries never leave here. */
export interface JournalEntryView {
  chapterId: string;
  chapterTitle: string;
  text: string;
  day: string;
}

const JOURNAL_TEXT_MAX = 4000;

export function readSharedJournal(cmi: Rec): JournalEntryView[] {
  let state: unknown;
  try {
    state = JSON.parse(str(cmi.suspend_data) || 'null');
  } catch {
    return []; // another package's suspend_data: not ours to read
  }
  if (!isRec(state) || state.v !== 1 || !isRec(state.j)) return [];
  const journal = state.j;
  return Object.keys(journal).flatMap((chapterId) => {
    const e = journal[chapterId];
    if (!isRec(e) || e.s !== true || typeof e.t !== 'string' || e.t.trim() === '') return [];
    return [
      {
        chapterId,
        chapterTitle: str(e.c).slice(0, 200) || chapterId,
        text: e.t.slice(0, JOURNAL_TEXT_MAX),
        day: /^\d{4}-\d{2}-\d{2}$/.test(str(e.d)) ? str(e.d) : '',
      },
    ];
  });
}
