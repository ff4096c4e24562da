// The summary table's figures for one metric of one log: the last value, and the best one in the metric's direction
// with where it was reached. Non-finite values (NaN, Infinity) are never the best.
import type { Direction } from './direction';
import type { MetricTable } from './metricTable';

export interface MetricSummary {
  /** Values logged, non-finite ones included. */
  count: number;
  last: number | undefined;
  best: number | undefined;
  /** Where the best was reached: the line's step, else its epoch, else its line number. */
  bestAt: { kind: 'step' | 'epoch' | 'line'; value: number } | undefined;
}

export function summarizeMetric(table: MetricTable, key: string, direction: Direction | undefined): MetricSummary {
  const col = table.numeric.get(key);
  if (!col || col.rows.length === 0) return { count: 0, last: undefined, best: undefined, bestAt: undefined };
  const values = col.values.view();
  const n = values.length;
  let bestIndex = -1;
  if (direction) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (bestIndex < 0 || (direction === 'min' ? v < values[bestIndex] : v > values[bestIndex])) bestIndex = i;
    }
  }
  const summary: MetricSummary = { count: n, last: values[n - 1], best: undefined, bestAt: undefined };
  if (bestIndex >= 0) {
    const row = col.rows.at(bestIndex);
    summary.best = values[bestIndex];
    const step = table.stepAt.at(row);
    const epoch = table.epochAt.at(row);
    summary.bestAt = Number.isFinite(step)
      ? { kind: 'step', value: step }
      : Number.isFinite(epoch)
        ? { kind: 'epoch', value: epoch }
        : { kind: 'line', value: table.line.at(row) };
  }
  return summary;
}
