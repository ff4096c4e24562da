// The metrics panel's page: a toolbar (x axis, log scale, smoothing), notes, the summary table, the charts and the
// plots. The extension sends the model and chart data; the page keeps its own settings (zoom, log scale, sorting,
// scroll) in VS Code's webview state, so hiding the panel or reloading the window brings it back as it was.
import 'uplot/dist/uPlot.min.css';
import './metrics.css';
import type { HostMessage, PanelModel, SummaryColumn, ViewOptions, XAxisChoice } from '#core/metrics/protocol';
import type { Direction } from '#core/metrics/direction';
import { ChartGrid } from './chartGrid';
import type { ChartLook } from './chartView';
import { h } from './dom';
import { PlotGrid } from './plotGrid';
import { SummaryTable } from './summaryTable';
import { loadState, post, saveState, type PanelState } from './vscodeApi';

const saved = loadState();
const state: PanelState = {
  experimentDir: saved.experimentDir ?? '',
  runIds: saved.runIds ?? [],
  options: saved.options ?? { xAxis: 'auto', smoothing: 0 },
  directions: saved.directions ?? [],
  logY: saved.logY ?? false,
  zoom: saved.zoom ?? {},
  sort: saved.sort,
  scrollY: saved.scrollY ?? 0,
};
let model: PanelModel | undefined;

// ---- toolbar ----
const axisSelect = h(
  'select',
  { id: 'x-axis', title: 'What the x axis shows' },
  h('option', { value: 'auto' }, 'step (else epoch, else line)'),
  h('option', { value: 'relative' }, 'time since start'),
  h('option', { value: 'wall' }, 'wall-clock time'),
);
axisSelect.value = state.options.xAxis;
axisSelect.addEventListener('change', () => {
  state.options = { ...state.options, xAxis: axisSelect.value as XAxisChoice };
  state.zoom = {};
  sendOptions();
  charts.refresh();
});
const logCheckbox = h('input', { type: 'checkbox', id: 'log-y' });
logCheckbox.checked = state.logY;
logCheckbox.addEventListener('change', () => {
  state.logY = logCheckbox.checked;
  persist();
  charts.restyle();
});
const smoothing = h('input', {
  type: 'range',
  id: 'smoothing',
  min: '0',
  max: '0.99',
  step: '0.01',
  title: 'Exponential moving average, debiased as in TensorBoard',
});
smoothing.value = String(state.options.smoothing);
const smoothingValue = h('output', { for: 'smoothing', class: 'smoothing-value' }, state.options.smoothing.toFixed(2));
let smoothingTimer: number | undefined;
smoothing.addEventListener('input', () => {
  smoothingValue.textContent = Number(smoothing.value).toFixed(2);
  window.clearTimeout(smoothingTimer);
  smoothingTimer = window.setTimeout(() => {
    state.options = { ...state.options, smoothing: Number(smoothing.value) };
    sendOptions();
  }, 120);
});
const title = h('h1', { class: 'title' }, 'Metrics');
const toolbar = h(
  'header',
  { class: 'toolbar' },
  title,
  h('label', { class: 'control' }, 'x axis ', axisSelect),
  h('label', { class: 'control' }, logCheckbox, ' log scale (y)'),
  h('label', { class: 'control' }, 'smoothing ', smoothing, smoothingValue),
);

