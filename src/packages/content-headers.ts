/**
 * Response headers of the content origin (docs/security.md, "Package content"). Package content is
 * foreign code: it may run inline scripts and eval (authoring tools need both), but only on its own
 * origin, framed by the app alone, and it can neither be embedded by other sites nor load from them.
 */

/**
 * Who may frame content: the app, and the origins of registered LTI platforms (`extra`; a SCO below our
 * player below a platform's course page is shown only when every ancestor is named here). Never `*`.
 */
function ancestors(appOrigin: string, extra: string[]): string {
  const safe = extra.filter((o) => /^https?:\/\/[^\s;,'"*]+$/.test(o) && o !== appOrigin);
  return [appOrigin, ...safe].join(' ');
}

/** Authoring tools inline their scripts and use eval; only our app (and LTI platforms above it) may frame the content. */
export function contentCsp(appOrigin: string, extra: string[] = []): string {
  return `default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; frame-ancestors 'self' ${ancestors(appOrigin, extra)}; object-src 'self'; base-uri 'self'; form-action 'self'`;
}

/**
 * An SVG opened on its own is a document that could run script: it gets a sandbox without scripts
 * (as an <img> it never runs any, so packages lose nothing).
 */
export function svgCsp(appOrigin: string, extra: string[] = []): string {
  return `sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'self' ${ancestors(appOrigin, extra)}`;
}

/** The launcher page is ours: our scripts only, framed only by the app (or opened as a window). */
export function launcherCsp(appOrigin: string, extra: string[] = []): string {
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors ${ancestors(appOrigin, extra)}; base-uri 'none'; form-action 'none'`;
}

/**
 * The sandbox of the player frame (views/player/play.hbs gets it from the play route) — the fewest
 * flags real content needs.
 * The launcher page carries it as a CSP sandbox too: opened as a window of its own ("in neuem
 * Fenster öffnen") it has no sandboxed frame around it, and the SCO (same content origin) could run
 * a package script in it and navigate the app tab that opened it. Sandboxed, neither it nor the
 * SCO below it (which inherits the flags) may navigate its opener or its top window.
 */
export const CONTENT_SANDBOX_FLAGS =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads';

export function launcherPageCsp(appOrigin: string, extra: string[] = []): string {
  return `${launcherCsp(appOrigin, extra)}; sandbox ${CONTENT_SANDBOX_FLAGS}`;
}

/** Headers every content-origin response carries. */
export const CONTENT_ORIGIN_HEADERS: Record<string, string> = {
  // Other sites cannot pull package files in as images, scripts or fetches (Spectre-style reads).
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  // The capability is in the path: never send it to another origin in a Referer.
  'Referrer-Policy': 'same-origin',
};

export function contentHeaders(contentType: string, appOrigin: string, extra: string[] = []): Record<string, string> {
  const csp = contentType.startsWith('image/svg+xml') ? svgCsp(appOrigin, extra) : contentCsp(appOrigin, extra);
  return { ...CONTENT_ORIGIN_HEADERS, 'Content-Security-Policy': csp };
}
