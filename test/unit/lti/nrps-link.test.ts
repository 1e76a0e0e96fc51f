import { nextLink } from '../../../src/lti/nrps';

describe('NRPS paging: the next page from a Link header', () => {
  it('when the header has a next link among others, then that one is taken', () => {
    expect(
      nextLink('<https://lms.example/m?page=3>; rel="differences", <https://lms.example/m?page=2>; rel="next"'),
    ).toBe('https://lms.example/m?page=2');
  });

  it('when rel is unquoted, upper case or one of several relations, then it still counts', () => {
    expect(nextLink('<https://lms.example/m?p=2>; rel=NEXT')).toBe('https://lms.example/m?p=2');
    expect(nextLink('<https://lms.example/m?p=2>;rel="prev next"')).toBe('https://lms.example/m?p=2');
  });

  it('when a URL holds a comma, then the header is split only between links', () => {
    expect(nextLink('<https://lms.example/m?ids=1,2>; rel="next"')).toBe('https://lms.example/m?ids=1,2');
  });

  it('when there is no next link (or no header), then null', () => {
    expect(nextLink(null)).toBeNull();
    expect(nextLink('<https://lms.example/m?page=1>; rel="first"')).toBeNull();
    expect(nextLink('kaputt')).toBeNull();
  });
});
