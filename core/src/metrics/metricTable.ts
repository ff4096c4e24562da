// The `metric {json}` lines of one log, as columns: one row per metric line, one sparse column per key (metric lines
// may carry different keys, e.g. per-epoch validation lines beside per-step training lines). Charts, the summary
// table and `experiment-scripts metrics` are all computed from this.
import { GrowableFloat64, GrowableInt32 } from './growable';

/** Keys kept per log; a log that invents a new key on every line must not grow memory without bound. */
export const MAX_KEYS_PER_LOG = 1000;
/** Text values (such as `"split": "val"`) are kept for the command line's output, cut to this many characters. */
export const MAX_LABEL_CHARS = 200;
/** Names of keys left out are remembered up to this many, to count them. */
const MAX_DROPPED_NAMES = 10_000;

/** The keys that serve as the x axis, in the order they are preferred. */
export const STEP_KEY = 'step';
export const EPOCH_KEY = 'epoch';

export interface NumericColumn {
  name: string;
  /** Whether this is the `step` or the `epoch` column, which the rows carry forward for the x axis. */
  role: 'step' | 'epoch' | undefined;
  /** Row of each value, ascending. */
  rows: GrowableInt32;
  /** The values; NaN and ±Infinity as logged. */
  values: GrowableFloat64;
}

export interface LabelColumn {
  name: string;
  rows: GrowableInt32;
  values: string[];
}

/**
 * A table as plain data for another thread: the columns' backing arrays go across without copying (as transferred
 * ArrayBuffers: see transferList), each with the count of its values in use.
 */
export interface TableSnapshot {
  line: [Int32Array, number];
  time: [Float64Array, number];
  stepAt: [Float64Array, number];
  epochAt: [Float64Array, number];
  numeric: { name: string; rows: [Int32Array, number]; values: [Float64Array, number] }[];
  labels: { name: string; rows: [Int32Array, number]; values: string[] }[];
  keyOrder: string[];
  invalidLines: number;
  firstInvalidLine: number;
  longLines: number;
  skippedValues: number;
  droppedNames: string[];
  carriedStep: number;
  carriedEpoch: number;
}

export class MetricTable {
  /** Line number (1-based) of each metric row in the log, counted from where reading began (see `firstLine`). */
  readonly line: GrowableInt32;
  /** Time of each row in ms since 1970 (the log's local time), NaN for a line without a timestamp. */
  readonly time: GrowableFloat64;
  /** The row's `step`, else the last `step` of an earlier row of this log; NaN before the first one. */
  readonly stepAt: GrowableFloat64;
  /** The same for `epoch`. */
  readonly epochAt: GrowableFloat64;
  readonly numeric = new Map<string, NumericColumn>();
  readonly labels = new Map<string, LabelColumn>();
  /** Every key kept, numeric or text, in order of first appearance. */
  readonly keyOrder: string[] = [];
  /** Metric lines that are not a JSON object. */
  invalidLines = 0;
  /** Line number of the first of them. */
  firstInvalidLine = 0;
  /** Lines longer than the parser's cap, skipped unread. */
  longLines = 0;
  /** Values nested deeper than the parser follows, or arrays: not charted. */
  skippedValues = 0;
  private readonly droppedNames = new Set<string>();
  private carriedStep = NaN;
  private carriedEpoch = NaN;

