/**
 * Turning a resource href into the URL the player opens: `xml:base` on manifest, resources and
 * resource are prefixed in that order (IMS CP 1.1.4), then the item's `parameters` are appended by
 * the rules of the SCORM 2004 CAM (section 3.4.1.x, "parameters"):
 *  1. drop leading `?` and `&` from the parameters;
 *  2. parameters starting with `#`: append only if the URL has no fragment yet;
 *  3. URL already has a `?`: append `&` + parameters; otherwise `?` + parameters.
 */
import path from 'node:path';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function isAbsoluteUrl(href: string): boolean {
  return SCHEME.test(href) || href.startsWith('//');
}

export function isWebUrl(href: string): boolean {
  return /^https?:\/\//i.test(href);
}

/**
 * Applies the `xml:base` chain (outermost first) to an href. Returns a package-relative path
 * (normalised, no leading `./`), or the absolute URL unchanged when href or a base is absolute.
 */
export function resolveHref(bases: Array<string | undefined>, href: string): string {
  let result = href.trim();
  for (const base of [...bases].reverse()) {
    if (!base || isAbsoluteUrl(result) || result.startsWith('/')) continue;
    const b = base.trim();
    result = b.endsWith('/') ? b + result : `${b}/${result}`;
  }
  if (isAbsoluteUrl(result)) return result;
  const [pathPart, suffix] = splitSuffix(result);
  const normalised = path.posix.normalize(pathPart).replace(/^\.\//, '');
  return normalised + suffix;
}

/** Splits `a/b.html?x=1#y` into `a/b.html` and `?x=1#y`. */
export function splitSuffix(url: string): [string, string] {
  const i = url.search(/[?#]/);
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}

export function appendParameters(url: string, parameters: string | undefined): string {
  let params = (parameters ?? '').trim().replace(/^[?&]+/, '');
  if (params === '') return url;
  const hashAt = url.indexOf('#');
  if (params.startsWith('#')) return hashAt >= 0 ? url : url + params;
  // A query must go before an existing fragment, or the browser would treat it as part of the fragment.
  const [base, fragment] = hashAt >= 0 ? [url.slice(0, hashAt), url.slice(hashAt)] : [url, ''];
  const hashInParams = params.indexOf('#');
  let paramFragment = '';
  if (hashInParams >= 0) {
    paramFragment = fragment === '' ? params.slice(hashInParams) : '';
    params = params.slice(0, hashInParams);
  }
  const joined = params === '' ? base : base + (base.includes('?') ? '&' : '?') + params;
  return joined + (fragment || paramFragment);
}

/** The file a launch path points to, as it sits in the package: no query, no fragment, decoded. */
export function launchFilePath(launchHref: string): string {
  const [file] = splitSuffix(launchHref);
  try {
    return decodeURIComponent(file);
  } catch {
    return file;
  }
}

/** True when a package-relative path climbs out of the package (`../x`) or is rooted. */
export function escapesPackage(relPath: string): boolean {
  return relPath.startsWith('/') || relPath === '..' || relPath.startsWith('../');
}
