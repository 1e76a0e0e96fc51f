import { pageParam, MAX_PAGE } from '../../../src/shared/web/page-param';

describe('page parameter', () => {
  it.each([
    [undefined, 1],
    ['', 1],
    ['abc', 1],
    ['-3', 1],
    ['0', 1],
    ['1e309', MAX_PAGE],
    ['-1e309', 1],
    ['NaN', 1],
    ['2.9', 2],
    ['7', 7],
    [' 4 ', 4],
    ['99999999999999999999', MAX_PAGE],
    [['1', '2'], 1],
    [{ a: '1' }, 1],
    ['0x10', 16],
  ])('when page is %p, then the list shows page %p', (value, expected) => {
    expect(pageParam(value)).toBe(expected);
  });
});
