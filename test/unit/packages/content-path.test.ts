import { pathSegments } from '../../../src/packages/content-routes';
import { contentUrl } from '../../../src/packages/package-queries';
import { contentTypeFor } from '../../../src/packages/content-types';

describe('content paths', () => {
  test('when the path is ordinary, then its decoded segments come back', () => {
    expect(pathSegments('/content/7/shared/launch%20page.html?x=1')).toEqual(['shared', 'launch page.html']);
    expect(pathSegments('/content/7/%C3%9Cbung.html')).toEqual(['Übung.html']);
  });

  test.each([
    '/content/7/',
    '/content/7/../x',
    '/content/7/a/%2e%2e/x',
    '/content/7/a%2fb',
    '/content/7/a%2Fb',
    '/content/7/a%5cb',
    '/content/7/a\\b',
    '/content/7/a%00b',
    '/content/7/a//b',
    '/content/7/./a',
    '/content/7/%zz',
  ])('when the path is %s, then it is refused', (url) => {
    expect(pathSegments(url)).toBeNull();
  });

  test('when a launch path is turned into a URL, then existing escapes, query and fragment stay and spaces are escaped', () => {
    expect(contentUrl(3, 'a b/c%20d.html?x=1&y=ä#top')).toBe('/content/3/a%20b/c%20d.html?x=1&y=%C3%A4#top');
    expect(contentUrl(3, '100%.html')).toBe('/content/3/100%25.html');
  });

  test('when a file type is known, then its MIME type is given; unknown types are octet-stream', () => {
    expect(contentTypeFor('x/INDEX.HTM')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.vtt')).toBe('text/vtt; charset=utf-8');
    expect(contentTypeFor('a.exe')).toBe('application/octet-stream');
  });
});
