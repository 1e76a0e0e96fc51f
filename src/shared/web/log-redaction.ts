/**
 * What never goes into a log line: session and CSRF cookies (request `Cookie`, response
 * `Set-Cookie` — the session is rolling, so every response carries it), bearer tokens, CSRF headers,
 * and the secret part of URLs that are themselves credentials (reset and invitation links, attempt
 * tokens of the SCORM runtime, content capabilities).
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'req.query.token',
  'req.query._csrf',
  'req.params.token',
  'headers.cookie',
  'headers.authorization',
];

const TOKEN_IN_PATH = /^(\/(?:password\/reset|invitation|register\/confirm|c)\/)[^/?#]+/;
const TOKEN_IN_QUERY = /([?&](?:token|_csrf|access_token)=)[^&#]*/gi;

export function redactUrl(url: string | undefined): string | undefined {
  if (typeof url !== 'string') return url;
  return url.replace(TOKEN_IN_PATH, '$1[redacted]').replace(TOKEN_IN_QUERY, '$1[redacted]');
}
