// The summary table above the charts: one row per run with its status, duration and the arguments that differ, then
// per metric the last value, the best one (in the direction shown in the column's header, which a click switches) and
// where it was reached. Columns sort on click; the rows can be saved as CSV.
import type { Direction } from '#core/metrics/direction';
import type { PanelModel, PanelRun, SummaryCell, SummaryColumn } from '#core/metrics/protocol';
import { formatMetricValue, STATUS_LABELS } from '#core/runs/runDisplay';
import { h, swatch } from './dom';

export interface SummaryHost {
  setDirection(column: SummaryColumn, direction: Direction | null): void;
  exportCsv(order: string[]): void;
  sortChanged(sort: { column: string; descending: boolean } | undefined): void;
  openLog(run: string, log: 'train' | 'eval'): void;
}

type SortValue = number | string | undefined;

const DIRECTION_LABEL: Record<Direction, string> = { min: '↓ min', max: '↑ max' };

export class SummaryTable {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private model: PanelModel | undefined;

  constructor(
    private readonly host: SummaryHost,
    private sort: { column: string; descending: boolean } | undefined,
  ) {
    this.table = h('table', { class: 'summary' });
    const exportButton = h(
      'button',
      { class: 'button secondary', title: 'Save this table as a CSV file', onclick: () => this.host.exportCsv(this.order()) },
      'Export CSV',
    );
    this.element = h(
      'section',
      { class: 'summary-section', 'aria-label': 'Summary' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Summary'), exportButton),
      h('div', { class: 'table-scroll' }, this.table),
    );
  }

  setModel(model: PanelModel): void {
    this.model = model;
    this.render();
  }

  /** Run ids in the order the table shows them. */
  order(): string[] {
    const model = this.model;
    if (!model) return [];
    const ids = model.runs.map((r) => r.id);
    if (!this.sort) return ids;
    const { column, descending } = this.sort;
    const value = (i: number): SortValue => this.sortValue(model, i, column);
    const indices = ids.map((_, i) => i);
    indices.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === undefined || vb === undefined) return va === vb ? a - b : va === undefined ? 1 : -1;
      const c =
        typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), undefined, { numeric: true });
      return (descending ? -c : c) || a - b;
    });
    return indices.map((i) => ids[i]);
  }

  private sortValue(model: PanelModel, i: number, column: string): SortValue {
    const run = model.runs[i];
    if (column === 'run') return run.name;
    if (column === 'date') return run.date;
    if (column === 'status') return run.status;
    if (column === 'duration') return run.durationMs;
    if (column.startsWith('arg:')) {
      const v = run.args[model.argNames.indexOf(column.slice(4))];
      return v === undefined || v === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : v;
    }
    const [log, key, part] = column.split('|');
    const j = model.columns.findIndex((c) => c.log === log && c.key === key);
    const cell = j >= 0 ? model.cells[i][j] : undefined;
    const v = part === 'last' ? cell?.last : part === 'best' ? cell?.best : cell?.bestAt?.value;
    return v === undefined || Number.isNaN(v) ? undefined : v;
  }

  private render(): void {
    const model = this.model as PanelModel;
    const sortable = (column: string, label: string, title?: string) => {
      const active = this.sort?.column === column;
      return h(
        'button',
        {
          class: 'sort' + (active ? ' active' : ''),
          title: title ?? `Sort by ${label}`,
          'aria-sort': active ? (this.sort?.descending ? 'descending' : 'ascending') : undefined,
          onclick: () => {
            this.sort = active && this.sort?.descending ? undefined : { column, descending: active };
            this.host.sortChanged(this.sort);
            this.render();
          },
        },
        label,
        active ? (this.sort?.descending ? ' ▾' : ' ▴') : '',
      );
    };
    const head1 = h(
      'tr',
      {},
      h('th', { rowspan: '2' }, sortable('run', 'Run')),
      h('th', { rowspan: '2' }, sortable('status', 'Status')),
      h('th', { rowspan: '2' }, sortable('duration', 'Duration')),
    );
    for (const name of model.argNames)
      head1.append(
        h(
          'th',
          { rowspan: '2', class: 'arg', title: `Argument --${name} (differs between the runs)` },
          sortable(`arg:${name}`, `--${name}`),
        ),
      );
    const head2 = h('tr', {});
    for (const column of model.columns) {
      const id = `${column.log}|${column.key}`;
      const next: Direction | null = column.direction === 'min' ? 'max' : column.direction === 'max' ? null : 'min';
      const directionButton = h(
        'button',
        {
          class: 'direction',
          data: { column: id },
          title: `Best means ${column.direction === 'min' ? 'lowest' : column.direction === 'max' ? 'highest' : 'nothing yet'}${column.guessed ? ' (guessed from the name)' : ''}; click for ${next === null ? 'none' : next === 'min' ? 'lowest' : 'highest'}`,
          onclick: () => this.host.setDirection(column, next),
        },
        column.direction ? DIRECTION_LABEL[column.direction] : 'best: ?',
      );
      head1.append(
        h(
          'th',
          { colspan: '3', class: 'metric-head', data: { column: id } },
          h('span', { class: 'metric-name' }, column.log === 'eval' ? `${column.key} (eval)` : column.key),
          ' ',
          directionButton,
        ),
      );
      head2.append(
        h('th', {}, sortable(`${id}|last`, 'last')),
        h('th', {}, sortable(`${id}|best`, 'best')),
        h('th', {}, sortable(`${id}|at`, 'at', 'Where the best value was reached')),
      );
    }
    const body = h('tbody', {});
    const index = new Map(model.runs.map((r, i) => [r.id, i]));
    for (const id of this.order()) {
      const i = index.get(id) as number;
      body.append(this.row(model, model.runs[i], i));
    }
    if (model.runs.length === 0)
      body.append(h('tr', {}, h('td', { colspan: String(3 + model.argNames.length + 3 * model.columns.length) }, 'No run selected.')));
    this.table.replaceChildren(h('thead', {}, head1, head2), body);
  }

  private row(model: PanelModel, run: PanelRun, i: number): HTMLTableRowElement {
    const tr = h(
      'tr',
      { data: { run: run.id }, class: run.gone ? 'gone' : undefined },
      h(
        'th',
        { scope: 'row', class: 'run-cell' },
        swatch(run.color),
        h(
          'button',
          { class: 'run-name', title: `${run.id}: open its train log`, onclick: () => this.host.openLog(run.id, 'train') },
          run.name,
        ),
        h('span', { class: 'run-date' }, run.date),
      ),
      h('td', { class: `status status-${run.status}`, title: run.statusReason ?? '' }, run.gone ? 'deleted' : STATUS_LABELS[run.status]),
      h('td', { class: 'num' }, run.duration ?? '—'),
    );
    model.argNames.forEach((name, j) => {
      const v = run.args[j];
      tr.append(
        h(
          'td',
          { class: 'arg', title: v === undefined ? 'no launcher record: arguments unknown' : v === '' ? 'not given' : `--${name} ${v}` },
          v === undefined ? '?' : v === '' ? '—' : v,
        ),
      );
    });
    model.columns.forEach((column, j) => {
      const cell: SummaryCell | undefined = model.cells[i][j];
      const id = `${column.log}|${column.key}`;
      tr.append(
        numberCell(cell?.last, `${id}|last`),
        numberCell(cell?.best, `${id}|best`, 'best'),
        h(
          'td',
          { class: 'num at', data: { column: `${id}|at` } },
          cell?.bestAt ? `${cell.bestAt.kind} ${formatMetricValue(cell.bestAt.value)}` : '',
        ),
      );
    });
    return tr;
  }
}

function numberCell(value: number | undefined, column: string, extra = ''): HTMLTableCellElement {
  const td = h('td', { class: `num ${extra}`.trim(), data: { column } }, value === undefined ? '' : formatMetricValue(value));
  if (value !== undefined) {
    td.dataset.value = String(value);
    td.title = String(value);
  }
  return td;
}
