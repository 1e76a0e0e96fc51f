import { AppError } from '../../src/shared/errors';

/**
 * A course source that cannot be built. `file` and `field` point the author to the exact spot,
 * because the build runs unattended at server start and the message is all they will see.
 */
export class CourseSourceError extends AppError {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    problem: string,
  ) {
    super(500, 'COURSE_SOURCE_INVALID', `${file}${field ? ` (${field})` : ''}: ${problem}`, { file, field });
  }
}
