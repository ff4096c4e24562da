// One metrics panel: a webview for one experiment, fed by a MetricsSession. While the panel is visible the runs'
// logs are polled for appended bytes and new points are sent within a second; a running run's status is re-read
// every few seconds, so its end shows without a reload. Nothing here writes to a run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkOpenableRunFile } from '#core/runs/runFolderEntry';
import { MetricsSession } from '#core/metrics/session';
import { csvRow } from '#core/metrics/csv';
import { METRICS_VIEW_TYPE, type HostMessage, type PanelModel, type ViewOptions, type WebviewMessage } from '#core/metrics/protocol';
import type { Direction } from '#core/metrics/direction';
import { scriptSetting } from '#client/settings';
import { panelHtml } from './panelHtml';
import type { Log } from '#client/log';

/** How often the logs of the runs shown are looked at while the panel is visible. */
const POLL_MS = 400;
/** How often the runs' status and plots are read again. */
const REFRESH_MS = 2500;

export interface RestoredState {
  options?: ViewOptions;
  directions?: [string, Direction | null][];
}

export class MetricsPanel implements vscode.Disposable {
  private readonly session: MetricsSession;
  private readonly disposables: vscode.Disposable[] = [];
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;
  private disposed = false;
  private ready = false;
  /** Operations on the session, one after another: a poll never runs beside a change of runs. */
  private queue: Promise<unknown> = Promise.resolve();
  private model: PanelModel | undefined;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly modelEmitter = new vscode.EventEmitter<PanelModel>();
  /** Fires with every model sent to the page. */
  readonly onDidSendModel = this.modelEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly experimentDir: string,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    restored: RestoredState = {},
  ) {
    const trainScript = scriptSetting('train', vscode.Uri.file(experimentDir)).script;
    this.session = new MetricsSession(experimentDir, { trainScript });
    if (restored.options) this.session.setOptions(restored.options);
    for (const [id, direction] of restored.directions ?? []) {
      const [log, ...key] = id.split('|');
      if (log === 'train' || log === 'eval') this.session.setDirection(log, key.join('|'), direction);
    }
    const bundleDir = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [bundleDir, vscode.Uri.file(experimentDir)] };
    panel.webview.html = panelHtml(panel.webview, bundleDir);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'experiments.svg');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewMessage) => void this.onMessage(m)),
      panel.onDidChangeViewState(() => this.schedulePoll(0)),
      panel.onDidDispose(() => this.dispose()),
      this.disposeEmitter,
      this.modelEmitter,
    );
  }

  get runIds(): string[] {
    return this.session.runIds;
  }

  get lastModel(): PanelModel | undefined {
    return this.model;
  }

  /** Shows these runs (folder names in runs/). */
  setRuns(runIds: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      await this.session.setRuns(runIds);
      this.panel.title = this.title();
      this.sendModel();
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.disposeEmitter.fire();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    // After any queued operation, so that a setRuns still under way hands its logs over too.
    void this.queue.catch(() => undefined).then(() => this.session.dispose());
  }

  private title(): string {
    const ids = this.session.runIds;
    const name = path.basename(this.experimentDir);
    return ids.length === 1
      ? `Metrics: ${name} · ${ids[0].replace(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-/, '')}`
      : `Metrics: ${name} (${ids.length} runs)`;
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.enqueue(() => this.sendModel());
        this.schedulePoll(POLL_MS);
        return;
      case 'options':
        await this.enqueue(() => {
          this.session.setOptions(message.options);
          this.sendModel();
          for (const data of this.session.shownChartData()) this.post(data);
        });
        return;
      case 'charts':
        if (!Array.isArray(message.requests)) return;
        await this.enqueue(() => {
          for (const data of this.session.showCharts(message.requests)) this.post(data);
        });
        return;
      case 'direction':
        if (message.log !== 'train' && message.log !== 'eval') return;
        await this.enqueue(() => {
          const direction = message.direction === 'min' || message.direction === 'max' ? message.direction : null;
          this.session.setDirection(message.log, String(message.key), direction);
          this.sendModel();
        });
        return;
      case 'exportCsv':
        await this.exportCsv(Array.isArray(message.order) ? message.order.map(String) : undefined);
        return;
      case 'openPlot':
        await this.openPlot(String(message.path));
        return;
      case 'openLog':
        await this.openLog(String(message.run), message.log === 'eval' ? 'eval' : 'train');
        return;
    }
  }

  /** Polls the logs while the panel is visible; re-reads statuses and plots now and then. */
  private schedulePoll(delay: number): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.disposed || !this.panel.visible || !this.ready) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.enqueue(() => this.pollOnce()).finally(() => this.schedulePoll(POLL_MS));
    }, delay);
  }

  private async pollOnce(): Promise<void> {
    const result = await this.session.poll();
    let modelChanged = result.modelChanged;
    if (Date.now() - this.lastRefresh >= REFRESH_MS) {
      this.lastRefresh = Date.now();
      if (await this.session.refreshRuns()) modelChanged = true;
    }
    if (modelChanged) this.sendModel();
    for (const data of result.charts) this.post(data);
  }

  private sendModel(): void {
    const model = this.session.model();
    for (const row of model.plots.cells)
      for (const cell of row) if (cell && !cell.problem) cell.src = this.panel.webview.asWebviewUri(vscode.Uri.file(cell.path)).toString();
    this.model = model;
    this.post(model);
    this.modelEmitter.fire(model);
  }

  private post(message: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private async exportCsv(order: string[] | undefined): Promise<void> {
    const { header, rows } = this.session.summaryRows(order);
    const target = await vscode.window.showSaveDialog({
      title: 'Save the metrics summary as CSV',
      defaultUri: vscode.Uri.file(path.join(this.experimentDir, `${path.basename(this.experimentDir)}-metrics-summary.csv`)),
      filters: { CSV: ['csv'] },
    });
    if (!target) return;
    const text = csvRow(header) + rows.map((r) => csvRow(r)).join('');
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    vscode.window.setStatusBarMessage(`Saved ${vscode.workspace.asRelativePath(target)}`, 4000);
  }

  /** Opens an image the panel shows, and nothing else: the path must be one the model listed. */
  private async openPlot(file: string): Promise<void> {
    // A cell with a problem (a link out of the experiment, a file that is no image) is shown, never opened.
    const listed = this.model?.plots.cells.some((row) => row.some((cell) => cell?.path === file && !cell.problem));
    if (!listed) return;
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  private async openLog(run: string, log: 'train' | 'eval'): Promise<void> {
    if (!this.session.runIds.includes(run)) return;
    const file = path.join(this.experimentDir, 'runs', run, 'logs', `${log}.log`);
    const openable = checkOpenableRunFile(file, this.experimentDir, `runs/${run}/logs/${log}.log`);
    if (!openable.ok) return this.post({ type: 'error', message: openable.message });
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
  }

  private enqueue<T>(op: () => T | Promise<T>): Promise<T> {
    const next = this.queue.catch(() => undefined).then(op);
    this.queue = next;
    next.catch((err: unknown) => {
      this.log.error('metrics panel', err);
      this.post({
        type: 'error',
        message: `Something went wrong while reading the runs: ${err instanceof Error ? err.message : String(err)}`,
      });
    });
    return next;
  }
}

export { METRICS_VIEW_TYPE };
