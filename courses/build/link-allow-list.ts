import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/shared/project-root';

/**
 * The vetted outside addresses (courses/build/link-allow-list.json). A course that is meant to
 * earn a certificate links only to sources someone has checked; anything else stops the build.
 */
const FILE = path.join(PROJECT_ROOT, 'courses/build/link-allow-list.json'); // also from dist/, which holds no JSON
let prefixes: string[] | null = null;

export function allowedLinkPrefixes(): string[] {
  prefixes ??= (JSON.parse(fs.readFileSync(FILE, 'utf8')) as { prefixes: string[] }).prefixes;
  return prefixes;
}

export function linkAllowed(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  // compare the normalised form, so "https://www.bsi.bund.de/../evil" cannot slip past a prefix
  return (
    url.protocol === 'https:' &&
    !url.username &&
    !url.password &&
    allowedLinkPrefixes().some((p) => url.href.startsWith(p))
  );
}
