// What one metrics panel shows, without the editor: the selected runs of one experiment, their train and eval logs
// followed as they grow, and everything the panel draws computed from them — the model (runs, charts, summary,
// plots, notes) and, per chart shown, its series reduced to the chart's width. The extension drives it: it calls
// poll() while the panel is visible and sends on what comes back.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { compareRunsNewestFirst, indexExperiment, readRun, type DetailOptions } from '#core/runs/experimentIndex';
import { formatLocalDateTime } from '#core/runs/runDisplay';
import type { RunInfo } from '#core/runs/types';
import { differingArguments, scriptArguments } from './argDiff';
import { directionOf, type Direction } from './direction';
import { reduceSeries, type Reduction } from './downsample';
import { LogFollower, MAX_LOG_BYTES, type FollowerOptions } from './logFollower';
import { EPOCH_KEY, STEP_KEY, type MetricTable } from './metricTable';
import { readLogs, type ParallelReadOptions } from './parallelLogReader';
import { sharedLogCache, type ParsedLogCache } from './parsedLogCache';
import { checkImage, listRunPlots, plotGrid, type RunPlots } from './plots';
import type {
  ChartData,
  ChartInfo,
  ChartRequest,
  LogName,
  PanelModel,
  PanelRun,
  PlotCell,
  SeriesData,
  SeriesInfo,
  SummaryCell,
  SummaryColumn,
  ViewOptions,
} from './protocol';
import { runColors } from './runColors';
import { Boundary } from '#core/fs/boundary';
import { axisCovers, lastX, seriesPoints, type AxisKind, type SeriesPoints } from './seriesPoints';
import { SmoothedValues } from './smoothing';
import { advanceSummary, summaryOf, type MetricSummary, type SummaryState } from './summary';

/** Charts drawn at most; the keys beyond are counted and named in a note. */
export const MAX_CHARTS = 50;
/** Bytes of logs one panel reads at most, shared among its runs (each log gets at least MIN_LOG_SHARE). */
const PANEL_LOG_BUDGET = 1024 * 1024 * 1024;
const MIN_LOG_SHARE = 32 * 1024 * 1024;
/** Columns a chart's data is reduced to at most, whatever width the panel asks for. */
const MAX_COLUMNS = 4000;
/** How far past the last point the x range of a live chart reaches, as a share of it: the range then stays put for a while. */
const LIVE_HEADROOM = 0.25;

export const LOGS: readonly LogName[] = ['train', 'eval'];

export interface SessionOptions extends DetailOptions, FollowerOptions {
  /** Clock for durations of running runs. */
  clock?: () => number;
  /** Where logs read by earlier panels of this process are kept (the process-wide one unless given). */
  logCache?: ParsedLogCache;
  /** How logs read for the first time are shared out among threads. */
  parallel?: ParallelReadOptions;
}

interface SessionRun {
  id: string;
  info: RunInfo;
  logs: Record<LogName, LogFollower>;
  plots: RunPlots;
  args: Map<string, string> | undefined;
  gone: boolean;
  /** Cached series by `<log>|<key>`, for one axis, valid while the table and its row count are the same. */
  series: Map<string, CachedSeries>;
  /** Summaries by `<log>|<key>`, carried forward as the log grows. */
  summaries: Map<string, SummaryState>;
}

interface CachedSeries {
  table: MetricTable;
  rows: number;
  /** The axis and what its x values depend on (eval fallback, time origin). */
  context: string;
  points: SeriesPoints;
  /** The smoothed values for `smoothWeight`, carried forward like the points (the average only looks back). */
  smooth?: SmoothedValues;
  /** The last reductions sent, per chart width and range, carried forward as points are appended. */
  raw?: Reduction;
  smoothed?: Reduction;
}

/** What a poll found: whether the model changed, and new data for the charts shown whose series grew. */
export interface PollResult {
  modelChanged: boolean;
  charts: ChartData[];
}

export class MetricsSession {
  readonly experimentDir: string;
  /** What the session reads from must lie inside: the experiment, links resolved. */
  private readonly boundary: Boundary;
  private runs: SessionRun[] = [];
  private options: ViewOptions = { xAxis: 'auto', smoothing: 0 };
  /** Directions chosen in the panel, by `<log>|<key>`; null: none. */
  private readonly directions = new Map<string, Direction | null>();
  /** The charts the panel shows, as it last asked for them: live updates are computed for these. */
  private shown = new Map<string, ChartRequest>();
  /** The x range of each chart shown in full, kept while a live run's points stay inside it. */
  private readonly liveRanges = new Map<string, { axis: AxisKind; lo: number; hi: number; max: number }>();
  private imageChecks = new Map<string, PlotCell>();
  /** Each run's place among the experiment's runs, oldest first: what picks its colour. */
  private places = new Map<string, number>();
  private version = 0;

