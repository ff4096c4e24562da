// The charts section: one ChartView per metric key, created as the model lists them. Only the charts on screen (or
// about to be) ask the extension for data, with their width in pixels and their zoomed range, so a panel with fifty
// charts does not pull fifty charts' data at once.
import type { ChartData, PanelModel, PanelRun } from '#core/metrics/protocol';
import { ChartView, type ChartLook } from './chartView';
import { h } from './dom';

export interface ChartGridHost {
  /** The charts on screen changed: these want data. */
  request(requests: { key: string; width: number; range?: [number, number] }[]): void;
  zoomChanged(key: string, range: [number, number] | undefined): void;
  look(): ChartLook;
  zoomOf(key: string): [number, number] | undefined;
}

export class ChartGrid {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly note: HTMLElement;
  private readonly views = new Map<string, ChartView>();
  private readonly visible = new Set<string>();
  private readonly observer: IntersectionObserver;
  private readonly resize: ResizeObserver;
  private pending: number | undefined;
  private lastSent = '';
  private widths = new Map<string, number>();

  constructor(private readonly host: ChartGridHost) {
    this.grid = h('div', { class: 'chart-grid' });
    this.note = h('p', { class: 'note' });
    this.note.hidden = true;
    this.element = h('section', { class: 'charts', 'aria-label': 'Charts' }, this.grid, this.note);
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const key = (e.target as HTMLElement).dataset.key ?? '';
          if (e.isIntersecting) this.visible.add(key);
          else this.visible.delete(key);
        }
        this.scheduleRequest();
      },
      { rootMargin: '300px 0px' },
    );
    this.resize = new ResizeObserver(() => {
      // A width that changed by more than a few pixels asks for data at the new width.
      let changed = false;
      for (const key of this.visible) {
        const view = this.views.get(key);
        if (view && Math.abs((this.widths.get(key) ?? 0) - view.pixelWidth) > 8) changed = true;
      }
      if (changed) {
        this.lastSent = '';
        for (const view of this.views.values()) view.restyle(this.host.look());
        this.scheduleRequest();
      }
    });
    this.resize.observe(this.grid);
  }

  setModel(model: PanelModel): void {
    const runs = new Map<string, PanelRun>(model.runs.map((r) => [r.id, r]));
    const keys = model.charts.map((c) => c.key);
    for (const [key, view] of this.views) {
      if (!keys.includes(key)) {
        this.observer.unobserve(view.element);
        view.destroy();
        view.element.remove();
        this.views.delete(key);
        this.visible.delete(key);
      }
    }
    model.charts.forEach((info) => {
      let view = this.views.get(info.key);
      if (!view) {
        view = new ChartView(info.key, { zoom: (key, range) => this.host.zoomChanged(key, range) });
        this.views.set(info.key, view);
        this.observer.observe(view.element);
      }
      view.setInfo(info, runs);
      this.grid.append(view.element); // keeps the model's order
    });
    this.note.hidden = model.chartsHidden === 0;
    this.note.textContent =
      model.chartsHidden > 0
        ? `${model.chartsHidden.toLocaleString('en-US')} more metric keys are not charted (the first ${model.charts.length} are).`
        : '';
    if (model.charts.length === 0) {
      this.note.hidden = false;
      this.note.textContent =
        model.runs.length === 0 ? 'No run selected.' : 'No metric lines yet: the selected runs’ logs hold no `metric {json}` line.';
    }
    // Charts whose runs changed need new data; the others are updated by the extension as their runs log.
    if ([...this.visible].some((key) => this.views.get(key)?.needsData)) {
      this.lastSent = '';
      this.scheduleRequest();
    }
  }

  setData(data: ChartData): void {
    this.views.get(data.key)?.setData(data, this.host.look());
  }

  /** Draws every chart again (theme, log scale or smoothing changed). */
  restyle(): void {
    for (const view of this.views.values()) view.restyle(this.host.look());
  }

  /** Asks again for every visible chart's data (the x axis or smoothing changed, or a zoom). */
  refresh(): void {
    this.lastSent = '';
    this.scheduleRequest();
  }

  private scheduleRequest(): void {
    if (this.pending !== undefined) return;
    this.pending = window.setTimeout(() => {
      this.pending = undefined;
      const requests = [...this.visible]
        .filter((key) => this.views.has(key))
        .map((key) => {
          const view = this.views.get(key) as ChartView;
          const width = view.pixelWidth;
          this.widths.set(key, width);
          return { key, width, range: this.host.zoomOf(key) };
        });
      const signature = JSON.stringify(requests);
      if (signature === this.lastSent) return;
      this.lastSent = signature;
      this.host.request(requests);
    }, 30);
  }
}
