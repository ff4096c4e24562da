// The messages between the extension and the metrics panel's webview. The extension holds the runs' full series and
// sends the panel what it draws: the model (runs, charts, summary, plots, notes) and, per chart the panel shows,
// at most two points per pixel column of the range shown. Types only: the webview bundle imports this file too.
import type { Direction } from './direction';
import type { Downsampled } from './downsample';
import type { AxisKind } from './seriesPoints';
import type { RunStatus } from '#core/runs/types';

export const METRICS_VIEW_TYPE = 'experimentScripts.metrics';

export type LogName = 'train' | 'eval';
export type XAxisChoice = 'auto' | 'relative' | 'wall';

export interface ViewOptions {
  /** `auto`: step, else epoch, else line number; or time since the run's first line, or the wall clock. */
  xAxis: XAxisChoice;
  /** Smoothing weight in [0, 0.99]; 0 is none. */
  smoothing: number;
}

export interface PanelRun {
  /** The run's folder name, unique within the experiment. */
  id: string;
  /** Its descriptive name. */
  name: string;
  /** Its start, local time, `2025-02-02 14:30`. */
  date: string;
  color: string;
  status: RunStatus;
  statusReason?: string;
  /** How long train ran (or has been running), in words; undefined when not known. */
  duration?: string;
  durationMs?: number;
  /** Per argument name of the model: the value, '' when not given, undefined when the run's arguments are unknown. */
  args: (string | undefined)[];
  /** Problems and notes about this run's files, in words. */
  notes: string[];
  /** The run's folder no longer exists; what was read before is still shown. */
  gone: boolean;
}

export interface SeriesInfo {
  /** `<run id>|<log>`. */
  id: string;
  run: string;
  log: LogName;
  /** Values logged for this chart's key. */
  points: number;
}

export interface ChartInfo {
  key: string;
  series: SeriesInfo[];
}

export interface SummaryColumn {
  key: string;
  log: LogName;
  direction: Direction | undefined;
  /** Whether the direction is the name-based guess (false: chosen in the panel). */
  guessed: boolean;
}

export interface SummaryCell {
  last?: number;
  best?: number;
  bestAt?: { kind: 'step' | 'epoch' | 'line'; value: number };
  count: number;
}

export interface PlotCell {
  /** Absolute path of the image. */
  path: string;
  /** The webview's address of the image (filled in by the extension); absent when it is not shown. */
  src?: string;
  /** Why it is not shown. */
  problem?: string;
}

export interface PanelModel {
  type: 'model';
  /** Increases with every model sent. */
  version: number;
  experiment: { dir: string; name: string };
  runs: PanelRun[];
  argNames: string[];
  charts: ChartInfo[];
  /** Metric keys found but not charted (beyond the first MAX_CHARTS). */
  chartsHidden: number;
  columns: SummaryColumn[];
  /** Per run, per column. */
  cells: (SummaryCell | undefined)[][];
  plots: {
    names: string[];
    hidden: number;
    /** Per name, per run; undefined where the run has no such plot. */
    cells: (PlotCell | undefined)[][];
  };
  notes: string[];
  options: ViewOptions;
}

export interface ChartRequest {
  key: string;
  /** Drawing width in device pixels: the number of columns the data is reduced to. */
  width: number;
  /** The x range zoomed into, or undefined for all of it. */
  range?: [number, number];
}

export interface SeriesData {
  /** `<run id>|<log>`, as in SeriesInfo. */
  id: string;
  raw: Downsampled;
  /** The smoothed curve, when smoothing is on. */
  smooth?: Downsampled;
  /** Points of the full series, before reduction. */
  total: number;
}

export interface ChartData {
  type: 'chartData';
  key: string;
  axis: AxisKind;
  /** The grid the slots of the series refer to. */
  grid: { lo: number; hi: number; columns: number };
  zoomed: boolean;
  /** Only the series that changed (after a live append); the others are as last sent. */
  partial: boolean;
  series: SeriesData[];
}

export type HostMessage = PanelModel | ChartData | { type: 'error'; message: string };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'options'; options: ViewOptions }
  | { type: 'charts'; requests: ChartRequest[] }
  | { type: 'direction'; key: string; log: LogName; direction: Direction | null }
  | { type: 'exportCsv'; order: string[] }
  | { type: 'openPlot'; path: string }
  | { type: 'openLog'; run: string; log: LogName };
