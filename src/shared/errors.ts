import { translate, type Locale } from './i18n';

/**
 * One error family with an HTTP status and a stable code. Tests assert codes; people see the
 * message under `key` in the catalogue, translated by the error handler into the request's language.
 * `message` holds the German text so logs and the command line read well.
 */
export interface Problem {
  code: string;
  message: string;
  where?: string;
}

export type MessageParams = Record<string, unknown>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly key: string,
    readonly details?: Record<string, unknown>,
    readonly params?: MessageParams,
  ) {
    super(translate('de', key, params));
  }

  /** The message in the reader's language (routes that show it in a flash or a form). */
  text(locale: Locale): string {
    return translate(locale, this.key, this.params);
  }
}

export class ValidationError extends AppError {
  constructor(
    key = 'error.check_input',
    readonly fieldErrors: Record<string, string> = {},
    code = 'VALIDATION_FAILED',
    details?: Record<string, unknown>,
    params?: MessageParams,
  ) {
    super(422, code, key, details, params);
  }
}

export class NotFoundError extends AppError {
  constructor(key = 'error.not_found', code = 'NOT_FOUND') {
    super(404, code, key);
  }
}

export class NoPermissionError extends AppError {
  constructor(key = 'error.no_permission', code = 'NO_PERMISSION') {
    super(403, code, key);
  }
}

export class UnauthorizedError extends AppError {
  constructor(key = 'error.not_authenticated', code = 'NOT_AUTHENTICATED') {
    super(401, code, key);
  }
}

export class ConflictError extends AppError {
  constructor(key: string, code = 'CONFLICT', details?: Record<string, unknown>, params?: MessageParams) {
    super(409, code, key, details, params);
  }
}

/** A problem of our own (not one of src/scorm's checks) named by a catalogue key. */
export function keyedProblem(code: string, key: string, where?: string): Problem & { key: string } {
  return { code, key, message: translate('de', key), ...(where ? { where } : {}) };
}

/** A package or document that was refused: carries every problem found, not only the first. */
export class RejectedInputError extends AppError {
  readonly problems: Problem[];
  private readonly keys: (string | undefined)[];

  constructor(problems: (Problem & { key?: string })[], code = problems[0]?.code ?? 'INPUT_REJECTED') {
    const plain = problems.map(({ key: _key, ...p }) => p);
    super(422, code, 'error.input_rejected', { problems: plain });
    this.problems = plain;
    this.keys = problems.map((p) => p.key);
    // SCORM checks (src/scorm is pure) bring their own German text; our own problems carry a key.
    this.message = plain.map((p) => p.message).join(' ');
  }

  override text(locale: Locale): string {
    return this.problems.map((p, i) => (this.keys[i] ? translate(locale, this.keys[i]!) : p.message)).join(' ');
  }
}
