// The summary table's figures for one metric of one log: the last value, and the best one in the metric's direction
// with where it was reached. Non-finite values (NaN, Infinity) are never the best. Logs only grow (or start over),
// so a summary is carried forward over the values appended since it was made, not computed again from the start.
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

/** How far a summary has got through a column: what advanceSummary continues from. */
export interface SummaryState {
  table: MetricTable;
  key: string;
  direction: Direction | undefined;
  /** Values looked at. */
  count: number;
  /** Index of the best value so far, -1 for none. */
  bestIndex: number;
}

/** The summary of `key` up to its last value, continuing `previous` when it is of the same table, key and direction. */
export function advanceSummary(table: MetricTable, key: string, direction: Direction | undefined, previous?: SummaryState): SummaryState {
  const same = previous && previous.table === table && previous.key === key && previous.direction === direction;
  const state: SummaryState = same ? { ...previous } : { table, key, direction, count: 0, bestIndex: -1 };
  const col = table.numeric.get(key);
  if (!col) return state;
  const values = col.values.view();
  let best = state.bestIndex;
  if (direction) {
    for (let i = state.count; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (best < 0 || (direction === 'min' ? v < values[best] : v > values[best])) best = i;
    }
  }
  state.bestIndex = best;
  state.count = values.length;
  return state;
}

export function summaryOf(state: SummaryState): MetricSummary {
  const { table, key, count, bestIndex } = state;
  const col = table.numeric.get(key);
  if (!col || count === 0) return { count: 0, last: undefined, best: undefined, bestAt: undefined };
  const summary: MetricSummary = { count, last: col.values.at(count - 1), best: undefined, bestAt: undefined };
  if (bestIndex >= 0) {
    const row = col.rows.at(bestIndex);
    summary.best = col.values.at(bestIndex);
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

export function summarizeMetric(table: MetricTable, key: string, direction: Direction | undefined): MetricSummary {
  return summaryOf(advanceSummary(table, key, direction));
}