  /** An empty table, or the table a snapshot was taken of (its arrays taken over, not copied). */
  constructor(snapshot?: TableSnapshot) {
    if (!snapshot) {
      this.line = new GrowableInt32();
      this.time = new GrowableFloat64();
      this.stepAt = new GrowableFloat64();
      this.epochAt = new GrowableFloat64();
      return;
    }
    this.line = GrowableInt32.adopt(...snapshot.line);
    this.time = GrowableFloat64.adopt(...snapshot.time);
    this.stepAt = GrowableFloat64.adopt(...snapshot.stepAt);
    this.epochAt = GrowableFloat64.adopt(...snapshot.epochAt);
    for (const c of snapshot.numeric) {
      const role = c.name === STEP_KEY ? 'step' : c.name === EPOCH_KEY ? 'epoch' : undefined;
      this.numeric.set(c.name, { name: c.name, role, rows: GrowableInt32.adopt(...c.rows), values: GrowableFloat64.adopt(...c.values) });
    }
    for (const c of snapshot.labels) this.labels.set(c.name, { name: c.name, rows: GrowableInt32.adopt(...c.rows), values: c.values });
    this.keyOrder.push(...snapshot.keyOrder);
    this.invalidLines = snapshot.invalidLines;
    this.firstInvalidLine = snapshot.firstInvalidLine;
    this.longLines = snapshot.longLines;
    this.skippedValues = snapshot.skippedValues;
    for (const name of snapshot.droppedNames) this.droppedNames.add(name);
    this.carriedStep = snapshot.carriedStep;
    this.carriedEpoch = snapshot.carriedEpoch;
  }

  /** The table as plain data; the table must not be used after, since its arrays are meant to be transferred. */
  snapshot(): TableSnapshot {
    const i32 = (g: GrowableInt32): [Int32Array, number] => [g.storage, g.length];
    const f64 = (g: GrowableFloat64): [Float64Array, number] => [g.storage, g.length];
    return {
      line: i32(this.line),
      time: f64(this.time),
      stepAt: f64(this.stepAt),
      epochAt: f64(this.epochAt),
      numeric: [...this.numeric.values()].map((c) => ({ name: c.name, rows: i32(c.rows), values: f64(c.values) })),
      labels: [...this.labels.values()].map((c) => ({ name: c.name, rows: i32(c.rows), values: c.values })),
      keyOrder: this.keyOrder,
      invalidLines: this.invalidLines,
      firstInvalidLine: this.firstInvalidLine,
      longLines: this.longLines,
      skippedValues: this.skippedValues,
      droppedNames: [...this.droppedNames],
      carriedStep: this.carriedStep,
      carriedEpoch: this.carriedEpoch,
    };
  }

  /** About how many bytes the table's values take (what a cache of tables counts against its bound). */
  get byteSize(): number {
    let bytes = this.rowCount * 28;
    for (const c of this.numeric.values()) bytes += c.rows.length * 12;
    for (const c of this.labels.values()) for (const v of c.values) bytes += 4 + 16 + 2 * v.length;
    return bytes;
  }

  get rowCount(): number {
    return this.line.length;
  }

  /** Distinct keys left out because the log had more than MAX_KEYS_PER_LOG. */
  get droppedKeys(): number {
    return this.droppedNames.size;
  }

  get keyCount(): number {
    return this.keyOrder.length;
  }

  /** The numeric column of `name`, created on first use; undefined when the key cap is reached. */
  numericColumn(name: string): NumericColumn | undefined {
    let col = this.numeric.get(name);
    if (!col) {
      if (!this.admit(name)) return undefined;
      const role = name === STEP_KEY ? 'step' : name === EPOCH_KEY ? 'epoch' : undefined;
      col = { name, role, rows: new GrowableInt32(), values: new GrowableFloat64() };
      this.numeric.set(name, col);
    }
    return col;
  }

  labelColumn(name: string): LabelColumn | undefined {
    let col = this.labels.get(name);
    if (!col) {
      if (!this.admit(name)) return undefined;
      col = { name, rows: new GrowableInt32(), values: [] };
      this.labels.set(name, col);
    }
    return col;
  }

  /** Starts a row; the values of the line are then set with setNumber / setLabel, and the row closed by endRow. */
  beginRow(line: number, time: number): number {
    const row = this.line.length;
    this.line.push(line);
    this.time.push(time);
    return row;
  }

  setNumber(col: NumericColumn, row: number, value: number): void {
    const n = col.rows.length;
    if (n > 0 && col.rows.at(n - 1) === row) col.values.setLast(value);
    else {
      col.rows.push(row);
      col.values.push(value);
    }
    if (col.role === undefined) return;
    if (col.role === 'step') this.carriedStep = Number.isFinite(value) ? value : this.carriedStep;
    else this.carriedEpoch = Number.isFinite(value) ? value : this.carriedEpoch;
  }

