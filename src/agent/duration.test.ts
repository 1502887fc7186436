import { describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.js';
import { formatDuration, parseDuration } from './duration.js';

describe('--every', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['6h', 21600],
    ['1d', 86400],
    ['1h30m', 5400],
    ['30d', 2592000],
  ])('reads %s as %i s, and writes it back', (text, s) => {
    expect(parseDuration('--every', text)).toBe(s);
    expect(parseDuration('--every', formatDuration(s))).toBe(s);
  });

  it.each(['', '6', 'h', '6 h', '-1h', '0s', '31d', '1.5h', '6hours', '9999999h'])(
    'refuses %j',
    (text) => {
      expect(() => parseDuration('--every', text)).toThrow(UserError);
    },
  );
});
