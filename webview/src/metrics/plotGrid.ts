// The runs' plots side by side: one row per plot file name, one column per run. A click opens the image in the editor.
import type { PanelModel, PlotCell } from '#core/metrics/protocol';
import { h, swatch } from './dom';

export class PlotGrid {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(private readonly open: (path: string) => void) {
    this.body = h('div', { class: 'plot-rows' });
    this.element = h(
      'section',
      { class: 'plots', 'aria-label': 'Plots' },
      h('div', { class: 'section-head' }, h('h2', {}, 'Plots')),
      this.body,
    );
  }

  setModel(model: PanelModel): void {
    const { names, hidden, cells } = model.plots;
    this.element.hidden = names.length === 0;
    const head = h('div', { class: 'plot-row plot-head' }, h('div', { class: 'plot-name' }));
    for (const run of model.runs) head.append(h('div', { class: 'plot-cell' }, swatch(run.color), ` ${run.name}`));
    head.style.setProperty('--runs', String(model.runs.length));
    const rows = names.map((name, i) => {
      const row = h('div', { class: 'plot-row', data: { name } }, h('div', { class: 'plot-name', title: name }, name));
      row.style.setProperty('--runs', String(model.runs.length));
      model.runs.forEach((run, j) => row.append(this.cell(cells[i][j], run.id, name)));
      return row;
    });
    const more = hidden > 0 ? h('p', { class: 'note' }, `${hidden} more plot names are not shown.`) : undefined;
    this.body.replaceChildren(head, ...rows, ...(more ? [more] : []));
  }

  private cell(cell: PlotCell | undefined, run: string, name: string): HTMLElement {
    if (!cell) return h('div', { class: 'plot-cell missing', data: { run } }, h('span', { class: 'placeholder' }, 'no such plot'));
    if (cell.problem || !cell.src) {
      return h(
        'div',
        { class: 'plot-cell problem', data: { run } },
        h('span', { class: 'placeholder' }, `${name}: ${cell.problem ?? 'not shown'}`),
      );
    }
    const img = h('img', { src: cell.src, alt: `${name} of ${run}`, loading: 'lazy', decoding: 'async' });
    img.addEventListener('error', () => img.replaceWith(h('span', { class: 'placeholder' }, `${name} could not be shown as an image`)));
    return h(
      'button',
      { class: 'plot-cell image', title: `Open ${name} in the editor`, data: { run }, onclick: () => this.open(cell.path) },
      img,
    );
  }
}
