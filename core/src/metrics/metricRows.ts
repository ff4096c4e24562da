// The parsed series as rows, one per metric line, for `experiment-scripts metrics`: the run, the log, the line's
// number and time, then one column per key any of the logs has (in order of first appearance). A notebook or a CI
// job reads the same numbers the panel draws.
import type { MetricTable } from './metricTable';
import { csvRow, formatCsvNumber } from './csv';

export interface LogRows {
  /** The run's folder name. */
  run: string;
  /** The log, relative to the run: `logs/train.log`. */
  file: string;
  table: MetricTable;
}

export type RowValue = number | string | undefined;

/** The key columns of several logs: every key, in order of first appearance. */
export function rowKeys(logs: readonly LogRows[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const log of logs)
    for (const key of log.table.keyOrder)
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
  return keys;
}

/** Calls `emit` with each metric line of the log: its line number, time (ms, NaN if none) and values by `keys`. */
export function forEachRow(log: LogRows, keys: readonly string[], emit: (line: number, time: number, values: RowValue[]) => void): void {
  const t = log.table;
  // One cursor per column: the columns are sparse, and their rows ascend.
  const cursors = keys.map((key) => {
    const numeric = t.numeric.get(key);
    const label = t.labels.get(key);
    return { numeric, label, n: 0, l: 0 };
  });
  for (let row = 0; row < t.rowCount; row++) {
    const values: RowValue[] = cursors.map((c) => {
      let value: RowValue;
      if (c.numeric && c.n < c.numeric.rows.length && c.numeric.rows.at(c.n) === row) value = c.numeric.values.at(c.n++);
      if (c.label && c.l < c.label.rows.length && c.label.rows.at(c.l) === row) value = c.label.values[c.l++];
      return value;
    });
    emit(t.line.at(row), t.time.at(row), values);
  }
}

/** `2025-02-02T14:30:01` (local time, as logged), with milliseconds when there are any; '' for NaN. */
export function formatRowTime(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return d.getMilliseconds() ? `${base}.${p(d.getMilliseconds(), 3)}` : base;
}

/** The rows as CSV, header first. */
export function* csvLines(logs: readonly LogRows[]): Generator<string> {
  const keys = rowKeys(logs);
  yield csvRow(['run', 'file', 'line', 'time', ...keys]);
  for (const log of logs) {
    const lines: string[] = [];
    forEachRow(log, keys, (line, time, values) => lines.push(csvRow([log.run, log.file, line, formatRowTime(time), ...values])));
    yield lines.join('');
  }
}

/** The rows as JSON objects; NaN and ±Infinity become the strings Python's json.dumps would have written unquoted. */
export function jsonRows(logs: readonly LogRows[]): Record<string, RowValue>[] {
  const keys = rowKeys(logs);
  const rows: Record<string, RowValue>[] = [];
  for (const log of logs) {
    forEachRow(log, keys, (line, time, values) => {
      const row: Record<string, RowValue> = { run: log.run, file: log.file, line, time: formatRowTime(time) || undefined };
      keys.forEach((key, i) => {
        const v = values[i];
        if (v !== undefined) row[key] = typeof v === 'number' && !Number.isFinite(v) ? formatCsvNumber(v) : v;
      });
      rows.push(row);
    });
  }
  return rows;
}
