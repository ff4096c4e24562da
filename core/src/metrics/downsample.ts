// What crosses to the chart: never the raw points (a run logs millions), but at most two per pixel column — the
// lowest and the highest, in the order they were logged — so the drawn line has the same envelope as the full series.
// Each point gets a slot (two per column) on a grid shared by every series of the chart, so that overlaid runs line
// up on the same x positions however many points each has. A column holding a non-finite value keeps a gap there.

export interface Downsampled {
  /** The true x of each point kept (shown on hover), in slot order. */
  x: Float64Array;
  /** Its y; NaN where the line must break. */
  y: Float64Array;
  /** Its slot on the chart's grid (two per column), or -1 for the nearest point outside the range on either side. */
  slot: Int32Array;
}

export interface DownsampleRange {
  lo: number;
  hi: number;
  /** Pixel columns: the grid has twice as many slots. */
  columns: number;
}

/**
 * Keeps at most two points per column of [lo, hi], plus the nearest point before lo and after hi (so the line runs
 * to the chart's edges). `order` lists the indices of the points with a finite x in ascending x order; without it the
 * points are taken to be in that order already.
 */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, range: DownsampleRange, order?: ArrayLike<number>): Downsampled {
  const n = order ? order.length : x.length;
  const at = order ? (k: number) => order[k] : (k: number) => k;
  const { lo, hi } = range;
  const columns = Math.max(1, Math.floor(range.columns));
  const width = hi > lo ? (hi - lo) / columns : 1;
  const outX: number[] = [];
  const outY: number[] = [];
  const outSlot: number[] = [];
  const emit = (i: number, slot: number, value = y[i]) => {
    outX.push(x[i]);
    outY.push(Number.isFinite(value) ? value : NaN);
    outSlot.push(slot);
  };
  // The first point at or after lo, and the first after hi.
  const first = lowerBound(n, (k) => x[at(k)] >= lo);
  const end = lowerBound(n, (k) => x[at(k)] > hi);
  if (first > 0) emit(at(first - 1), -1);
  const columnOf = (v: number) => (hi > lo ? Math.min(columns - 1, Math.floor((v - lo) / width)) : 0);
  const rightHalf = (v: number, c: number) => (hi > lo ? v - lo - c * width >= width / 2 : false);
  let k = first;
  while (k < end) {
    const c = columnOf(x[at(k)]);
    // The points of column c: [k, stop).
    let stop = k + 1;
    while (stop < end && columnOf(x[at(stop)]) === c) stop++;
    const count = stop - k;
    if (count <= 2) {
      if (count === 1) emit(at(k), 2 * c + (rightHalf(x[at(k)], c) ? 1 : 0));
      else {
        emit(at(k), 2 * c);
        emit(at(k + 1), 2 * c + 1);
      }
    } else {
      let minK = -1;
      let maxK = -1;
      let gapK = -1;
      let firstFinite = -1;
      let lastFinite = -1;
      for (let j = k; j < stop; j++) {
        const v = y[at(j)];
        if (!Number.isFinite(v)) {
          if (gapK < 0) gapK = j;
          continue;
        }
        if (firstFinite < 0) firstFinite = j;
        lastFinite = j;
        if (minK < 0 || v < y[at(minK)]) minK = j;
        if (maxK < 0 || v > y[at(maxK)]) maxK = j;
      }
      if (gapK >= 0) {
        // The break sits in the half of the column where the first non-finite value was; the other half keeps the
        // finite point nearest to it, so the line reaches the gap from both sides.
        const gapRight = rightHalf(x[at(gapK)], c);
        if (!gapRight) emit(at(gapK), 2 * c, NaN);
        if (firstFinite >= 0) emit(at(gapRight ? firstFinite : lastFinite), 2 * c + (gapRight ? 0 : 1));
        if (gapRight) emit(at(gapK), 2 * c + 1, NaN);
      } else if (minK === maxK) {
        emit(at(minK), 2 * c);
      } else {
        const [a, b] = minK < maxK ? [minK, maxK] : [maxK, minK];
        emit(at(a), 2 * c);
        emit(at(b), 2 * c + 1);
      }
    }
    k = stop;
  }
  if (end < n) emit(at(end), -1);
  return { x: Float64Array.from(outX), y: Float64Array.from(outY), slot: Int32Array.from(outSlot) };
}

/** The x position of a slot on the grid of `range`. */
export function slotX(slot: number, range: DownsampleRange): number {
  const columns = Math.max(1, Math.floor(range.columns));
  const width = range.hi > range.lo ? (range.hi - range.lo) / columns : 0;
  return range.lo + ((slot + 0.5) * width) / 2;
}

/** The first k in [0, n) for which `pass(k)` holds, given that it holds for every k after it; n when none. */
function lowerBound(n: number, pass: (k: number) => boolean): number {
  let a = 0;
  let b = n;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (pass(m)) b = m;
    else a = m + 1;
  }
  return a;
}
