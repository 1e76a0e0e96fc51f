/**
 * Checks an author's chapter fragment against the content contract before it is inlined into
 * the course: the player renders it with innerHTML, so anything outside the allow-list (scripts,
 * event handlers, inline styles, links to unvetted places) must stop the build rather than ship.
 * Links are allowed only to the vetted sites of courses/link-allow-list.json and to the PDF
 * templates the build puts into the package (files/*.pdf). Accessibility rules that a machine
 * can check are enforced here too: `scope` on every table header, short alt texts with the long
 * description beside the figure.
 */
import { linkAllowed } from './link-allow-list';

const ALLOWED_TAGS = new Set([
  'p',
  'h3',
  'h4',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'blockquote',
  'table',
  'caption',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'figure',
  'img',
  'figcaption',
  'aside',
  'section',
  'dl',
  'dt',
  'dd',
  'abbr',
  // harmless inline markup authors reach for; not in the contract but nothing to fear
  'br',
  'sup',
  'sub',
  'small',
  'span',
  'cite',
  'q',
  'code',
  'dfn',
  'mark',
  // vetted links and the long descriptions of figures (issue 17)
  'a',
  'details',
  'summary',
]);
const MAX_ALT = 150;
const SCOPES = new Set(['col', 'row', 'colgroup', 'rowgroup']);
const ALLOWED_ATTRIBUTES = new Set([
  'class',
  'alt',
  'src',
  'title',
  'scope',
  'colspan',
  'rowspan',
  'lang',
  'width',
  'height',
  'href',
]);
const MEDIA_SRC = /^media\/[A-Za-z0-9._-]+\.(svg|png|jpe?g|gif|webp)$/;
const FILE_HREF = /^files\/[a-z0-9-]+\.pdf$/;

const TAG = /<\s*(\/?)\s*([A-Za-z][A-Za-z0-9-]*)([^>]*)>/g;
const ATTRIBUTE = /([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

export interface FragmentCheck {
  /** media paths the fragment references, as written (`media/x.svg`) */
  media: string[];
  /** package files the fragment links to (`files/x.pdf`) */
  files: string[];
  /** outside addresses the fragment links to (all on the allow-list) */
  links: string[];
  /** what is wrong, one sentence each; empty when the fragment is fine */
  problems: string[];
}

export function checkChapterFragment(html: string): FragmentCheck {
  const problems: string[] = [];
  const media: string[] = [];
  const files: string[] = [];
  const links: string[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' ')); // keeps line numbers
  if (withoutComments.trim() === '') problems.push('Das Kapitel ist leer.');

  for (const match of withoutComments.matchAll(TAG)) {
    const [, closing, rawName, rawAttributes] = match;
    const name = rawName.toLowerCase();
    const line = lineOf(withoutComments, match.index ?? 0);
    if (!ALLOWED_TAGS.has(name)) {
      problems.push(
        `Zeile ${line}: Tag <${name}> ist nicht erlaubt` +
          (name === 'h1' || name === 'h2'
            ? ' (der Player setzt den Kapiteltitel als <h2>; bitte <h3> verwenden).'
            : '.'),
      );
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
      if (!MEDIA_SRC.test(src))
        problems.push(`Zeile ${line}: <img src="${src}"> muss auf eine Datei in media/ zeigen.`);
      else media.push(src);
      if (!attributes.alt || attributes.alt.trim() === '')
        problems.push(`Zeile ${line}: <img src="${src}"> braucht einen Alternativtext (alt).`);
      else if (attributes.alt.length > MAX_ALT) {
        problems.push(
          `Zeile ${line}: Der Alternativtext von <img src="${src}"> hat ${attributes.alt.length} Zeichen; höchstens ${MAX_ALT} – die ausführliche Beschreibung gehört in <details class="long-description"> neben das Bild.`,
        );
      }
    } else if ('src' in attributes) {
      problems.push(`Zeile ${line}: Attribut "src" ist nur an <img> erlaubt.`);
    }
    if (name === 'a') {
      const href = attributes.href ?? '';
      if (FILE_HREF.test(href)) files.push(href);
      else if (linkAllowed(href)) links.push(href);
      else
        problems.push(
          `Zeile ${line}: Der Link "${href}" steht nicht auf der Liste geprüfter Adressen (courses/link-allow-list.json).`,
        );
    } else if ('href' in attributes) {
      problems.push(`Zeile ${line}: Attribut "href" ist nur an <a> erlaubt.`);
    }
    if (name === 'th' && !SCOPES.has(attributes.scope ?? '')) {
      problems.push(`Zeile ${line}: <th> braucht scope="col" oder scope="row".`);
    }
  }
  for (const figure of withoutComments.matchAll(/<figure\b[\s\S]*?<\/figure>/g)) {
    if (/<img\b/.test(figure[0]) && !/<details\s+class="long-description"/.test(figure[0])) {
      problems.push(
        `Zeile ${lineOf(withoutComments, figure.index ?? 0)}: Die Abbildung braucht eine ausführliche Beschreibung in <details class="long-description">.`,
      );
    }
  }
  return { media: [...new Set(media)], files: [...new Set(files)], links: [...new Set(links)], problems };
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
