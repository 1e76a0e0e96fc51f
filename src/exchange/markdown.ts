import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Posts are Markdown. markdown-it with `html: false` turns any HTML a person types into text; the
 * result still passes sanitize-html, which keeps only a short list of tags and attributes and only
 * http(s)/mailto links — a second wall in case a Markdown construct ever yields something unsafe
 * (markdown-it's own link validation already refuses `javascript:`). Links get rel="nofollow noopener".
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'del',
    's',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }),
    // Headings inside a post must not compete with the page's own h1/h2.
    h1: 'h3',
    h2: 'h4',
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), SANITIZE);
}
