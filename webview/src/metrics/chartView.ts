// One chart of the panel: one metric key, every selected run overlaid (its train log as a solid line, its eval log
// dashed with points), drawn by uPlot from the reduced series the extension sends. Drag selects an x range to zoom
// into (the extension then sends that slice at full detail), double-click goes back to the whole range, hovering
// lists every run's value at the cursor.
import uPlot from 'uplot';
import type { ChartData, ChartInfo, PanelRun, SeriesData } from '#core/metrics/protocol';
import type { Downsampled } from '#core/metrics/downsample';
import type { AxisKind } from '#core/metrics/seriesPoints';
import { formatMetricValue } from '#core/runs/runDisplay';
import { h, swatch } from './dom';

const HEIGHT = 220;
const AXIS_LABELS: Record<AxisKind, string> = {
  step: 'step',
  epoch: 'epoch',
  line: 'line of the log',
  relative: 'time since the run’s first line',
  wall: 'time',
};

export interface ChartCallbacks {
  /** The user zoomed into [lo, hi], or back out (undefined). */
  zoom(key: string, range: [number, number] | undefined): void;
}

export interface ChartLook {
  logY: boolean;
  smoothing: boolean;
  /** Colours from the theme. */
  foreground: string;
  grid: string;
  highContrast: boolean;
}

/** The series of one chart as drawn: the uPlot series indices of its raw and smoothed curves. */
interface DrawnSeries {
  data: SeriesData;
  run: PanelRun;
  eval: boolean;
  /** Positions (x on the shared grid) of the raw points, ascending, for the hover. */
  positions: Float64Array;
  /** The same for the smoothed curve. */
  smoothPositions: Float64Array;
}

export class ChartView {
  readonly element: HTMLElement;
  private readonly plotBox: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly title: HTMLElement;
  private plot: uPlot | undefined;
  private info: ChartInfo | undefined;
  private runs = new Map<string, PanelRun>();
  private series = new Map<string, SeriesData>();
  private data: ChartData | undefined;
  private drawn: DrawnSeries[] = [];
  private look: ChartLook | undefined;
  /** Series ids the last data covered: when the model's differ, new data is needed. */
  private dataIds = '';
  /** Whether the pointer is over this chart: charts share their cursor, but only the one pointed at lists values. */
  private pointed = false;

  constructor(
    readonly key: string,
    private readonly callbacks: ChartCallbacks,
  ) {
    this.title = h('h3', { class: 'chart-title', title: key }, key);
    this.legend = h('ul', { class: 'chart-legend' });
    this.plotBox = h('div', { class: 'chart-plot' });
    this.tooltip = h('div', { class: 'chart-tooltip', role: 'status' });
    this.tooltip.hidden = true;
    this.element = h('section', { class: 'chart', data: { key } }, this.title, this.plotBox, this.legend, this.tooltip);
    this.plotBox.style.height = `${HEIGHT}px`;
    this.plotBox.addEventListener('pointerenter', () => (this.pointed = true));
    this.plotBox.addEventListener('pointerleave', () => {
      this.pointed = false;
      this.tooltip.hidden = true;
    });
    // The plot follows the card's width (the grid reflows with the panel).
    new ResizeObserver(() => {
      const width = this.plotBox.clientWidth;
      if (this.plot && width > 0 && Math.abs(this.plot.width - width) > 1) this.plot.setSize({ width, height: HEIGHT });
    }).observe(this.plotBox);
  }

  /** The model's view of this chart: which runs have this key. */
  setInfo(info: ChartInfo, runs: Map<string, PanelRun>): void {
    this.info = info;
    this.runs = runs;
    this.renderLegend();
  }

  /** Whether the data drawn is for other series than the model now lists (a run added or removed). */
  get needsData(): boolean {
    return !this.data || this.dataIds !== this.infoIds();
  }

  get zoomed(): [number, number] | undefined {
    return this.data?.zoomed ? [this.data.grid.lo, this.data.grid.hi] : undefined;
  }

