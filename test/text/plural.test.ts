import { describe, expect, it } from 'vitest';
import { plural } from '../../src/text/plural.js';

describe('plural', () => {
  it.for([
    [0, 'entry', 'entries', '0 entries'],
    [1, 'entry', 'entries', '1 entry'],
    [2, 'entry', 'entries', '2 entries'],
    [1, 'warning', undefined, '1 warning'],
    [3, 'staged file', undefined, '3 staged files'],
  ] as const)('%i %s', ([count, one, many, expected]) => {
    expect(plural(count, one, many)).toBe(expected);
  });
});
