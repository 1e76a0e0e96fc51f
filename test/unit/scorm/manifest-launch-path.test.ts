/** The CAM rules for joining a launch href with an item's `parameters`, and xml:base joining. */
import { appendParameters, resolveHref } from '../../../src/scorm';

describe('appendParameters', () => {
  test.each([
    ['a.html', '?x=1', 'a.html?x=1'],
    ['a.html', 'x=1', 'a.html?x=1'],
    ['a.html', '&x=1', 'a.html?x=1'],
    ['a.html?y=2', '?x=1', 'a.html?y=2&x=1'],
    ['a.html?y=2', '&x=1', 'a.html?y=2&x=1'],
    ['a.html', '#top', 'a.html#top'],
    ['a.html#old', '#top', 'a.html#old'],
    ['a.html#old', 'x=1', 'a.html?x=1#old'],
    ['a.html', '?x=1#top', 'a.html?x=1#top'],
    ['a.html', '', 'a.html'],
    ['a.html', undefined, 'a.html'],
    ['a.html', '??&x=1', 'a.html?x=1'],
  ])('when href is %s and parameters are %s, then the launch URL is %s', (href, params, expected) => {
    expect(appendParameters(href, params)).toBe(expected);
  });
});

describe('resolveHref', () => {
  test.each([
    [['course/', 'res/', 'p/'], 'a.html', 'course/res/p/a.html'],
    [[undefined, 'res', undefined], 'a.html', 'res/a.html'],
    [[undefined, undefined, 'https://cdn.example.org/c/'], 'a.html', 'https://cdn.example.org/c/a.html'],
    [['course/'], 'https://example.org/x', 'https://example.org/x'],
    [['a/'], '../b.html?q=1', 'b.html?q=1'],
    [[], './x/./y.html', 'x/y.html'],
    [[], '../up.html', '../up.html'],
  ])('when bases are %j and href is %s, then the path is %s', (bases, href, expected) => {
    expect(resolveHref(bases, href)).toBe(expected);
  });
});