  /** Device pixels available to the plot: the number of columns to ask the extension for. */
  get pixelWidth(): number {
    return Math.max(100, Math.round(this.plotBox.clientWidth * (window.devicePixelRatio || 1)));
  }

  setData(data: ChartData, look: ChartLook): void {
    if (data.partial && this.data) {
      for (const s of data.series) this.series.set(s.id, s);
      this.data = { ...data, series: [...this.series.values()], partial: false };
    } else {
      this.series = new Map(data.series.map((s) => [s.id, s]));
      this.data = data;
      this.dataIds = this.infoIds();
    }
    this.draw(look);
  }

  /** Draws again with another look (log scale, theme, smoothing shown or not). */
  restyle(look: ChartLook): void {
    if (this.data) this.draw(look, true);
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }

  private infoIds(): string {
    return (this.info?.series ?? []).map((s) => s.id).join('\n');
  }

  private renderLegend(): void {
    const items = (this.info?.series ?? []).map((s) => {
      const run = this.runs.get(s.run);
      const label = run ? `${run.name} · ${run.date}` : s.run;
      return h(
        'li',
        {
          data: {
            series: s.id,
            run: s.run,
            log: s.log,
            points: this.legend.querySelector<HTMLElement>(`[data-series="${CSS.escape(s.id)}"]`)?.dataset.points ?? '0',
          },
        },
        swatch(run?.color ?? 'currentColor', s.log === 'eval'),
        h('span', { class: 'legend-name' }, label),
        s.log === 'eval' ? h('span', { class: 'legend-log' }, 'eval') : undefined,
      );
    });
    this.legend.replaceChildren(...items);
  }

  private draw(look: ChartLook, restyled = false): void {
    const data = this.data as ChartData;
    const order = (this.info?.series ?? []).map((s) => s.id).filter((id) => this.series.has(id));
    const drawn: DrawnSeries[] = [];
    for (const id of order) {
      const s = this.series.get(id) as SeriesData;
      const run = this.runs.get(id.slice(0, id.lastIndexOf('|')));
      if (!run) continue;
      drawn.push({ data: s, run, eval: id.endsWith('|eval'), positions: new Float64Array(0), smoothPositions: new Float64Array(0) });
    }
    const aligned = align(data, drawn, look);
    // The plot's series (colours, dashes) follow the drawn series one for one: any other order needs a new plot.
    const ids = drawn.map((d) => `${d.data.id}:${d.data.smooth ? 's' : ''}`).join('\n');
    const sameShape =
      !restyled && this.plot && this.look && sameLook(this.look, look) && this.plotIds === ids && this.plotAxis === data.axis;
    this.plotIds = ids;
    this.drawn = drawn;
    this.look = look;
    if (sameShape && this.plot) {
      this.plot.setData(aligned.data, !data.zoomed);
      if (data.zoomed) this.plot.setScale('x', { min: data.grid.lo, max: data.grid.hi });
    } else {
      this.plot?.destroy();
      this.plot = new uPlot(this.options(data, drawn, look), aligned.data, this.plotBox);
      if (data.zoomed) this.plot.setScale('x', { min: data.grid.lo, max: data.grid.hi });
      this.plotAxis = data.axis;
    }
    this.title.textContent = this.key;
    this.title.append(
      h('span', { class: 'chart-axis' }, ` vs ${AXIS_LABELS[data.axis]}${data.zoomed ? ' (zoomed: double-click to see all)' : ''}`),
    );
    for (const item of this.legend.querySelectorAll<HTMLElement>('li')) {
      const count = aligned.counts.get(item.dataset.series ?? '');
      item.dataset.points = String(count ?? 0);
      const total = this.series.get(item.dataset.series ?? '')?.total;
      item.title = total === undefined ? '' : `${total.toLocaleString('en-US')} values logged, ${count ?? 0} drawn at this width`;
    }
    this.element.dataset.drawn = 'true';
    this.element.dataset.axis = data.axis;
  }

  private plotAxis: AxisKind | undefined;
  private plotIds = '';