  constructor(
    experimentDir: string,
    private readonly opts: SessionOptions = {},
  ) {
    this.experimentDir = path.resolve(experimentDir);
    this.boundary = new Boundary(this.experimentDir, 'the experiment');
  }

  get runIds(): string[] {
    return this.runs.map((r) => r.id);
  }

  get viewOptions(): ViewOptions {
    return { ...this.options };
  }

  get chosenDirections(): [string, Direction | null][] {
    return [...this.directions];
  }

  /** Shows these runs (folder names inside runs/), in this order; runs already shown keep what was read. */
  async setRuns(dirNames: readonly string[]): Promise<void> {
    const unique = [...new Set(dirNames)];
    const next: SessionRun[] = [];
    for (const id of unique) {
      const existing = this.runs.find((r) => r.id === id);
      if (existing) {
        next.push(existing);
        continue;
      }
      const read = await readRun(this.experimentDir, id, this.opts);
      if (!read || 'reason' in read) continue;
      // Memory grows with what is read: many runs at once get a smaller share each (said in a note when it bites).
      const share = Math.min(MAX_LOG_BYTES, Math.max(MIN_LOG_SHARE, Math.floor(PANEL_LOG_BUDGET / unique.length)));
      const options: FollowerOptions = { maxLineBytes: this.opts.maxLineBytes, maxLogBytes: this.opts.maxLogBytes ?? share };
      const logs = {
        train: this.logCache.take(path.join(read.path, 'logs', 'train.log'), this.boundary, 'logs/train.log', options),
        eval: this.logCache.take(path.join(read.path, 'logs', 'eval.log'), this.boundary, 'logs/eval.log', options),
      };
      next.push({
        id,
        info: read,
        logs,
        plots: { names: [], cut: false },
        args: argsOf(read),
        gone: false,
        series: new Map(),
        summaries: new Map(),
      });
    }
    for (const run of this.runs) if (!next.includes(run)) this.release(run);
    this.runs = next;
    this.liveRanges.clear();
    const all = (await indexExperiment(this.experimentDir)).runs.sort(compareRunsNewestFirst).reverse();
    this.places = new Map(all.map((r, i) => [r.dirName, i]));
    this.imageChecks = new Map([...this.imageChecks].filter(([file]) => next.some((r) => file.startsWith(r.info.path + path.sep))));
    await Promise.all([
      readLogs(
        next.flatMap((r) => LOGS.map((log) => r.logs[log])),
        this.opts.parallel,
      ),
      ...next.map((r) => this.readPlots(r)),
    ]);
    await this.checkImages();
    this.shown = new Map([...this.shown].filter(([key]) => this.keyShown(key)));
  }

  /** The panel is closed: its logs are kept for the next one (see ParsedLogCache). */
  dispose(): void {
    for (const run of this.runs) this.release(run);
    this.runs = [];
  }

  private release(run: SessionRun): void {
    for (const log of LOGS) this.logCache.keep(run.logs[log]);
  }

  private get logCache(): ParsedLogCache {
    return this.opts.logCache ?? sharedLogCache;
  }

  setOptions(options: ViewOptions): void {
    const smoothing = Math.min(0.99, Math.max(0, Number(options.smoothing) || 0));
    const xAxis = options.xAxis === 'relative' || options.xAxis === 'wall' ? options.xAxis : 'auto';
    // A zoomed range is in the units of the old x axis: it does not carry over to another.
    if (xAxis !== this.options.xAxis) for (const request of this.shown.values()) delete request.range;
    this.options = { xAxis, smoothing };
    this.liveRanges.clear();
  }

  setDirection(log: LogName, key: string, direction: Direction | null): void {
    this.directions.set(`${log}|${key}`, direction);
  }

