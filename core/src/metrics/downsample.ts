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
export function downsample(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  range: DownsampleRange,
  order?: ArrayLike<number>,
  /** Only the columns from this one on (what changed when points were appended), without the point before lo. */
  startColumn = 0,
): Downsampled {
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
  const columnOf = (v: number) => (hi > lo ? Math.min(columns - 1, Math.floor((v - lo) / width)) : 0);
  // The first point at or after lo (or in startColumn), and the first after hi.
  const first =
    startColumn > 0 ? lowerBound(n, (k) => x[at(k)] >= lo && columnOf(x[at(k)]) >= startColumn) : lowerBound(n, (k) => x[at(k)] >= lo);
  const end = lowerBound(n, (k) => x[at(k)] > hi);
  if (first > 0 && startColumn === 0) emit(at(first - 1), -1);
  const rightHalf = (v: number, c: number) => (hi > lo ? v - lo - c * width >= width / 2 : false);
  const flat = hi <= lo;
  const inv = flat ? 0 : 1 / width;
  // One pass: each column's first two points, lowest, highest, first non-finite value and first and last finite ones.
  let c = -1;
  let count = 0;
  let k0 = -1;
  let k1 = -1;
  let minI = -1;
  let maxI = -1;
  let gapI = -1;
  let firstFinite = -1;
  let lastFinite = -1;
  let minV = 0;
  let maxV = 0;
  const flush = () => {
    if (count === 0) return;
    if (count <= 2) {
      if (count === 1) emit(k0, 2 * c + (rightHalf(x[k0], c) ? 1 : 0));
      else {
        emit(k0, 2 * c);
        emit(k1, 2 * c + 1);
      }
    } else if (gapI >= 0) {
      // The break sits in the half of the column where the first non-finite value was; the other half keeps the
      // finite point nearest to it, so the line reaches the gap from both sides.
      const gapRight = rightHalf(x[gapI], c);
      if (!gapRight) emit(gapI, 2 * c, NaN);
      if (firstFinite >= 0) emit(gapRight ? firstFinite : lastFinite, 2 * c + (gapRight ? 0 : 1));
      if (gapRight) emit(gapI, 2 * c + 1, NaN);
    } else if (minI === maxI) {
      emit(minI, 2 * c);
    } else {
      // In the order they were logged (for a series in x order, the order of x).
      emit(minI < maxI ? minI : maxI, 2 * c);
      emit(minI < maxI ? maxI : minI, 2 * c + 1);
    }
  };
  for (let k = first; k < end; k++) {
    const i = order ? order[k] : k;
    const xv = x[i];
    const col = flat ? 0 : Math.min(columns - 1, Math.floor((xv - lo) * inv));
    if (col !== c) {
      flush();
      c = col;
      count = 0;
      minI = maxI = gapI = firstFinite = lastFinite = -1;
    }
    if (count === 0) k0 = i;
    else if (count === 1) k1 = i;
    count++;
    const v = y[i];
    if (v !== v || v === Infinity || v === -Infinity) {
      if (gapI < 0) gapI = i;
      continue;
    }
    if (firstFinite < 0) firstFinite = i;
    lastFinite = i;
    if (minI < 0 || v < minV) {
      minI = i;
      minV = v;
    }
    if (maxI < 0 || v > maxV) {
      maxI = i;
      maxV = v;
    }
  }
  flush();
  if (end < n) emit(at(end), -1);
  return { x: Float64Array.from(outX), y: Float64Array.from(outY), slot: Int32Array.from(outSlot) };
}

/** A reduction of a series, with what it covered: reduceSeries carries it forward as points are appended. */
export interface Reduction {
  range: DownsampleRange;
  /** Points covered. */
  count: number;
  data: Downsampled;
}

/**
 * The reduction of a series whose points are in x order (no `order`), for `range`. Given the reduction made before
 * the last points were appended, only the columns from the one that held the last point on are computed again.
 */
export function reduceSeries(
  x: Float64Array,
  y: ArrayLike<number>,
  range: DownsampleRange,
  order: Int32Array | undefined,
  previous?: Reduction,
): Reduction {
  const n = order ? order.length : x.length;
  const same = previous && previous.range.lo === range.lo && previous.range.hi === range.hi && previous.range.columns === range.columns;
  if (!same || order || previous.count === 0 || n < previous.count || range.hi <= range.lo) {
    return { range, count: n, data: downsample(x, y, range, order) };
  }
  if (n === previous.count) return previous;
  const columns = Math.max(1, Math.floor(range.columns));
  const width = (range.hi - range.lo) / columns;
  const lastX = x[previous.count - 1];
  if (lastX < range.lo) return { range, count: n, data: downsample(x, y, range) };
  const start = Math.min(columns - 1, Math.floor((lastX - range.lo) / width));
  const tail = downsample(x, y, range, undefined, start);
  const old = previous.data;
  let keep = 0;
  while (keep < old.slot.length && (old.slot[keep] === -1 ? keep === 0 : old.slot[keep] < 2 * start)) keep++;
  const join = <T extends Float64Array | Int32Array>(a: T, b: T, make: (n: number) => T): T => {
    const out = make(keep + b.length);
    out.set(a.subarray(0, keep));
    out.set(b, keep);
    return out;
  };
  return {
    range,
    count: n,
    data: {
      x: join(old.x, tail.x, (k) => new Float64Array(k)),
      y: join(old.y, tail.y, (k) => new Float64Array(k)),
      slot: join(old.slot, tail.slot, (k) => new Int32Array(k)),
    },
  };
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