  /** setNumber for a key known to appear once in its line (the fast path's lines, whose keys were checked). */
  appendNumber(col: NumericColumn, row: number, value: number): void {
    col.rows.push(row);
    col.values.push(value);
    if (col.role === 'step') this.carriedStep = value === value && value !== Infinity && value !== -Infinity ? value : this.carriedStep;
    else if (col.role === 'epoch')
      this.carriedEpoch = value === value && value !== Infinity && value !== -Infinity ? value : this.carriedEpoch;
  }

  /**
   * Appends `count` rows, one line after another from `firstLine`, each with a value for each of `columns` (none for
   * a null one): the rows' times, and their values row by row. What appendNumber does for each, in one pass per
   * column: the metric-line kernel reads thousands of such lines at a time.
   */
  appendRows(
    firstLine: number,
    count: number,
    times: Float64Array,
    values: Float64Array,
    columns: readonly (NumericColumn | null)[],
  ): void {
    const row0 = this.line.length;
    const lines = this.line.reserve(count);
    const rowTimes = this.time.reserve(count);
    for (let r = 0; r < count; r++) {
      lines[row0 + r] = firstLine + r;
      rowTimes[row0 + r] = times[r];
    }
    this.line.length += count;
    this.time.length += count;
    const n = columns.length;
    let stepAt = -1;
    let epochAt = -1;
    for (let k = 0; k < n; k++) {
      const col = columns[k];
      if (!col) continue;
      const at = col.rows.length;
      const rows = col.rows.reserve(count);
      const vals = col.values.reserve(count);
      for (let r = 0; r < count; r++) {
        rows[at + r] = row0 + r;
        vals[at + r] = values[r * n + k];
      }
      col.rows.length += count;
      col.values.length += count;
      if (col.role === 'step') stepAt = k;
      else if (col.role === 'epoch') epochAt = k;
    }
    const steps = this.stepAt.reserve(count);
    const epochs = this.epochAt.reserve(count);
    let step = this.carriedStep;
    let epoch = this.carriedEpoch;
    for (let r = 0; r < count; r++) {
      if (stepAt >= 0) {
        const v = values[r * n + stepAt];
        if (Number.isFinite(v)) step = v;
      }
      if (epochAt >= 0) {
        const v = values[r * n + epochAt];
        if (Number.isFinite(v)) epoch = v;
      }
      steps[row0 + r] = step;
      epochs[row0 + r] = epoch;
    }
    this.stepAt.length += count;
    this.epochAt.length += count;
    this.carriedStep = step;
    this.carriedEpoch = epoch;
  }

  setLabel(col: LabelColumn, row: number, value: string): void {
    const text = value.length > MAX_LABEL_CHARS ? value.slice(0, MAX_LABEL_CHARS - 1) + '…' : value;
    const n = col.rows.length;
    if (n > 0 && col.rows.at(n - 1) === row) col.values[n - 1] = text;
    else {
      col.rows.push(row);
      col.values.push(text);
    }
  }

  endRow(): void {
    this.stepAt.push(this.carriedStep);
    this.epochAt.push(this.carriedEpoch);
  }

  countInvalid(line: number): void {
    if (this.invalidLines++ === 0) this.firstInvalidLine = line;
  }

  private admit(name: string): boolean {
    // A key that is a number in some lines and a text in others is one key.
    if (this.numeric.has(name) || this.labels.has(name)) return true;
    if (this.keyOrder.length >= MAX_KEYS_PER_LOG) {
      if (this.droppedNames.size < MAX_DROPPED_NAMES) this.droppedNames.add(name);
      return false;
    }
    this.keyOrder.push(name);
    return true;
  }
}

/** The ArrayBuffers of a snapshot: what postMessage transfers instead of copying. */
export function transferList(s: TableSnapshot): ArrayBuffer[] {
  const arrays = [
    s.line[0],
    s.time[0],
    s.stepAt[0],
    s.epochAt[0],
    ...s.numeric.flatMap((c) => [c.rows[0], c.values[0]]),
    ...s.labels.map((c) => c.rows[0]),
  ];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