  /** Reads what the followed logs gained since the last poll; returns what changed for the panel. */
  async poll(): Promise<PollResult> {
    const grown = new Set<SessionRun>();
    let modelChanged = false;
    await Promise.all(
      this.runs.flatMap((run) =>
        LOGS.map(async (log) => {
          const follower = run.logs[log];
          const problem = follower.problem;
          const notes = follower.notes.length;
          const { added, reset } = await follower.read();
          if (added > 0 || reset) grown.add(run);
          if (reset || follower.problem !== problem || follower.notes.length !== notes) modelChanged = true;
        }),
      ),
    );
    if (grown.size > 0) modelChanged = true;
    const charts: ChartData[] = [];
    for (const request of this.shown.values()) {
      const changed = this.chartInfo(request.key)?.series.filter((s) => grown.has(this.runById(s.run) as SessionRun));
      if (!changed || changed.length === 0) continue;
      const data = this.chartData(
        request,
        changed.map((s) => s.id),
      );
      if (data) charts.push(data);
    }
    return { modelChanged, charts };
  }

  /** Re-reads the runs' status (a running run may have ended) and plots; true when anything the panel shows changed. */
  async refreshRuns(): Promise<boolean> {
    let changed = false;
    await Promise.all(
      this.runs.map(async (run) => {
        // A finished or failed run keeps its status; for it, only whether it still exists is looked at.
        if (!run.gone && (run.info.status === 'finished' || run.info.status === 'failed')) {
          const exists = await fs.stat(run.info.path).then(
            (st) => st.isDirectory(),
            () => false,
          );
          if (exists) {
            const before = run.plots.names.join('\n');
            await this.readPlots(run);
            if (run.plots.names.join('\n') !== before) changed = true;
            return;
          }
        }
        const read = await readRun(this.experimentDir, run.id, this.opts);
        if (!read || 'reason' in read) {
          if (!run.gone) changed = true;
          run.gone = true;
          return;
        }
        if (run.gone || read.status !== run.info.status || read.statusReason !== run.info.statusReason) changed = true;
        run.gone = false;
        run.info = read;
        run.args = argsOf(read);
        const before = run.plots.names.join('\n');
        await this.readPlots(run);
        if (run.plots.names.join('\n') !== before) changed = true;
      }),
    );
    if (changed) await this.checkImages();
    return changed;
  }

  /** Whether any run shown could still change: running, or its logs written lately. */
  get anyRunning(): boolean {
    return this.runs.some((r) => r.info.status === 'running');
  }

  // ---- the model ----

  model(): PanelModel {
    const keys = this.chartKeys();
    const charts: ChartInfo[] = keys.shown.map((key) => this.chartInfo(key) as ChartInfo);
    const colors = runColors(
      this.runs.map((r) => r.id),
      this.places,
    );
    const argColumns = differingArguments(this.runs.map((r) => r.args));
    const columns = this.summaryColumns(keys.shown);
    const now = this.opts.clock?.() ?? Date.now();
    const runs: PanelRun[] = this.runs.map((run, i) => {
      const duration = durationOf(run, now);
      return {
        id: run.id,
        name: run.info.name,
        date: formatLocalDateTime(run.info.startedAt).slice(0, 16),
        color: colors[i],
        status: run.info.status,
        statusReason: run.info.statusReason,
        durationMs: duration,
        duration: duration === undefined ? undefined : formatDuration(duration),
        args: argColumns.values[i],
        notes: this.runNotes(run),
        gone: run.gone,
      };
    });
    const cells = this.runs.map((run) =>
      columns.map((c): SummaryCell | undefined => {
        const table = run.logs[c.log].table;
        if (!table.numeric.has(c.key)) return undefined;
        const id = `${c.log}|${c.key}`;
        const state = advanceSummary(table, c.key, c.direction, run.summaries.get(id));
        run.summaries.set(id, state);
        return toCell(summaryOf(state));
      }),
    );
    const grid = plotGrid(this.runs.map((r) => r.plots));
    const plotCells = grid.names.map((name) =>
      this.runs.map((run) => (run.plots.names.includes(name) ? this.imageChecks.get(path.join(run.info.path, 'plots', name)) : undefined)),
    );
    const notes: string[] = [];
    if (keys.hidden > 0) {
      notes.push(
        `${keys.total.toLocaleString('en-US')} metric keys were found; the first ${MAX_CHARTS} (in the order they were first logged) ` +
          `are charted and summarised, the other ${keys.hidden.toLocaleString('en-US')} are left out.`,
      );
    }
    if (grid.hidden > 0) notes.push(`${grid.hidden} more plot names are not shown (the first ${grid.names.length} are, by name).`);
    for (const run of this.runs)
      if (run.plots.cut) notes.push(`${run.info.name}: plots/ holds too many files; only its first entries were looked at.`);
    return {
      type: 'model',
      version: ++this.version,
      experiment: { dir: this.experimentDir, name: path.basename(this.experimentDir) },
      runs,
      argNames: argColumns.names,
      charts,
      chartsHidden: keys.hidden,
      columns,
      cells,
      plots: { names: grid.names, hidden: grid.hidden, cells: plotCells },
      notes,
      options: this.viewOptions,
    };
  }

