// The Run Explorer's tree: experiments (found by workspaceExperiments.ts), their runs, and the files of each run
// (listed by folderListing.ts). Nothing is read until VS Code (or a caller of the API) asks for children, so
// activation stays cheap. Each listed experiment gets one file watcher on its runs/ folder; changes are batched and
// re-read one run at a time, and new entries of runs/ are announced (the launcher learns a train run's folder so).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LiveExperiment, runsEntryOf, DEFAULT_PAGE_SIZE } from '#core/runs/liveExperiment';
import { ChangeBatcher } from '#core/runs/changeBatcher';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { RUN_RECORD_FILE } from '#core/runs/runRecord';
import type { Log } from '#client/log';
import { SLURM_FOLDER } from '#core/slurm/submission';
import type { RunQueue } from '#client/queue/runQueue';
import type { SlurmMonitor } from '#client/slurm/slurmMonitor';
import type { ExperimentNode, JobNode, MessageNode, QueuedNode, RunExplorerNode, RunNode } from './nodes';
import { listFolder } from './folderListing';
import * as jobItems from './jobItems';
import * as items from './treeItems';
import { findWorkspaceExperiments, trainScriptFor, WorkspaceExperimentWatcher } from './workspaceExperiments';

/** Standard run sub-folders, shown first and in this order. */
const RUN_FOLDERS = ['logs', 'plots', 'checkpoints', 'data'];
/** How often runs shown as running are re-read: their process can end without any file changing. */
const RUNNING_RECHECK_MS = 5_000;
/** Second look into a new run, for files written there before the watcher covered it. */
const NEW_RUN_RECHECK_MS = 1000;

/** Something was created in an experiment's runs/: `entry` is the run folder's name, or '' for runs/ itself. */
export interface RunsEntryCreated {
  experimentDir: string;
  entry: string;
}

interface ExperimentState {
  node: ExperimentNode;
  live: LiveExperiment;
  watcher?: vscode.Disposable;
  batcher: ChangeBatcher<string>;
}

