import type { UserView } from '../auth';
import type { Locale } from '../shared/i18n';

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserView {}
    interface Request {
      /** Set when the request was authorised by an API bearer token (no cookies, so no CSRF). */
      bearerAuth?: boolean;
      /** The scope of that token (`admin`, `tutor`, `lotse`, `read`; src/auth/api-tokens.ts). */
      apiScope?: string;
      /** Set by routes that authorise by a token in their URL (the SCORM commit beacon). */
      csrfExempt?: boolean;
      locale: Locale;
      t: (key: string, params?: Record<string, unknown>) => string;
      csrfToken?: (overwrite?: boolean) => string;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
    csrfReady?: boolean;
    /** Origins of the LTI platforms that may frame this session's pages (src/lti/framing.ts). */
    ltiFrameOrigins?: string[];
  }
}

export {};
