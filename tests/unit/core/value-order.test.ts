import { describe, expect, it } from 'vitest';
import { orderByValue, positionsInRange } from '../../../src/core/query/value-order';

/** What `positionsInRange` must find, by scanning every position. */
function scan(column: readonly number[], lowest: number, highest: number): number[] {
  return column.flatMap((value, at) => (value >= lowest && value <= highest ? [at] : []));
}

const COLUMN = [500, 97, 680, 97, 700, 2000, 97, 0, 680, 125.5, -3];

describe('positionsInRange', () => {
  it.each([
    ['a range holding some values', COLUMN, 100, 700],
    ['bounds equal to duplicated values', COLUMN, 97, 680],
    ['one value, duplicated', COLUMN, 97, 97],
    ['one value, once', COLUMN, 2000, 2000],
    ['bounds between values', COLUMN, 98, 679.5],
    ['the whole column', COLUMN, -Infinity, Infinity],
    ['below every value', COLUMN, -10, -5],
    ['above every value', COLUMN, 2001, Infinity],
    ['a range from the lowest value', COLUMN, -3, 0],
    ['a range up to the highest value', COLUMN, 700, 2000],
    ['lowest above highest', COLUMN, 700, 500],
    ['no leading figure (empty range)', COLUMN, Infinity, -Infinity],
    ['a NaN lowest bound', COLUMN, Number.NaN, 700],
    ['a NaN highest bound', COLUMN, 97, Number.NaN],
    ['a column with NaN', [5, Number.NaN, 3, 5], 3, 5],
    ['an empty column', [], 0, 10],
    ['a column of one value', [42], 42, 42],
  ])('finds what a scan finds: %s', (_name, column, lowest, highest) => {
    const found = positionsInRange(orderByValue(column), lowest, highest);
    expect([...found].sort((a, b) => a - b)).toEqual(scan(column, lowest, highest));
  });

  it('lists the positions in ascending order of value, equal values in column order', () => {
    const found = positionsInRange(orderByValue(COLUMN), 97, 700);
    expect([...found]).toEqual([1, 3, 6, 9, 0, 2, 8, 4]);
  });
});
