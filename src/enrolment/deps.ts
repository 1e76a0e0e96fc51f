import type { Mailer } from '../shared/mailer';
import type { Logger } from '../shared/logger';
import type { ObjectStore } from '../shared/storage';

/** What the enrolment routes need from the running server; built once in routes.ts. */
export interface EnrolmentDeps {
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  /** Where uploaded evidence documents are kept (`documents/<uuid>`). */
  documents: ObjectStore;
  documentMaxBytes: number;
}