  /** The summary table as CSV: one row per run, columns as in the panel, runs in the given order (ids). */
  summaryRows(order?: readonly string[]): { header: string[]; rows: (string | number | undefined)[][] } {
    const model = this.model();
    const header = ['run', 'folder', 'status', 'duration_s', ...model.argNames.map((n) => `arg:${n}`)];
    for (const c of model.columns) {
      const name = c.log === 'train' ? c.key : `${c.key} (eval)`;
      header.push(`${name}:last`, `${name}:best${c.direction ? ` (${c.direction})` : ''}`, `${name}:best_at`);
    }
    const index = new Map(model.runs.map((r, i) => [r.id, i]));
    const ids = order?.filter((id) => index.has(id)) ?? model.runs.map((r) => r.id);
    const rows = ids.map((id) => {
      const i = index.get(id) as number;
      const run = model.runs[i];
      const row: (string | number | undefined)[] = [
        run.name,
        run.id,
        run.status,
        run.durationMs === undefined ? undefined : Math.round(run.durationMs / 1000),
        ...run.args,
      ];
      model.columns.forEach((_c, j) => {
        const cell = model.cells[i][j];
        row.push(cell?.last, cell?.best, cell?.bestAt ? `${cell.bestAt.kind} ${cell.bestAt.value}` : undefined);
      });
      return row;
    });
    return { header, rows };
  }

  // ---- chart data ----

  /** The data of the charts the panel shows, again (after the x axis or the smoothing changed). */
  shownChartData(): ChartData[] {
    return [...this.shown.values()].flatMap((r) => this.chartData(r) ?? []);
  }

  /** Remembers the charts the panel shows and returns their data. */
  showCharts(requests: readonly ChartRequest[]): ChartData[] {
    this.shown = new Map(requests.filter((r) => this.keyShown(r.key)).map((r) => [r.key, r]));
    return [...this.shown.values()].flatMap((r) => this.chartData(r) ?? []);
  }

