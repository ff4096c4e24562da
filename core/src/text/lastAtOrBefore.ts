// The one binary search of the code: which line holds an offset, given where each line starts.

/**
 * The index of the last of `count` ascending keys that is at most `value` (0 when none is). `keyAt(i)` gives the
 * i-th key, so that line starts kept as numbers or as fields of line records both fit.
 */
export function lastAtOrBefore(count: number, keyAt: (i: number) => number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keyAt(mid) <= value) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(lo, 0);
}
