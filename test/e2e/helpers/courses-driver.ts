/**
 * Drives a Q1 course (courses/_framework) inside our player the way a learner does: the course's
 * own links and buttons, the knowledge check filled in from the answers in module.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { scoFrame } from './browser';
import type { ModuleJson, Question } from '../../../courses/build';

export const Q1_KEYS = ['tools-methoden', 'technik', 'megatrends'] as const;
export type Q1Key = (typeof Q1_KEYS)[number];

const COURSES_DIR = path.resolve(__dirname, '../../../courses');

export function readModule(key: string): ModuleJson {
  return JSON.parse(fs.readFileSync(path.join(COURSES_DIR, key, 'module.json'), 'utf8')) as ModuleJson;
}

/** The course page inside #player-frame, once it has drawn its first page. */
export async function courseFrame(page: Page): Promise<Frame> {
  await page.waitForFunction(() => {
    const f = document.getElementById('player-frame') as HTMLIFrameElement | null;
    return !!f && /\/index\.html/.test(f.src);
  });
  const frame = await scoFrame(page);
  await frame.waitForSelector('#page-heading');
  return frame;
}

export async function headingOf(frame: Frame): Promise<string> {
  return ((await frame.textContent('#page-heading')) ?? '').trim();
}

async function expectHeading(frame: Frame, text: string): Promise<void> {
  await frame.waitForFunction((t) => document.getElementById('page-heading')?.textContent?.trim() === t, text, {
    timeout: 5_000,
  });
}

/** A chapter counts as read once its end was on screen: scroll there and wait for the mark. */
export async function scrollToChapterEnd(frame: Frame): Promise<void> {
  await frame.locator('.chapter-end').scrollIntoViewIfNeeded();
  await frame.waitForSelector('#toc-list li.is-current .toc-status.is-seen', { state: 'attached', timeout: 5_000 });
}

/** From the start page: "Mit Kapitel 1 beginnen", then read to the end and "Weiter" through `count` chapters. */
export async function readChapters(frame: Frame, mod: ModuleJson, count = mod.chapters.length): Promise<void> {
  await frame.getByRole('link', { name: 'Mit Kapitel 1 beginnen' }).click();
  for (let i = 0; i < count; i++) {
    await expectHeading(frame, mod.chapters[i].title);
    await scrollToChapterEnd(frame);
    if (i === count - 1 && count < mod.chapters.length) return; // stays on the last chapter read
    const last = i === mod.chapters.length - 1;
    const pager = frame.getByRole('navigation', { name: 'Kapitel blättern' });
    await pager.getByRole('link', { name: last ? `Weiter zum ${mod.quiz.title}` : 'Weiter', exact: true }).click();
  }
  await expectHeading(frame, mod.quiz.title);
}

export type Mode = 'correct' | 'wrong';

/** What a learner would answer in `mode`; "wrong" answers are wrong for every question type. */
function choiceAnswer(q: Extract<Question, { type: 'single' | 'multiple' }>, mode: Mode): string[] {
  if (mode === 'correct') return q.correct;
  return [q.options.find((o) => !q.correct.includes(o.id))!.id];
}

async function answerOrdering(frame: Frame, q: Extract<Question, { type: 'ordering' }>, mode: Mode): Promise<void> {
  const want = q.items.map((i) => i.id);
  const idOf = new Map(q.items.map((i) => [i.text, i.id]));
  const list = frame.locator(`#question-${q.id} .order-item`);
  const current = async () => (await list.locator('.order-text').allTextContents()).map((t) => idOf.get(t.trim())!);
  if (mode === 'wrong') {
    // An untouched list counts as unanswered, so move something, and make sure the result is wrong.
    await list
      .nth(0)
      .getByRole('button', { name: /nach unten/ })
      .click();
    if ((await current()).join() === want.join())
      await list
        .nth(0)
        .getByRole('button', { name: /nach unten/ })
        .click();
    return;
  }
  // Bubble each item up to its place with the "nach oben" buttons, as a keyboard user would.
  for (let target = 0; target < want.length; target++) {
    let at = (await current()).indexOf(want[target]);
    while (at > target) {
      await list
        .nth(at)
        .getByRole('button', { name: /nach oben/ })
        .click();
      at -= 1;
    }
  }
  expect(await current()).toEqual(want);
}