export class RunExplorerProvider implements vscode.TreeDataProvider<RunExplorerNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RunExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly updatedEmitter = new vscode.EventEmitter<void>();
  /** Fires after a batch of file changes has been applied to the tree. */
  readonly onDidUpdate = this.updatedEmitter.event;
  private readonly createdEmitter = new vscode.EventEmitter<RunsEntryCreated>();
  /** Fires when the watcher of an experiment's runs/ sees something created there (see watchRuns). */
  readonly onDidCreateInRuns = this.createdEmitter.event;

  private experiments = new Map<string, ExperimentState>();
  private discovery: Promise<void> | undefined;
  private readonly discoveryWatcher = new WorkspaceExperimentWatcher((dir) => this.experiments.has(dir));
  private readonly disposables: vscode.Disposable[] = [];
  private recheckTimer: ReturnType<typeof setInterval> | undefined;
  private readonly lookAgainTimers = new Set<ReturnType<typeof setTimeout>>();
  /** Experiments whose runs/ a caller asked to watch (see watchRuns), with how many callers still want it. */
  private readonly requested = new Map<string, number>();
  /** Listings being computed, for waitForIdle. */
  private readonly listings = new Set<Promise<unknown>>();
  /** Listings and batches still in flight at dispose must not start timers. */
  private disposed = false;
  /** SLURM jobs (listed in their experiments) and the run queue (a group above the experiments), once attached. */
  private jobs: SlurmMonitor | undefined;
  private queue: RunQueue | undefined;
  private readonly jobNodes = new Map<string, JobNode>();
  private readonly jobsRead = new Set<string>();
  private queueShown = false;

  constructor(
    private readonly log: Log,
    private readonly pageSize = DEFAULT_PAGE_SIZE,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      // The train script decides which folders are experiments, and which process is a run's.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('experimentScripts.trainScript')) this.refresh();
      }),
      this.discoveryWatcher,
      this.discoveryWatcher.onDidAdd((dirs) => {
        for (const dir of dirs) this.addExperiment(dir);
        this.changeEmitter.fire(undefined);
      }),
      this.discoveryWatcher.onDidRemove((dir) => {
        this.removeExperiment(dir);
        this.changeEmitter.fire(undefined);
      }),
      this.changeEmitter,
      this.updatedEmitter,
      this.createdEmitter,
    );
  }

  // ---- TreeDataProvider ----

  getTreeItem(node: RunExplorerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'experiment':
        return items.experimentItem(node, this.experiments.size === 1);
      case 'run':
        return items.runItem(node);
      case 'file':
        return items.fileItem(node);
      case 'notRunGroup':
        return items.notRunGroupItem(node, this.experiments.get(node.experimentDir)?.live.notRuns.length ?? 0);
      case 'notRun':
        return items.notRunItem(node);
      case 'moreRuns':
        return items.moreRunsItem(node, this.pageSize);
      case 'message':
        return items.messageItem(node);
      case 'job':
        return jobItems.jobItem(
          node,
          this.jobs?.listed(node.experimentDir).find((j) => j.stored.record.jobId === node.jobId),
        );
      case 'queue':
        return jobItems.queueGroupItem(this.queueView());
      case 'queued':
        return jobItems.queuedItem(node, this.queueView());
    }
  }

  getChildren(node?: RunExplorerNode): Promise<RunExplorerNode[]> {
    return this.track(async () => {
      if (!node) return this.roots();
      switch (node.kind) {
        case 'experiment':
          return this.experimentChildren(node);
        case 'run':
          return this.runChildren(node);
        case 'file':
          return node.isDirectory && !node.problem ? listFolder(node.path) : [];
        case 'notRunGroup':
          return (this.experiments.get(node.experimentDir)?.live.notRuns ?? []).map((notRun) => ({ kind: 'notRun', notRun }) as const);
        case 'job':
          return this.jobChildren(node);
        case 'queue':
          return this.queueView().waiting.map((entry, i): QueuedNode => ({ kind: 'queued', entry, position: i + 1 }));
        default:
          return [];
      }
    });
  }

  getParent(node: RunExplorerNode): RunExplorerNode | undefined {
    if (node.kind === 'run') return this.experiments.get(node.run.experimentDir)?.node;
    if (node.kind === 'notRunGroup' || node.kind === 'moreRuns' || node.kind === 'job')
      return this.experiments.get(node.experimentDir)?.node;
    if (node.kind === 'queued') return jobItems.queueGroupNode();
    return undefined;
  }

  /** Shows the SLURM jobs of each experiment and the run queue; their changes redraw what they touch. */
  attach(jobs: SlurmMonitor, queue: RunQueue): void {
    this.jobs = jobs;
    this.queue = queue;
    jobs.onRunChanged = (runDir) => void this.refreshRun(runDir);
    this.disposables.push(
      this.onDidCreateInRuns((e) => jobs.runsChanged(e.experimentDir)),
      jobs.onDidChange((dir) => {
        const state = this.experiments.get(dir);
        if (state) this.changeEmitter.fire(state.node);
      }),
      queue.onDidChange(() => {
        const shown = this.queueView().waiting.length > 0;
        // The group comes and goes with its entries (a change of the roots); otherwise only the group is redrawn.
        this.changeEmitter.fire(shown === this.queueShown && shown ? jobItems.queueGroupNode() : undefined);
      }),
    );
  }

  // ---- API ----

  /** Forgets everything and lists the workspace again (the Refresh command). */
  refresh(): void {
    this.disposeExperiments();
    this.discoveryWatcher.stop();
    this.discovery = undefined;
    this.jobsRead.clear();
    for (const dir of this.requested.keys()) this.watch(this.addExperiment(dir));
    this.changeEmitter.fire(undefined);
  }

  /** Re-reads one run now (e.g. after a launched script ended), without waiting for the file watcher. */
  async refreshRun(runPath: string): Promise<void> {
    const experimentDir = path.dirname(path.dirname(runPath));
    const state = this.experiments.get(experimentDir);
    if (!state) return;
    state.batcher.add(path.basename(runPath));
    await state.batcher.flush();
  }

  /**
   * Watches the experiment's runs/ until the returned disposable is disposed, listed or not (and across a refresh),
   * so that onDidCreateInRuns reports what appears there.
   */
  watchRuns(experimentDir: string): vscode.Disposable {
    this.requested.set(experimentDir, (this.requested.get(experimentDir) ?? 0) + 1);
    const known = this.experiments.has(experimentDir);
    this.watch(this.addExperiment(experimentDir));
    if (!known && this.discovery) this.changeEmitter.fire(undefined);
    return new vscode.Disposable(() => {
      const left = (this.requested.get(experimentDir) ?? 1) - 1;
      if (left > 0) this.requested.set(experimentDir, left);
      else this.requested.delete(experimentDir);
    });
  }

  showMore(experimentDir: string): void {
    const state = this.experiments.get(experimentDir);
    if (!state) return;
    state.live.showMore(this.pageSize);
    this.changeEmitter.fire(state.node);
  }

  /** Resolves when no listing is being computed and no file change waits to be applied. */
  async waitForIdle(): Promise<void> {
    while (this.listings.size > 0 || [...this.experiments.values()].some((s) => s.batcher.busy)) {
      await Promise.allSettled([...this.listings, ...[...this.experiments.values()].map((s) => s.batcher.idle())]);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.disposeExperiments();
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    for (const timer of this.lookAgainTimers) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }

  // ---- experiments ----

  private async roots(): Promise<RunExplorerNode[]> {
    this.discovery ??= this.discover();
    await this.discovery;
    const experiments = [...this.experiments.values()].map((s) => s.node).sort((a, b) => a.dir.localeCompare(b.dir));
    this.queueShown = this.queueView().waiting.length > 0;
    return this.queueShown ? [jobItems.queueGroupNode(), ...experiments] : experiments;
  }

  private queueView() {
    return this.queue?.view() ?? { waiting: [], started: 0 };
  }

  private async discover(): Promise<void> {
    for (const dir of await findWorkspaceExperiments()) this.addExperiment(dir);
    this.discoveryWatcher.start();
  }

  private addExperiment(dir: string): ExperimentState {
    const known = this.experiments.get(dir);
    if (known) return known;
    const node: ExperimentNode = { kind: 'experiment', dir };
    // A run's process is recognised by the train script on its command line: the one the launcher would start.
    const live = new LiveExperiment(dir, { pageSize: this.pageSize, trainScript: trainScriptFor(vscode.Uri.file(dir)) });
    const state: ExperimentState = { node, live, batcher: new ChangeBatcher((names) => this.applyChanges(state, names)) };
    this.experiments.set(dir, state);
    return state;
  }

  private removeExperiment(dir: string): void {
    const state = this.experiments.get(dir);
    if (!state) return;
    state.watcher?.dispose();
    state.batcher.dispose();
    this.experiments.delete(dir);
  }

  private async experimentChildren(node: ExperimentNode): Promise<RunExplorerNode[]> {
    const state = this.experiments.get(node.dir);
    if (!state) return [];
    this.watch(state);
    const runs = await state.live.visibleRuns();
    const children: RunExplorerNode[] = state.live.problems.map((text, i): MessageNode => ({
      kind: 'message',
      id: `problem:${node.dir}:${i}`,
      text,
      severity: 'warning',
    }));
    children.push(...(await this.jobEntries(node.dir)));
    children.push(...runs);
    if (state.live.hiddenCount > 0) children.push({ kind: 'moreRuns', experimentDir: node.dir, hidden: state.live.hiddenCount });
    if (state.live.notRuns.length > 0) children.push({ kind: 'notRunGroup', experimentDir: node.dir });
    if (runs.length === 0 && children.length === 0 && state.live.notRuns.length === 0) {
      const text = `No runs yet: Train with name… runs ${trainScriptFor(vscode.Uri.file(node.dir))}, which creates runs/<date>-<name>/`;
      children.push({ kind: 'message', id: `empty:${node.dir}`, text, severity: 'info' });
    }
    this.scheduleRecheck();
    return children;
  }

  /** One watcher per experiment, on its runs/ folder, created when the experiment is first listed or watched. */
  private watch(state: ExperimentState): void {
    if (state.watcher) return;
    const dir = state.node.dir;
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dir), `{${RUNS_DIR},${RUNS_DIR}/**}`),
    );
    const onEvent = (uri: vscode.Uri) => {
      const entry = runsEntryOf(dir, uri.fsPath);
      if (entry !== undefined) state.batcher.add(entry);
    };
    watcher.onDidCreate((uri) => {
      const entry = runsEntryOf(dir, uri.fsPath);
      if (entry === undefined) return;
      state.batcher.add(entry);
      this.createdEmitter.fire({ experimentDir: dir, entry });
      // Files written inside a run folder (or its logs/) right after it was created can pass unseen by the
      // watcher, which only starts watching a folder once it exists: read such a new run once more, a moment later.
      const depth = path.relative(path.join(dir, RUNS_DIR), uri.fsPath).split(path.sep).length;
      if (depth <= 2) {
        this.later(() => {
          state.batcher.add(entry);
          this.createdEmitter.fire({ experimentDir: dir, entry });
        });
      }
    });
    watcher.onDidChange(onEvent);
    watcher.onDidDelete(onEvent);
    state.watcher = watcher;
  }

  /** Runs `fn` once after NEW_RUN_RECHECK_MS, unless the provider is disposed first. */
  private later(fn: () => void): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.lookAgainTimers.delete(timer);
      fn();
    }, NEW_RUN_RECHECK_MS);
    this.lookAgainTimers.add(timer);
  }

  private async applyChanges(state: ExperimentState, names: Set<string>): Promise<void> {
    try {
      if (this.experiments.get(state.node.dir) !== state) return;
      // runs/.slurm/ holds job records: a submission here, in another window or from the command line.
      // So do a job's run folder coming or going (deleted while the job runs: the job is listed on its own again).
      const jobs = this.jobs;
      if (jobs && (names.has(path.basename(SLURM_FOLDER)) || names.has('') || (await jobs.runFolderCameOrWent(state.node.dir, names)))) {
        await jobs.load(state.node.dir);
      }
      if (names.has('')) {
        // runs/ itself appeared or vanished: the one case that re-reads the whole folder.
        await state.live.reload();
        this.changeEmitter.fire(state.node);
      } else {
        const result = await state.live.applyChanges(names);
        if (result.structural) this.changeEmitter.fire(state.node);
        else for (const entry of result.updated) this.changeEmitter.fire(entry);
      }
      this.scheduleRecheck();
      this.updatedEmitter.fire();
    } catch (err) {
      // The core reports broken folders as problems; anything else must still not break the watcher.
      this.log.error('Run Explorer: applying file changes failed', err);
    }
  }

  /** While runs show as running, re-read them now and then: a process that ends sends no file event. */
  private scheduleRecheck(): void {
    const anyRunning = [...this.experiments.values()].some((s) => s.live.runningEntries().length > 0);
    if (anyRunning && !this.recheckTimer && !this.disposed) {
      this.recheckTimer = setInterval(() => {
        let still = false;
        for (const s of this.experiments.values()) {
          const running = s.live.runningEntries();
          if (running.length === 0) continue;
          still = true;
          for (const e of running) s.batcher.add(e.run.dirName);
        }
        if (!still && this.recheckTimer) {
          clearInterval(this.recheckTimer);
          this.recheckTimer = undefined;
        }
      }, RUNNING_RECHECK_MS);
    }
  }

  // ---- SLURM jobs ----

  /** The experiment's jobs listed on their own, after a line saying so when the scheduler does not answer. */
  private async jobEntries(dir: string): Promise<RunExplorerNode[]> {
    const jobs = this.jobs;
    if (!jobs) return [];
    if (!this.jobsRead.has(dir)) {
      this.jobsRead.add(dir);
      await jobs.load(dir);
    }
    const out: RunExplorerNode[] = jobs
      .problems(dir)
      .map((text, i): MessageNode => ({ kind: 'message', id: `jobProblem:${dir}:${i}`, text, severity: 'warning' }));
    const failure = jobs.failure;
    if (failure && jobs.hasActive(dir)) {
      const next = jobs.nextCallInMs();
      const again = next === undefined ? '' : `; asking again in ${Math.max(1, Math.round(next / 1000))} s`;
      out.push({
        kind: 'message',
        id: `slurm:${dir}`,
        text: `SLURM: ${failure.message} The jobs show their last known state${again}.`,
        severity: 'warning',
      });
    }
    for (const listed of jobs.listed(dir)) {
      const id = listed.stored.record.jobId;
      let node = this.jobNodes.get(id);
      if (!node || node.experimentDir !== dir) {
        node = { kind: 'job', experimentDir: dir, jobId: id };
        this.jobNodes.set(id, node);
      }
      out.push(node);
    }
    return out;
  }

  /** A job's output file (standard output and error), once Slurm created it; a line saying when it will be before. */
  private async jobChildren(node: JobNode): Promise<RunExplorerNode[]> {
    const record = this.jobs?.job(node.jobId)?.record;
    if (!record) return [];
    // Only an output file in the experiment's own runs/.slurm/ is shown: a record can name any path.
    const folder = path.join(node.experimentDir, SLURM_FOLDER);
    if (path.dirname(record.outputFile) !== folder) return [];
    const output = await fs.lstat(record.outputFile).catch(() => undefined);
    if (output?.isFile()) return [{ kind: 'file', path: record.outputFile, isDirectory: false, size: output.size }];
    return [
      {
        kind: 'message',
        id: `jobOutput:${node.jobId}`,
        text: `Output: ${vscode.workspace.asRelativePath(record.outputFile)} (Slurm creates it when the job starts)`,
        severity: 'info',
      },
    ];
  }

  // ---- runs ----

  private async runChildren(node: RunNode): Promise<RunExplorerNode[]> {
    const run = node.run;
    const children: RunExplorerNode[] = run.problems.map((text, i): MessageNode => ({
      kind: 'message',
      id: `runProblem:${run.path}:${i}`,
      text,
      severity: 'warning',
    }));
    // A run folder linked out of the experiment is listed, never looked into (its problem says so).
    if (run.link?.outside) return children;
    const listing = await listFolder(run.path, (name) => name !== RUN_RECORD_FILE);
    const rank = (n: RunExplorerNode) => (n.kind === 'file' ? RUN_FOLDERS.indexOf(path.basename(n.path)) : -1);
    const standard = listing.filter((n) => n.kind === 'file' && n.isDirectory && rank(n) >= 0).sort((a, b) => rank(a) - rank(b));
    children.push(...standard, ...listing.filter((n) => !standard.includes(n)));
    return children;
  }

  private disposeExperiments(): void {
    for (const dir of [...this.experiments.keys()]) this.removeExperiment(dir);
  }

  private track<T>(op: () => Promise<T>): Promise<T> {
    const listing = op();
    this.listings.add(listing);
    const forget = () => this.listings.delete(listing);
    listing.then(forget, forget);
    return listing;
  }
}
