/**
 * Response headers of the content origin (docs/security.md, "Package content"). Package content is
 * foreign code: it may run inline scripts and eval (authoring tools need both), but only on its own
 * origin, framed by the app alone, and it can neither be embedded by other sites nor load from them.
 */

/** Authoring tools inline their scripts and use eval; only our app may frame the content. */
export function contentCsp(appOrigin: string): string {
  return `default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; frame-ancestors 'self' ${appOrigin}; object-src 'self'; base-uri 'self'; form-action 'self'`;
}

/**
 * An SVG opened on its own is a document that could run script: it gets a sandbox without scripts
 * (as an <img> it never runs any, so packages lose nothing).
 */
export function svgCsp(appOrigin: string): string {
  return `sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'self' ${appOrigin}`;
}

/** The launcher page is ours: our scripts only, framed only by the app (or opened as a window). */
export function launcherCsp(appOrigin: string): string {
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors ${appOrigin}; base-uri 'none'; form-action 'none'`;
}

/** Headers every content-origin response carries. */
export const CONTENT_ORIGIN_HEADERS: Record<string, string> = {
  // Other sites cannot pull package files in as images, scripts or fetches (Spectre-style reads).
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  // The capability is in the path: never send it to another origin in a Referer.
  'Referrer-Policy': 'same-origin',
};

export function contentHeaders(contentType: string, appOrigin: string): Record<string, string> {
  const csp = contentType.startsWith('image/svg+xml') ? svgCsp(appOrigin) : contentCsp(appOrigin);
  return { ...CONTENT_ORIGIN_HEADERS, 'Content-Security-Policy': csp };
}
