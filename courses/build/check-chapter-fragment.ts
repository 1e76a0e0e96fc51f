/**
 * Checks an author's chapter fragment against the content contract before it is inlined into
 * the course: the player renders it with innerHTML, so anything outside the allow-list (scripts,
 * event handlers, inline styles, links to the outside) must stop the build rather than ship.
 */

const ALLOWED_TAGS = new Set([
  'p', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'blockquote',
  'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td',
  'figure', 'img', 'figcaption', 'aside', 'section', 'dl', 'dt', 'dd', 'abbr',
  // harmless inline markup authors reach for; not in the contract but nothing to fear
  'br', 'sup', 'sub', 'small', 'span', 'cite', 'q', 'code', 'dfn', 'mark',
]);
const ALLOWED_ATTRIBUTES = new Set(['class', 'alt', 'src', 'title', 'scope', 'colspan', 'rowspan', 'lang', 'width', 'height']);
const MEDIA_SRC = /^media\/[A-Za-z0-9._-]+\.(svg|png|jpe?g|gif|webp)$/;

const TAG = /<\s*(\/?)\s*([A-Za-z][A-Za-z0-9-]*)([^>]*)>/g;
const ATTRIBUTE = /([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

export interface FragmentCheck {
  /** media paths the fragment references, as written (`media/x.svg`) */
  media: string[];
  /** what is wrong, one sentence each; empty when the fragment is fine */
  problems: string[];
}

export function checkChapterFragment(html: string): FragmentCheck {
  const problems: string[] = [];
  const media: string[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' ')); // keeps line numbers
  if (withoutComments.trim() === '') problems.push('Das Kapitel ist leer.');

  for (const match of withoutComments.matchAll(TAG)) {
    const [, closing, rawName, rawAttributes] = match;
    const name = rawName.toLowerCase();
    const line = lineOf(withoutComments, match.index ?? 0);
    if (!ALLOWED_TAGS.has(name)) {
      problems.push(`Zeile ${line}: Tag <${name}> ist nicht erlaubt` +
        (name === 'h1' || name === 'h2' ? ' (der Player setzt den Kapiteltitel als <h2>; bitte <h3> verwenden).' : '.'));
      continue;
    }
    if (closing) continue;
    const attributes = parseAttributes(rawAttributes);
    for (const attribute of Object.keys(attributes)) {
      if (!ALLOWED_ATTRIBUTES.has(attribute)) {
        problems.push(`Zeile ${line}: Attribut "${attribute}" an <${name}> ist nicht erlaubt.`);
      }
    }
    if (name === 'img') {
      const src = attributes.src ?? '';
      if (!MEDIA_SRC.test(src)) problems.push(`Zeile ${line}: <img src="${src}"> muss auf eine Datei in media/ zeigen.`);
      else media.push(src);
      if (!attributes.alt || attributes.alt.trim() === '') problems.push(`Zeile ${line}: <img src="${src}"> braucht einen Alternativtext (alt).`);
    } else if ('src' in attributes) {
      problems.push(`Zeile ${line}: Attribut "src" ist nur an <img> erlaubt.`);
    }
  }
  return { media: [...new Set(media)], problems };
}

function parseAttributes(raw: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of raw.replace(/\/\s*$/, '').matchAll(ATTRIBUTE)) {
    attributes[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return attributes;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}
