import { pathSegments } from '../../../src/packages/content-routes';
import { contentPath } from '../../../src/packages/package-queries';
import { contentTypeFor } from '../../../src/packages/content-types';

describe('content paths', () => {
  test('when the path is ordinary, then its decoded segments come back', () => {
    expect(pathSegments('/c/7.1.abc.AAAAAAAAAAAAAAAAAAAAAA/shared/launch%20page.html?x=1')).toEqual([
      'shared',
      'launch page.html',
    ]);
    expect(pathSegments('/c/tok/%C3%9Cbung.html')).toEqual(['Übung.html']);
  });

  test.each([
    '/c/tok/',
    '/c/tok/../x',
    '/c/tok/a/%2e%2e/x',
    '/c/tok/a%2fb',
    '/c/tok/a%2Fb',
    '/c/tok/a%5cb',
    '/c/tok/a\\b',
    '/c/tok/a%00b',
    '/c/tok/a//b',
    '/c/tok/./a',
    '/c/tok/%zz',
  ])('when the path is %s, then it is refused', (url) => {
    expect(pathSegments(url)).toBeNull();
  });

  test('when a launch path is turned into a URL, then existing escapes, query and fragment stay and spaces are escaped', () => {
    expect(contentPath('a b/c%20d.html?x=1&y=ä#top')).toBe('a%20b/c%20d.html?x=1&y=%C3%A4#top');
    expect(contentPath('100%.html')).toBe('100%25.html');
  });

  test('when a file type is known, then its MIME type is given; unknown types are octet-stream', () => {
    expect(contentTypeFor('x/INDEX.HTM')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.vtt')).toBe('text/vtt; charset=utf-8');
    expect(contentTypeFor('a.exe')).toBe('application/octet-stream');
  });
});
