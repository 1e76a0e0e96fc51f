import type { Request } from 'express';
import {
  STATUS_ICON,
  germanDateTime,
  hoursMinutes,
  scorePercent,
  shortDuration,
  timespanSeconds,
} from './report-format';
import type { LotseReport } from './lotse-report';

const cmiKey = (s: string) => s.replace(/\s+/g, '_');

/** SCORM 2004 writes lists as `a[,]c` and pairs as `x[.]y`; tutors read "a, c" and "x → y". */
const readableResponse = (s: string) =>
  s
    .replace(/\[,\]/g, ', ')
    .replace(/\[\.\]/g, ' → ')
    .replace(/\[:\]/g, ':');

/** The drill-down as the template prints it. */
export function lotseView(req: Request, r: LotseReport) {
  const t = req.t;
  const cmiLabel = (s: string) =>
    s ? (t(`reports.cmi.${cmiKey(s)}`).startsWith('reports.') ? s : t(`reports.cmi.${cmiKey(s)}`)) : '–';
  return {
    lotse: r.lotse,
    gate: r.gate && {
      q1: r.gate.q1,
      authorisation: { label: t(`reports.auth.${r.gate.authorisation}`), ok: r.gate.authorisation === 'verified' },
      workshop: { label: t(`reports.workshop.${r.gate.workshop}`), ok: r.gate.workshop === 'attended' },
      q2: { label: t(`reports.q2.${r.gate.q2}`), cohort: r.gate.cohort?.title ?? null },
    },
    interactionsUrl: `/reports/export/interactions.csv?lotse=${r.lotse.id}`,
    modules: r.modules.map((m) => ({
      title: m.title,
      key: m.key,
      status: { key: m.status, icon: STATUS_ICON[m.status], label: t(`reports.status.${m.status}`) },
      completion: m.completion && { ...m.completion, score: scorePercent(m.completion.scoreScaled) },
      attempts: m.attempts.map((a) => ({
        id: a.id,
        number: a.number,
        versionNumber: a.versionNumber,
        preview: a.credit !== 'credit',
        completion: cmiLabel(a.completion),
        success: cmiLabel(a.success),
        score: scorePercent(a.scoreScaled),
        progress: Math.round(a.progress * 100),
        time: hoursMinutes(a.totalTimeCs),
        startedAt: a.startedAt,
        lastActivityAt: a.lastActivityAt,
        completedAt: a.completedAt,
        scos: a.scos.map((s) => ({
          ...s,
          completionLabel: cmiLabel(s.completion),
          successLabel: cmiLabel(s.success),
          score: scorePercent(s.scoreScaled),
          time: hoursMinutes(s.totalTimeCs),
          interactions: s.interactions.map((i) => ({
            ...i,
            outcomeLabel: i.outcome ? t(`reports.outcome.${i.outcome}`) : i.result || '–',
            outcomeClass: i.outcome === 'correct' ? 'ok' : i.outcome === 'incorrect' ? 'error' : '',
            latencyText: shortDuration(timespanSeconds(i.latency)) || i.latency,
            response: readableResponse(i.response),
            correct: i.correctResponses.map(readableResponse).join(' | '),
            // 2004 timestamps are ISO 8601; 1.2 only has a time of day, shown as sent.
            timestampText:
              /^\d{4}-\d{2}-\d{2}T/.test(i.timestamp) && !Number.isNaN(Date.parse(i.timestamp))
                ? germanDateTime(new Date(i.timestamp))
                : i.timestamp,
          })),
          journal: s.journal.map((j) => ({ ...j, day: j.day.split('-').reverse().join('.') })), // 2026-12-02 → 02.12.2026
          objectives: s.objectives.map((o) => ({
            ...o,
            completionLabel: cmiLabel(o.completion),
            successLabel: cmiLabel(o.success),
            score: scorePercent(o.scoreScaled),
          })),
        })),
      })),
    })),
    audit: r.audit.map((a) => {
      const label = t(`audit.action.${a.action}`);
      return { ...a, label: label.startsWith('audit.action.') ? a.action : label };
    }),
  };
}
