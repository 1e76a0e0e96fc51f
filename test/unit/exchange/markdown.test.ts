import { renderMarkdown } from '../../../src/exchange/markdown';
import { mentions, mentionedFirstNames } from '../../../src/exchange/notify';

describe('post rendering', () => {
  it('when a post holds HTML, then it is shown as text, never as markup', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>',
    );
    expect(html).not.toMatch(/<script|<img|<a /i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('when a Markdown link points to javascript: or data:, then no link is made', () => {
    for (const src of [
      '[klick](javascript:alert(1))',
      '[klick](JaVaScRiPt:alert(1))',
      '[k](data:text/html;base64,PHNjcmlwdD4=)',
      '[k](vbscript:msgbox(1))',
    ])
      expect(renderMarkdown(src)).not.toContain('href');
  });

  it('when a post has a normal link, then it carries rel="nofollow noopener"', () => {
    expect(renderMarkdown('[GeZu](https://example.org/a?b=1)')).toBe(
      '<p><a href="https://example.org/a?b=1" rel="nofollow noopener">GeZu</a></p>\n',
    );
  });

  it('when a post uses Markdown, then emphasis, lists and code survive; headings are demoted', () => {
    const html = renderMarkdown('# Titel\n\n**fett** *kursiv*\n\n- eins\n- zwei\n\n`code`');
    expect(html).toContain('<h3>Titel</h3>');
    expect(html).toContain('<strong>fett</strong>');
    expect(html).toContain('<li>eins</li>');
    expect(html).toContain('<code>code</code>');
  });
});

describe('mentions', () => {
  it('when a text says @Theo Tutor, then Theo Tutor is mentioned, but not Theo Tutorius', () => {
    const body = 'Hallo @Theo Tutor, kannst du helfen?';
    expect(mentionedFirstNames(body)).toEqual(['Theo']);
    expect(mentions(body, 'Theo Tutor')).toBe(true);
    expect(mentions(body, 'Theo Tu')).toBe(false);
    expect(mentions('an @theo tutorius', 'Theo Tutor')).toBe(false);
    expect(mentions('mail@Theo Tutor', 'Theo Tutor')).toBe(false);
  });
});