// ---- sections ----
const notes = h('section', { class: 'notes', 'aria-label': 'Notes', role: 'status' });
const summary = new SummaryTable(
  {
    setDirection: (column: SummaryColumn, direction: Direction | null) => {
      post({ type: 'direction', key: column.key, log: column.log, direction });
    },
    exportCsv: (order) => post({ type: 'exportCsv', order }),
    sortChanged: (sort) => {
      state.sort = sort;
      persist();
    },
    openLog: (run, log) => post({ type: 'openLog', run, log }),
  },
  state.sort,
);
const charts = new ChartGrid({
  request: (requests) => post({ type: 'charts', requests }),
  zoomChanged: (key, range) => {
    // Charts on the same x axis share their cursor and a selection made in one: a double-click shows all of them again.
    if (range) state.zoom[key] = range;
    else state.zoom = {};
    persist();
    charts.refresh();
  },
  look: () => look(),
  zoomOf: (key) => state.zoom[key],
});
const plots = new PlotGrid((path) => post({ type: 'openPlot', path }));
const legendNote = h(
  'p',
  { class: 'hint' },
  'Drag across a chart to zoom the charts on the same x axis into that range; double-click to see everything again. Hover for every run’s value.',
);
document.body.append(
  h(
    'main',
    { class: 'metrics' },
    toolbar,
    notes,
    summary.element,
    h('div', { class: 'section-head' }, h('h2', {}, 'Charts')),
    legendNote,
    charts.element,
    plots.element,
  ),
);

// ---- messages ----
window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  try {
    if (message.type === 'model') onModel(message);
    else if (message.type === 'chartData') charts.setData(message);
    else if (message.type === 'error') showError(message.message);
  } catch (err) {
    showError(`The panel could not show what it received (${err instanceof Error ? err.message : String(err)}).`);
    throw err;
  }
});

function onModel(next: PanelModel): void {
  const first = model === undefined;
  model = next;
  state.experimentDir = next.experiment.dir;
  state.runIds = next.runs.map((r) => r.id);
  state.options = next.options;
  state.directions = next.columns.filter((c) => !c.guessed).map((c) => [`${c.log}|${c.key}`, c.direction ?? null]);
  for (const key of Object.keys(state.zoom)) if (!next.charts.some((c) => c.key === key)) delete state.zoom[key];
  axisSelect.value = next.options.xAxis;
  if (document.activeElement !== smoothing) {
    smoothing.value = String(next.options.smoothing);
    smoothingValue.textContent = next.options.smoothing.toFixed(2);
  }
  title.textContent = `Metrics · ${next.experiment.name}`;
  title.title = next.experiment.dir;
  renderNotes(next);
  summary.setModel(next);
  charts.setModel(next);
  plots.setModel(next);
  document.body.dataset.version = String(next.version);
  persist();
  if (first && state.scrollY > 0) window.requestAnimationFrame(() => window.scrollTo(0, state.scrollY));
}

function renderNotes(next: PanelModel): void {
  const items: HTMLElement[] = next.notes.map((n) => h('li', {}, n));
  for (const run of next.runs) for (const n of run.notes) items.push(h('li', {}, h('strong', {}, run.name), ': ', n));
  notes.replaceChildren(...(items.length ? [h('ul', {}, ...items)] : []));
  notes.hidden = items.length === 0;
}

function showError(message: string): void {
  notes.hidden = false;
  notes.prepend(h('p', { class: 'error' }, message));
}

function sendOptions(): void {
  persist();
  const options: ViewOptions = state.options;
  post({ type: 'options', options });
}

function persist(): void {
  saveState(state);
}

/** The chart colours of the current theme; VS Code sets the body's class and CSS variables when the theme changes. */
function look(): ChartLook {
  const css = getComputedStyle(document.body);
  const variable = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const highContrast =
    document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    logY: state.logY,
    smoothing: state.options.smoothing > 0,
    foreground: variable('--vscode-foreground', '#888'),
    // The grid in the text colour, faint (stronger in high contrast), whatever the theme.
    grid: translucent(variable('--vscode-foreground', '#888'), highContrast ? 0.45 : 0.14),
    highContrast,
  };
}

/** A CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()) with another opacity; other forms are returned as they are. */
function translucent(color: string, alpha: number): string {
  let m = /^#([0-9a-f]{3,8})$/i.exec(color);
  if (m) {
    const hex = m[1].length <= 4 ? [...m[1].slice(0, 3)].map((c) => c + c).join('') : m[1].slice(0, 6);
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color);
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})` : color;
}

new MutationObserver(() => charts.restyle()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  window.clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => {
    state.scrollY = window.scrollY;
    persist();
  }, 200);
});

post({ type: 'ready' });