  private options(data: ChartData, drawn: DrawnSeries[], look: ChartLook): uPlot.Options {
    const width = Math.max(100, this.plotBox.clientWidth);
    const series: uPlot.Series[] = [{}];
    for (const d of drawn) {
      const lonely = d.data.raw.x.length <= 2;
      const line = look.highContrast ? 2 : 1.25;
      series.push({
        label: `${d.run.name}${d.eval ? ' (eval)' : ''}`,
        stroke: look.smoothing ? withAlpha(d.run.color, 0.3) : d.run.color,
        width: line,
        dash: d.eval ? [6, 4] : undefined,
        points: { show: d.eval || lonely, size: 6, fill: d.run.color, stroke: d.run.color },
        spanGaps: false,
      });
      if (look.smoothing && d.data.smooth) {
        series.push({
          label: `${d.run.name} smoothed`,
          stroke: d.run.color,
          width: line + 0.5,
          dash: d.eval ? [6, 4] : undefined,
          points: { show: false },
        });
      }
    }
    const axisStyle = { stroke: look.foreground, grid: { stroke: look.grid, width: 1 }, ticks: { stroke: look.grid, width: 1 } };
    const time = data.axis === 'wall';
    return {
      width,
      height: HEIGHT,
      series,
      legend: { show: false },
      scales: {
        // All points at one x (eval results only): a little room on both sides instead of uPlot's wide default.
        x: { time, range: (u, min, max) => singleX(u) ?? [min, max] },
        y: { distr: look.logY ? 3 : 1 },
      },
      axes: [
        { ...axisStyle, values: time ? undefined : data.axis === 'relative' ? (_u, splits) => splits.map(formatSeconds) : undefined },
        { ...axisStyle, size: 60, values: (_u, splits) => splits.map((v) => (v === null ? '' : formatMetricValue(v))) },
      ],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        sync: { key: `metrics-${data.axis}` },
        bind: {
          dblclick: () => () => {
            this.callbacks.zoom(this.key, undefined);
            return null;
          },
        },
      },
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const lo = u.posToVal(u.select.left, 'x');
            const hi = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            if (hi > lo) this.callbacks.zoom(this.key, [lo, hi]);
          },
        ],
        setCursor: [(u) => this.hover(u)],
      },
    };
  }

  /** Lists every series' value nearest to the cursor's x. */
  private hover(u: uPlot): void {
    const left = u.cursor.left;
    if (!this.pointed || left === undefined || left < 0 || !this.data) {
      this.tooltip.hidden = true;
      return;
    }
    const x = u.posToVal(left, 'x');
    const rows: HTMLElement[] = [];
    for (const d of this.drawn) {
      const i = nearest(d.positions, x);
      // A series with no point near the cursor (an eval result at the end of training) is not listed.
      if (i < 0 || Math.abs(u.valToPos(d.positions[i], 'x') - left) > 24) continue;
      const raw = d.data.raw;
      const value = Number.isNaN(raw.y[i]) ? 'gap (NaN or Infinity)' : formatMetricValue(raw.y[i]);
      const j = this.look?.smoothing && d.data.smooth ? nearest(d.smoothPositions, x) : -1;
      const smooth = j >= 0 && !Number.isNaN(d.data.smooth?.y[j] ?? NaN) ? d.data.smooth?.y[j] : undefined;
      rows.push(
        h(
          'div',
          { class: 'tooltip-row' },
          swatch(d.run.color, d.eval),
          h('span', { class: 'tooltip-name' }, `${d.run.name}${d.eval ? ' (eval)' : ''}`),
          h('span', { class: 'tooltip-value' }, smooth !== undefined ? `${formatMetricValue(smooth)} (raw ${value})` : value),
          h('span', { class: 'tooltip-x' }, `@ ${formatX(raw.x[i], this.data.axis)}`),
        ),
      );
    }
    if (rows.length === 0) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.replaceChildren(
      h('div', { class: 'tooltip-head' }, `${AXIS_LABELS[this.data.axis]} ${formatX(x, this.data.axis)}`),
      ...rows,
    );
    this.tooltip.hidden = false;
    const boxWidth = this.plotBox.clientWidth;
    const placeLeft = left + u.over.offsetLeft > boxWidth / 2;
    this.tooltip.style.left = placeLeft ? '' : `${left + u.over.offsetLeft + 16}px`;
    this.tooltip.style.right = placeLeft ? `${boxWidth - (left + u.over.offsetLeft) + 16}px` : '';
  }
}

