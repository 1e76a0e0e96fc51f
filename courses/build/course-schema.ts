import { z } from 'zod';

/** Ids become SCORM identifiers, interaction ids and parts of learner responses: keep them plain. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const id = z.string().regex(ID_PATTERN, 'nur Kleinbuchstaben a–z, Ziffern und "-" erlaubt');
const text = z.string().trim().min(1, 'darf nicht leer sein');

const feedback = z.object({ correct: text, incorrect: text }).strict();
const option = z.object({ id, text }).strict();

const choiceQuestion = z
  .object({
    id,
    type: z.enum(['single', 'multiple']),
    prompt: text,
    options: z.array(option).min(2, 'mindestens 2 Antwortoptionen'),
    correct: z.array(id).min(1, 'mindestens eine richtige Antwort'),
    feedback,
    objective: id.optional(),
    hint: text,
  })
  .strict();

const matchingQuestion = z
  .object({
    id,
    type: z.literal('matching'),
    prompt: text,
    pairs: z
      .array(z.object({ source: option, target: option }).strict())
      .min(3, 'mindestens 3 Paare')
      .max(5, 'höchstens 5 Paare'),
    feedback,
    objective: id.optional(),
    hint: text,
  })
  .strict();

const orderingQuestion = z
  .object({
    id,
    type: z.literal('ordering'),
    prompt: text,
    items: z.array(option).min(3, 'mindestens 3 Elemente').max(6, 'höchstens 6 Elemente'),
    feedback,
    objective: id.optional(),
    hint: text,
  })
  .strict();

export const questionSchema = z.discriminatedUnion('type', [choiceQuestion, matchingQuestion, orderingQuestion]);

export const moduleSchema = z
  .object({
    key: id,
    title: text,
    subtitle: text,
    description: text,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'Format 1.2.3 erwartet'),
    estimatedMinutes: z.number().int().positive(),
    chapters: z
      .array(
        z
          .object({
            id,
            title: text,
            file: z.string().regex(/^chapters\/[A-Za-z0-9._-]+\.html$/, 'Pfad der Form chapters/NN-name.html erwartet'),
          })
          .strict(),
      )
      .min(1, 'mindestens ein Kapitel'),
    quiz: z
      .object({
        title: text,
        intro: text,
        passingScore: z.number().gt(0).max(1).default(0.8),
        questions: z.array(questionSchema).min(1, 'mindestens eine Frage'),
      })
      .strict(),
  })
  .strict();

export type ModuleJson = z.infer<typeof moduleSchema>;
export type Question = z.infer<typeof questionSchema>;

/** Minimums of the content contract; the sample module uses smaller ones. */
export interface QuizRules {
  /** questions per try = number of objectives */
  minQuestions: number;
  minChoiceQuestions: number;
  /** variants per objective in the pool (1 = no pool) */
  minVariants: number;
  /** the highest share of single-choice questions whose right option is the longest one */
  maxLongestCorrectShare: number;
}
export const REAL_MODULE_RULES: QuizRules = { minQuestions: 10, minChoiceQuestions: 5, minVariants: 2, maxLongestCorrectShare: 1 / 3 };
export const SAMPLE_MODULE_RULES: QuizRules = { minQuestions: 4, minChoiceQuestions: 2, minVariants: 1, maxLongestCorrectShare: 1 };

/** A chapter with its HTML fragment already read and checked. */
export interface CourseChapter {
  id: string;
  title: string;
  file: string;
  html: string;
}

/** Everything the build needs about one module, validated. */
export interface CourseSource {
  dir: string;
  module: ModuleJson;
  chapters: CourseChapter[];
  /** Paths relative to `dir` (forward slashes) of every media file the chapters use, sorted. */
  media: string[];
}
