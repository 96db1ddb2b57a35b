/**
 * A column of values in ascending order, with where each value sits in the
 * column: the positions holding values in a range are then found by binary
 * search instead of a scan of the whole column.
 */
export interface ValueOrder {
  /** The column's values, ascending; NaN, which is in no range, is left out. */
  values: Float64Array;
  /** `positions[i]` is where `values[i]` sits in the column; equal values keep column order. */
  positions: Int32Array;
}

export function orderByValue(column: ArrayLike<number>): ValueOrder {
  const kept: number[] = [];
  for (let at = 0; at < column.length; at++) if (!Number.isNaN(column[at])) kept.push(at);
  const positions = Int32Array.from(kept).sort((a, b) => column[a]! - column[b]! || a - b);
  return { values: Float64Array.from(positions, (at) => column[at]!), positions };
}

/** How many of ascending `values` are below `bound`, or with `orEqual`, at most `bound`. */
function countBelow(values: Float64Array, bound: number, orEqual: boolean): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const value = values[middle]!;
    if (value < bound || (orEqual && value === bound)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Positions of the column whose value is in `[lowest, highest]`, in ascending order of value. */
export function positionsInRange(order: ValueOrder, lowest: number, highest: number): Int32Array {
  // Also an empty range for a NaN bound, which no value is within.
  if (!(lowest <= highest)) return order.positions.subarray(0, 0);
  return order.positions.subarray(countBelow(order.values, lowest, false), countBelow(order.values, highest, true));
}