/** uPlot's aligned data for the chart: one x array (the grid's slot positions and the edge points), a y array per curve. */
function align(data: ChartData, drawn: DrawnSeries[], look: ChartLook): { data: uPlot.AlignedData; counts: Map<string, number> } {
  const { lo, hi, columns } = data.grid;
  const step = hi > lo ? (hi - lo) / columns / 2 : 0;
  const positionOf = (d: Downsampled, i: number) => (d.slot[i] >= 0 ? lo + (d.slot[i] + 0.5) * step : d.x[i]);
  const all = new Set<number>();
  const curves: Downsampled[] = [];
  for (const s of drawn) {
    curves.push(s.data.raw);
    if (look.smoothing && s.data.smooth) curves.push(s.data.smooth);
    const raw = s.data.raw;
    s.positions = Float64Array.from({ length: raw.x.length }, (_, i) => positionOf(raw, i));
    const smooth = s.data.smooth;
    s.smoothPositions = smooth ? Float64Array.from({ length: smooth.x.length }, (_, i) => positionOf(smooth, i)) : new Float64Array(0);
  }
  for (const d of curves) for (let i = 0; i < d.x.length; i++) all.add(positionOf(d, i));
  const xs = Float64Array.from(all).sort();
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const ys: (number | null | undefined)[][] = [];
  const counts = new Map<string, number>();
  for (const s of drawn) {
    const parts = look.smoothing && s.data.smooth ? [s.data.raw, s.data.smooth] : [s.data.raw];
    for (const d of parts) {
      const y: (number | null | undefined)[] = new Array<number | null | undefined>(xs.length);
      let count = 0;
      for (let i = 0; i < d.x.length; i++) {
        const v = d.y[i];
        const at = index.get(positionOf(d, i)) as number;
        if (Number.isNaN(v)) y[at] = null;
        else if (look.logY && v <= 0) y[at] = undefined;
        else {
          y[at] = v;
          count++;
        }
      }
      if (d === s.data.raw) counts.set(s.data.id, count);
      ys.push(y);
    }
  }
  return { data: [xs, ...ys] as uPlot.AlignedData, counts };
}

/** Index of the position nearest to x, or -1. */
function nearest(positions: Float64Array, x: number): number {
  const n = positions.length;
  if (n === 0) return -1;
  let a = 0;
  let b = n - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (positions[m] <= x) a = m;
    else b = m;
  }
  return Math.abs(positions[a] - x) <= Math.abs(positions[b] - x) ? a : b;
}

/** The x range around the one x value all of a chart's points share (eval results only), or undefined. */
function singleX(u: uPlot): [number, number] | undefined {
  const xs = u.data[0];
  if (xs.length === 0 || xs[0] !== xs[xs.length - 1]) return undefined;
  const pad = Math.max(Math.abs(xs[0]) * 0.05, 1);
  return [xs[0] - pad, xs[0] + pad];
}

function sameLook(a: ChartLook, b: ChartLook): boolean {
  return (
    a.logY === b.logY &&
    a.smoothing === b.smoothing &&
    a.foreground === b.foreground &&
    a.grid === b.grid &&
    a.highContrast === b.highContrast
  );
}

export function formatX(x: number, axis: AxisKind): string {
  if (!Number.isFinite(x)) return '?';
  if (axis === 'wall') {
    const d = new Date(x * 1000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }
  if (axis === 'relative') return formatSeconds(x);
  return Number.isInteger(x) ? String(x) : formatMetricValue(x);
}

function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '';
  const sign = s < 0 ? '-' : '';
  let rest = Math.abs(s);
  if (rest < 60) return `${sign}${Number(rest.toFixed(rest < 10 ? 1 : 0))} s`;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = Math.round(rest - minutes * 60);
  if (hours > 0) return `${sign}${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${sign}${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${m[1]}${a}`;
}
