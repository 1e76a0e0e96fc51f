/**
 * One error family with an HTTP status and a stable code. Tests assert codes; people see `message`.
 */
export interface Problem {
  code: string;
  message: string;
  where?: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
    code = 'VALIDATION_FAILED',
    details?: Record<string, unknown>,
  ) {
    super(422, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Nicht gefunden.', code = 'NOT_FOUND') {
    super(404, code, message);
  }
}

export class NoPermissionError extends AppError {
  constructor(message = 'Dafür fehlt Ihnen die Berechtigung.', code = 'NO_PERMISSION') {
    super(403, code, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Bitte melden Sie sich an.', code = 'NOT_AUTHENTICATED') {
    super(401, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'CONFLICT', details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}

/** A package or document that was refused: carries every problem found, not only the first. */
export class RejectedInputError extends AppError {
  constructor(
    readonly problems: Problem[],
    code = problems[0]?.code ?? 'INPUT_REJECTED',
  ) {
    super(422, code, problems.map((p) => p.message).join(' '), { problems });
  }
}