  /** The data of one chart, reduced to its width, for the range asked (all of it when none); `only`: these series. */
  chartData(request: ChartRequest, only?: readonly string[]): ChartData | undefined {
    const info = this.chartInfo(request.key);
    if (!info) return undefined;
    const axis = this.axisOf(info);
    const points = info.series.map((s) => ({ s, points: this.points(s, info.key, axis) }));
    const columns = Math.max(16, Math.min(MAX_COLUMNS, Math.floor(request.width) || 600));
    let lo: number;
    let hi: number;
    const zoomed = Array.isArray(request.range) && request.range.length === 2 && request.range[1] > request.range[0];
    if (zoomed) {
      [lo, hi] = request.range as [number, number];
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const { points: p } of points) {
        const n = p.order ? p.order.length : p.x.length;
        if (n === 0) continue;
        min = Math.min(min, p.x[p.order ? p.order[0] : 0]);
        max = Math.max(max, p.x[p.order ? p.order[n - 1] : n - 1]);
      }
      if (!Number.isFinite(min)) {
        min = 0;
        max = 1;
      }
      [lo, hi] = this.liveRange(request.key, axis, min, max);
    }
    const range = { lo, hi, columns };
    const series: SeriesData[] = [];
    for (const { s, points: p } of points) {
      if (only && !only.includes(s.id)) continue;
      const cached = this.cached(s, info.key);
      cached.raw = reduceSeries(p.x, p.y, range, p.order, cached.raw);
      const data: SeriesData = { id: s.id, raw: cached.raw.data, total: p.y.length };
      if (this.options.smoothing > 0) {
        const values = this.smoothed(cached);
        cached.smoothed = reduceSeries(p.x, values, range, p.order, cached.smoothed);
        data.smooth = cached.smoothed.data;
      }
      series.push(data);
    }
    return { type: 'chartData', key: request.key, axis, grid: range, zoomed, partial: only !== undefined, series };
  }

  /**
   * The full x range of a chart. Once a series grows past it, the range reaches a quarter further, so that the
   * following points of a live run fall inside it and only the columns they land in are computed again.
   */
  private liveRange(key: string, axis: AxisKind, min: number, max: number): [number, number] {
    const kept = this.liveRanges.get(key);
    if (kept && kept.axis === axis && kept.lo === min && max <= kept.hi && max >= kept.max) return [kept.lo, kept.hi];
    const grown = kept !== undefined && kept.axis === axis && kept.lo === min && max > kept.hi;
    const hi = grown ? max + Math.max((max - min) * LIVE_HEADROOM, 1e-9) : max;
    this.liveRanges.set(key, { axis, lo: min, hi, max });
    return [min, hi];
  }

  // ---- internals ----

  private runById(id: string): SessionRun | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** Metric keys in order of first appearance (train logs first, runs in order), without the x-axis keys. */
  private chartKeys(): { shown: string[]; hidden: number; total: number } {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const log of LOGS) {
      for (const run of this.runs) {
        const table = run.logs[log].table;
        for (const key of table.keyOrder) {
          if (seen.has(key) || !table.numeric.has(key) || key === STEP_KEY || key === EPOCH_KEY) continue;
          seen.add(key);
          keys.push(key);
        }
      }
    }
    return { shown: keys.slice(0, MAX_CHARTS), hidden: Math.max(0, keys.length - MAX_CHARTS), total: keys.length };
  }

  private keyShown(key: string): boolean {
    return this.chartKeys().shown.includes(key);
  }

  private chartInfo(key: string): ChartInfo | undefined {
    const series: SeriesInfo[] = [];
    for (const run of this.runs) {
      for (const log of LOGS) {
        const col = run.logs[log].table.numeric.get(key);
        if (col && col.rows.length > 0) series.push({ id: `${run.id}|${log}`, run: run.id, log, points: col.rows.length });
      }
    }
    return series.length > 0 ? { key, series } : undefined;
  }

  /** The x axis of a chart: the chosen time axis, or in `auto` step if every point has one, else epoch, else line. */
  private axisOf(info: ChartInfo): AxisKind {
    if (this.options.xAxis !== 'auto') return this.options.xAxis;
    for (const kind of ['step', 'epoch'] as const) {
      const covered = info.series.every((s) => {
        const run = this.runById(s.run) as SessionRun;
        return axisCovers(run.logs[s.log].table, info.key, kind, this.axisContext(run, s.log, kind).fallback);
      });
      if (covered) return kind;
    }
    return 'line';
  }

  private points(s: SeriesInfo, key: string, axis: AxisKind): SeriesPoints {
    const run = this.runById(s.run) as SessionRun;
    const table = run.logs[s.log].table;
    const context = this.axisContext(run, s.log, axis);
    const cacheKey = `${s.log}|${key}`;
    const cached = run.series.get(cacheKey);
    const contextKey = `${axis}|${context.fallback}|${context.t0}`;
    const reusable = cached && cached.table === table && cached.context === contextKey;
    if (reusable && cached.rows === table.rowCount) return cached.points;
    // A log that grew: only its new values are added (and smoothed again: the smoothed curve depends on all of them).
    const points = seriesPoints(table, key, axis, context, reusable ? cached.points : undefined);
    run.series.set(
      cacheKey,
      reusable ? { ...cached, rows: table.rowCount, points } : { table, rows: table.rowCount, context: contextKey, points },
    );
    return points;
  }

  private cached(s: SeriesInfo, key: string): CachedSeries {
    return (this.runById(s.run) as SessionRun).series.get(`${s.log}|${key}`) as CachedSeries;
  }

  private smoothed(cached: CachedSeries): Float64Array {
    const weight = this.options.smoothing;
    if (cached.smooth?.weight !== weight) {
      cached.smooth = new SmoothedValues(weight);
      cached.smoothed = undefined;
    }
    return cached.smooth.extend(cached.points.y);
  }

  private axisContext(run: SessionRun, log: LogName, axis: AxisKind): { fallback?: number; t0?: number } {
    if (axis === 'relative') {
      const t0 = firstTime(run.logs.train.table) ?? firstTime(run.logs.eval.table);
      return { t0 };
    }
    if (log === 'eval' && (axis === 'step' || axis === 'epoch')) return { fallback: lastX(run.logs.train.table, axis) };
    return {};
  }

  private summaryColumns(keys: readonly string[]): SummaryColumn[] {
    const columns: SummaryColumn[] = [];
    for (const log of LOGS) {
      for (const key of keys) {
        if (!this.runs.some((r) => r.logs[log].table.numeric.has(key))) continue;
        const chosen = this.directions.get(`${log}|${key}`);
        columns.push({
          key,
          log,
          direction: chosen === undefined ? directionOf(key) : (chosen ?? undefined),
          guessed: chosen === undefined,
        });
      }
    }
    return columns;
  }

  private runNotes(run: SessionRun): string[] {
    const notes = [...run.info.problems];
    if (run.gone) notes.push('This run folder was deleted; the panel shows what was read before.');
    for (const log of LOGS) {
      const f = run.logs[log];
      // A run without an eval log is normal; a missing train log is already said by the run's status.
      if (f.problem && !(f.missing && !f.seen)) notes.push(`${f.name}: ${f.problem}.`);
      notes.push(...f.notes);
      const t = f.table;
      if (t.invalidLines > 0)
        notes.push(
          `${f.name}: ${t.invalidLines} metric ${t.invalidLines === 1 ? 'line is' : 'lines are'} not a JSON object and ${t.invalidLines === 1 ? 'was' : 'were'} skipped (the first at line ${t.firstInvalidLine}).`,
        );
      if (t.longLines > 0)
        notes.push(
          `${f.name}: ${t.longLines} ${t.longLines === 1 ? 'line is' : 'lines are'} longer than 1 MiB and ${t.longLines === 1 ? 'was' : 'were'} skipped unread.`,
        );
      if (t.droppedKeys > 0)
        notes.push(`${f.name}: more than ${t.keyCount} distinct keys; ${t.droppedKeys.toLocaleString('en-US')} more were left out.`);
      if (t.skippedValues > 0) notes.push(`${f.name}: ${t.skippedValues} values are lists or nested too deeply and are not charted.`);
    }
    if (run.plots.problem) notes.push(run.plots.problem);
    return notes;
  }

  private async readPlots(run: SessionRun): Promise<void> {
    run.plots = await listRunPlots(run.info.path, this.boundary);
  }

  /** Opens and checks the images the grid shows that were not checked yet. */
  private async checkImages(): Promise<void> {
    const grid = plotGrid(this.runs.map((r) => r.plots));
    const todo: string[] = [];
    for (const name of grid.names)
      for (const run of this.runs) {
        const file = path.join(run.info.path, 'plots', name);
        if (run.plots.names.includes(name) && !this.imageChecks.has(file)) todo.push(file);
      }
    for (let i = 0; i < todo.length; i += 16) {
      await Promise.all(
        todo.slice(i, i + 16).map(async (file) => {
          const check = await checkImage(file, this.boundary);
          this.imageChecks.set(file, check.ok ? { path: file } : { path: file, problem: check.problem });
        }),
      );
    }
  }
}