/** The questions the course drew for this try (one per objective), in the order shown. */
export async function askedQuestions(frame: Frame, mod: ModuleJson): Promise<Question[]> {
  await frame.waitForSelector('form.quiz');
  const ids = await frame
    .locator('form.quiz fieldset.question')
    .evaluateAll((els) => els.map((e) => e.id.replace(/^question-/, '')));
  return ids.map((id) => mod.quiz.questions.find((q) => q.id === id)!);
}

/** Fills in every question shown (`mode` for all, or per question index) and presses "Antworten prüfen";
 *  returns the questions that were asked. */
export async function answerQuiz(
  frame: Frame,
  mod: ModuleJson,
  modeFor: Mode | ((index: number) => Mode),
): Promise<Question[]> {
  const asked = await askedQuestions(frame, mod);
  for (const [index, q] of asked.entries()) {
    const mode = typeof modeFor === 'function' ? modeFor(index) : modeFor;
    if (q.type === 'single' || q.type === 'multiple') {
      for (const id of choiceAnswer(q, mode)) await frame.check(`#q-${q.id}-${id}`);
    } else if (q.type === 'matching') {
      const targets = q.pairs.map((p) => p.target.id);
      for (const [n, p] of q.pairs.entries()) {
        // wrong: every source gets the next pair's target
        const target = mode === 'correct' ? p.target.id : targets[(n + 1) % targets.length];
        await frame.focus(`#q-${q.id}-${p.source.id}`);
        await frame.selectOption(`#q-${q.id}-${p.source.id}`, target);
      }
    } else if (q.type === 'ordering') {
      await answerOrdering(frame, q, mode);
    }
  }
  await frame.getByRole('button', { name: 'Antworten prüfen' }).click();
  await expectHeading(frame, 'Ihr Ergebnis');
  return asked;
}

/** Number of objectives = questions per try. */
export function questionsPerTry(mod: ModuleJson): number {
  return new Set(mod.quiz.questions.map((q) => q.objective ?? q.id)).size;
}

export async function resultBadge(frame: Frame): Promise<string> {
  return ((await frame.textContent('.result-badge')) ?? '').trim();
}

export interface StoredInteraction {
  id: string;
  type: string;
  result: string;
  latency: string;
  learner_response?: string;
  student_response?: string;
  correct_responses?: unknown;
}

/** cmi.interactions from the stored CMI JSON, in order, whether kept as an array or keyed by index. */
export function interactionsOf(cmiJson: string | null): StoredInteraction[] {
  const cmi = JSON.parse(cmiJson ?? '{}') as { interactions?: unknown; cmi?: { interactions?: unknown } };
  const raw = cmi.interactions ?? cmi.cmi?.interactions ?? [];
  const list = Array.isArray(raw)
    ? raw
    : Object.keys(raw as object)
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => (raw as Record<string, unknown>)[k]);
  return list as StoredInteraction[];
}

/** The course's suspend_data (its state: seen chapters, answers, draw, journal) from the stored CMI JSON. */
export function suspendDataOf(cmiJson: string | null): {
  q?: string[];
  j?: Record<string, { t: string; s: boolean; d: string }>;
  [k: string]: unknown;
} {
  const cmi = JSON.parse(cmiJson ?? '{}') as { suspend_data?: string; cmi?: { suspend_data?: string } };
  const raw = cmi.suspend_data ?? cmi.cmi?.suspend_data;
  return raw ? JSON.parse(raw) : {};
}
