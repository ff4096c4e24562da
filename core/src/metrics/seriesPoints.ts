// The points of one metric of one log, against the x axis a chart uses: `step` (each line's own, else the last one
// logged before it), `epoch` (the same way), the line's number in its log, or its time — relative to the run's first
// logged line, or the wall clock. Eval logs usually have no step: their lines are drawn at the train log's last one,
// where the model they evaluate was saved.
import { GrowableFloat64 } from './growable';
import type { MetricTable } from './metricTable';

export type AxisKind = 'step' | 'epoch' | 'line' | 'relative' | 'wall';

export interface SeriesPoints {
  /** x of each point (NaN where the line has no such x); seconds for the two time axes. */
  x: Float64Array;
  /** The values, as the table holds them (not a copy). */
  y: Float64Array;
  /** Points whose x is not known (no step logged yet, no timestamp). */
  missingX: number;
  /** Indices of the points with a finite x, in ascending x order; undefined when they are all in order already. */
  order: Int32Array | undefined;
  /** Where the x values grow, so that later points extend them. */
  readonly xs: GrowableFloat64;
  /** The largest finite x so far (the last one, while the points are in order). */
  maxX: number;
}

export interface AxisContext {
  /** x for lines that have none of their own (an eval log without steps): the train log's last step or epoch. */
  fallback?: number;
  /** Time origin of the relative time axis, ms since 1970. */
  t0?: number;
}

/**
 * The points of `key` against the axis `kind`. With `previous` (made from the same table, key, axis and context),
 * only the values logged since are added to it.
 */
export function seriesPoints(
  table: MetricTable,
  key: string,
  kind: AxisKind,
  context: AxisContext = {},
  previous?: SeriesPoints,
): SeriesPoints {
  const col = table.numeric.get(key);
  const xs = previous?.xs ?? new GrowableFloat64(Math.max(64, col?.rows.length ?? 0));
  let missing = previous?.missingX ?? 0;
  let maxX = previous?.maxX ?? -Infinity;
  if (!col) return { x: xs.view(), y: new Float64Array(0), missingX: 0, order: undefined, xs, maxX };
  // Points that come after all earlier ones (the usual case for a growing log) extend the order; anything else
  // (a step going back, an x missing) means sorting again.
  const inOrder = previous ? previous.order === undefined : true;
  let resort = false;
  const appended: number[] = [];
  const n = col.rows.length;
  const rowOf = col.rows.view();
  const source =
    kind === 'step'
      ? table.stepAt.view()
      : kind === 'epoch'
        ? table.epochAt.view()
        : kind === 'line'
          ? table.line.view()
          : table.time.view();
  const fallback = context.fallback ?? NaN;
  const t0 = context.t0 ?? 0;
  for (let i = xs.length; i < n; i++) {
    let v = source[rowOf[i]];
    if (kind === 'relative') v = (v - t0) / 1000;
    else if (kind === 'wall') v = v / 1000;
    else if (v !== v) v = fallback;
    if (!Number.isFinite(v)) {
      missing++;
      resort = true;
    } else if (v < maxX) {
      resort = true;
    } else {
      maxX = v;
      if (!inOrder) appended.push(i);
    }
    xs.push(v);
  }
  const x = xs.view();
  let order: Int32Array | undefined;
  if (resort) order = sortedOrder(x);
  else if (!inOrder && previous?.order) {
    order = new Int32Array(previous.order.length + appended.length);
    order.set(previous.order);
    order.set(appended, previous.order.length);
  }
  return { x, y: col.values.view(), missingX: missing, order, xs, maxX };
}

/** Indices of the finite x values, by ascending x; equal x keep their logged order. */
function sortedOrder(x: Float64Array): Int32Array {
  const finite: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) finite.push(i);
  finite.sort((a, b) => x[a] - x[b] || a - b);
  return Int32Array.from(finite);
}

/**
 * Whether every value of `key` has an x of `kind` (step or epoch): its own or carried from an earlier line, or the
 * fallback. A carried step, once there, stays, so the key's first line decides.
 */
export function axisCovers(table: MetricTable, key: string, kind: 'step' | 'epoch', fallback?: number): boolean {
  const col = table.numeric.get(key);
  if (!col || col.rows.length === 0) return true;
  if (fallback !== undefined && Number.isFinite(fallback)) return true;
  const column = kind === 'step' ? table.stepAt : table.epochAt;
  return Number.isFinite(column.at(col.rows.at(0)));
}

/** The last x of a table by `kind` (its last step or epoch), for the lines of another log that have none. */
export function lastX(table: MetricTable, kind: 'step' | 'epoch'): number | undefined {
  const column = kind === 'step' ? table.stepAt : table.epochAt;
  for (let i = column.length - 1; i >= 0; i--) if (Number.isFinite(column.at(i))) return column.at(i);
  return undefined;
}
