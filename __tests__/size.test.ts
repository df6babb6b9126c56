import { parseAge, parseSize } from '../src/store/size.js';
import { InvalidInputError } from '../src/store/errors.js';

describe('parseSize', () => {
  it.each([
    ['0', 0],
    ['', 0],
    ['   ', 0],
    ['4096', 4096],
    ['100B', 100],
    ['1k', 1024],
    ['1KiB', 1024],
    ['2MB', 2 * 1024 ** 2],
    ['3G', 3 * 1024 ** 3],
    ['4 GB', 4 * 1024 ** 3],
    ['  10  G  ', 10 * 1024 ** 3],
    ['1T', 1024 ** 4],
    ['5 mib', 5 * 1024 ** 2],
    ['7tb', 7 * 1024 ** 4]
  ])('accepts %j as %d bytes', (input, expected) => {
    expect(parseSize(input)).toBe(expected);
  });

  it.each(['abc', '1XB', '1.5G', '-1G', '1 GBs', 'GB', '1Z', '9000000000T', '+1G', '1 G B'])(
    'rejects %j naming the value and the accepted forms',
    input => {
      expect(() => parseSize(input)).toThrow(InvalidInputError);
      expect(() => parseSize(input)).toThrow(JSON.stringify(input));
      expect(() => parseSize(input)).toThrow(/K\/KB\/KiB/);
    }
  );
});

describe('parseAge', () => {
  it.each([
    ['', 0],
    ['0', 0],
    ['90s', 90_000],
    ['720h', 720 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['1.5h', 90 * 60_000],
    ['14d', 14 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['250ms', 250]
  ])('accepts %j as %d ms', (input, expected) => {
    expect(parseAge(input)).toBe(expected);
  });

  it.each(['abc', '14', '-1h', '1w', 'h', '1h 30m', '1.5.5h', '14 days'])('rejects %j', input => {
    expect(() => parseAge(input)).toThrow(InvalidInputError);
    expect(() => parseAge(input)).toThrow(JSON.stringify(input));
  });
});