function argsOf(run: RunInfo): Map<string, string> | undefined {
  const argv = run.record?.train?.argv;
  return argv ? scriptArguments(argv) : undefined;
}

function firstTime(table: MetricTable): number | undefined {
  for (let i = 0; i < table.time.length; i++) if (Number.isFinite(table.time.at(i))) return table.time.at(i);
  return undefined;
}

/** How long train ran: from the record when there is one, else from the folder's time to the last logged line. */
function durationOf(run: SessionRun, now: number): number | undefined {
  const train = run.info.record?.train;
  const start = train ? Date.parse(train.startedAt) : run.info.startedAt.getTime();
  let end: number | undefined;
  if (train?.endedAt) end = Date.parse(train.endedAt);
  else if (run.info.status === 'running') end = now;
  else {
    const times = run.logs.train.table.time;
    for (let i = times.length - 1; i >= 0 && end === undefined; i--) if (Number.isFinite(times.at(i))) end = times.at(i);
  }
  if (end === undefined || !Number.isFinite(start) || end < start) return undefined;
  return end - start;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function toCell(summary: MetricSummary): SummaryCell {
  const cell: SummaryCell = { count: summary.count };
  if (summary.last !== undefined) cell.last = summary.last;
  if (summary.best !== undefined) cell.best = summary.best;
  if (summary.bestAt) cell.bestAt = summary.bestAt;
  return cell;
}
