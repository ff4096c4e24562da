// The Run Explorer's data: experiments of the workspace, their runs, and the files of each run.
// Nothing is read until VS Code (or a caller of the API) asks for children, so activation stays cheap. Each listed
// experiment gets one file watcher on its runs/ folder; changes are batched and re-read one run at a time.
import { promises as fs, Dirent } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findExperiments } from '#core/runs/experimentIndex';
import { LiveExperiment, runsEntryOf, DEFAULT_PAGE_SIZE } from '#core/runs/liveExperiment';
import { ChangeBatcher } from '#core/runs/changeBatcher';
import { describeFsError } from '#core/fsErrors';
import { RUN_RECORD_FILE } from '#core/runs/runRecord';
import type { ExperimentNode, MessageNode, RunExplorerNode, RunFileNode, RunNode } from './nodes';
import * as items from './treeItems';
import { scriptSetting } from '#client/settings';

/** Entries listed per folder inside a run; a data/ folder with a million shards must not freeze the tree. */
const MAX_FOLDER_ENTRIES = 500;
/** Standard run sub-folders, shown first and in this order. */
const RUN_FOLDERS = ['logs', 'plots', 'checkpoints', 'data'];
/** How often runs shown as running are re-read: their process can end without any file changing. */
const RUNNING_RECHECK_MS = 5_000;
/** Folders created at most this deep in the workspace are looked into for a new experiment (see onNewFolderCandidate). */
const NEW_FOLDER_MAX_DEPTH = 3;
/** Second look into a new folder or run, for files written there before the watcher covered it. */
const NEW_FOLDER_RECHECK_MS = 1000;
/** Path segments under which no experiment is looked for. */
const SKIPPED_SEGMENTS = new Set(['.git', 'node_modules', '.venv', 'venv', '.pixi', '__pycache__', 'site-packages']);

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

  private experiments = new Map<string, ExperimentState>();
  private discovery: Promise<void> | undefined;
  private discoveryWatcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private recheckTimer: ReturnType<typeof setInterval> | undefined;
  private readonly lookAgainTimers = new Set<ReturnType<typeof setTimeout>>();
  /** Listings being computed, for waitForIdle. */
  private pending = 0;
  /** Listings and batches still in flight at dispose must not start timers. */
  private disposed = false;

  constructor(private readonly pageSize = DEFAULT_PAGE_SIZE) {
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      this.changeEmitter,
      this.updatedEmitter,
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
        default:
          return [];
      }
    });
  }

  getParent(node: RunExplorerNode): RunExplorerNode | undefined {
    if (node.kind === 'run') return this.experiments.get(node.run.experimentDir)?.node;
    if (node.kind === 'notRunGroup' || node.kind === 'moreRuns') return this.experiments.get(node.experimentDir)?.node;
    return undefined;
  }

  // ---- API ----

  /** Forgets everything and lists the workspace again (the Refresh command). */
  async refresh(): Promise<void> {
    this.disposeExperiments();
    this.discovery = undefined;
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

  showMore(experimentDir: string): void {
    const state = this.experiments.get(experimentDir);
    if (!state) return;
    state.live.showMore(this.pageSize);
    this.changeEmitter.fire(state.node);
  }

  /** Resolves when no listing is being computed and no file change waits to be applied. */
  async waitForIdle(): Promise<void> {
    while (!this.isIdle()) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  dispose(): void {
    this.disposed = true;
    this.disposeExperiments();
    this.discoveryWatcher?.dispose();
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    for (const timer of this.lookAgainTimers) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }

  // ---- experiments ----

  private async roots(): Promise<RunExplorerNode[]> {
    this.discovery ??= this.discover();
    await this.discovery;
    return [...this.experiments.values()].map((s) => s.node).sort((a, b) => a.dir.localeCompare(b.dir));
  }

  private async discover(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = (await Promise.all(folders.filter((f) => f.uri.scheme === 'file').map((f) => findExperiments(f.uri.fsPath)))).flat();
    for (const dir of found) this.addExperiment(dir);
    if (!this.discoveryWatcher) {
      // New experiments appear when a train.py or a runs/ folder is created; cheap to watch, no rescan needed.
      const w = vscode.workspace.createFileSystemWatcher('**/{train.py,runs}', false, true, false);
      w.onDidCreate((uri) => void this.onExperimentMarker(uri));
      w.onDidDelete((uri) => void this.onExperimentMarker(uri));
      this.discoveryWatcher = w;
      // A recursive watcher starts watching a new folder only after it exists, so a train.py written right after
      // its folder (a clone, an unpacked archive, a script) can pass unseen: new folders near the top are looked
      // into directly, now and once more a moment later.
      // (One `**/*` watcher filtered by depth: VS Code's watcher globs do not take alternatives of nested paths.)
      const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
      folders.onDidCreate((uri) => this.onNewFolderCandidate(uri));
      this.disposables.push(folders);
    }
  }

  private onNewFolderCandidate(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !this.discovery) return;
    const dir = uri.fsPath;
    const inside = vscode.workspace.asRelativePath(uri, false);
    if (inside === dir || inside.split(/[\\/]/).length > NEW_FOLDER_MAX_DEPTH) return;
    if (this.experiments.has(dir) || this.isInsideRuns(dir) || isSkipped(dir)) return;
    const look = async (): Promise<void> => {
      if (!(await isDirectory(dir))) return;
      const found = await findExperiments(dir, { maxDepth: 2, maxFolders: 200 });
      const added = found.filter((exp) => !this.experiments.has(exp) && !this.isInsideRuns(exp));
      for (const exp of added) this.addExperiment(exp);
      if (added.length > 0) this.changeEmitter.fire(undefined);
    };
    void look();
    this.later(() => void look());
  }

  /** Runs `fn` once after NEW_FOLDER_RECHECK_MS, unless the provider is disposed first. */
  private later(fn: () => void): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.lookAgainTimers.delete(timer);
      fn();
    }, NEW_FOLDER_RECHECK_MS);
    this.lookAgainTimers.add(timer);
  }

  private isInsideRuns(dir: string): boolean {
    for (const known of this.experiments.keys()) if (runsEntryOf(known, dir) !== undefined) return true;
    return false;
  }

  private async onExperimentMarker(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file' || !this.discovery) return;
    const dir = path.dirname(uri.fsPath);
    if (isSkipped(dir)) return;
    // A train.py inside some run's folders is a copy, not an experiment.
    if (this.isInsideRuns(dir)) return;
    const isExperiment = (await isFile(path.join(dir, 'train.py'))) || (await isDirectory(path.join(dir, 'runs')));
    const known = this.experiments.get(dir);
    if (isExperiment && !known) {
      this.addExperiment(dir);
      this.changeEmitter.fire(undefined);
    } else if (!isExperiment && known) {
      known.watcher?.dispose();
      known.batcher.dispose();
      this.experiments.delete(dir);
      this.changeEmitter.fire(undefined);
    }
  }

  private addExperiment(dir: string): void {
    if (this.experiments.has(dir)) return;
    const node: ExperimentNode = { kind: 'experiment', dir };
    // A run's process is recognised by the train script on its command line: the one the launcher would start.
    const trainScript = scriptSetting('train', vscode.Uri.file(dir)).script;
    const live = new LiveExperiment(dir, { pageSize: this.pageSize, trainScript });
    const state: ExperimentState = { node, live, batcher: new ChangeBatcher((names) => this.applyChanges(state, names)) };
    this.experiments.set(dir, state);
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
    children.push(...runs);
    if (state.live.hiddenCount > 0) children.push({ kind: 'moreRuns', experimentDir: node.dir, hidden: state.live.hiddenCount });
    if (state.live.notRuns.length > 0) children.push({ kind: 'notRunGroup', experimentDir: node.dir });
    if (runs.length === 0 && state.live.notRuns.length === 0 && state.live.problems.length === 0) {
      const { script } = scriptSetting('train', vscode.Uri.file(node.dir));
      const text = `No runs yet: Train with name… runs ${script}, which creates runs/<date>-<name>/`;
      children.push({ kind: 'message', id: `empty:${node.dir}`, text, severity: 'info' });
    }
    this.scheduleRecheck();
    return children;
  }

  /** One watcher per experiment, on its runs/ folder, created when the experiment is first listed. */
  private watch(state: ExperimentState): void {
    if (state.watcher) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(state.node.dir), '{runs,runs/**}'));
    const onEvent = (uri: vscode.Uri) => {
      const entry = runsEntryOf(state.node.dir, uri.fsPath);
      if (entry === undefined) return;
      state.batcher.add(entry);
    };
    watcher.onDidCreate((uri) => {
      onEvent(uri);
      // Files written inside a run folder (or its logs/) right after it was created can pass unseen by the
      // watcher, which only starts watching a folder once it exists: read such a new run once more, a moment later.
      const entry = runsEntryOf(state.node.dir, uri.fsPath);
      const depth = path.relative(path.join(state.node.dir, 'runs'), uri.fsPath).split(path.sep).length;
      if (entry && depth <= 2) this.later(() => state.batcher.add(entry));
    });
    watcher.onDidChange(onEvent);
    watcher.onDidDelete(onEvent);
    state.watcher = watcher;
  }

  private async applyChanges(state: ExperimentState, names: Set<string>): Promise<void> {
    try {
      if (this.experiments.get(state.node.dir) !== state) return;
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
      console.error('Run Explorer: applying file changes failed', err);
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

  // ---- runs ----

  private async runChildren(node: RunNode): Promise<RunExplorerNode[]> {
    const run = node.run;
    const children: RunExplorerNode[] = run.problems.map((text, i): MessageNode => ({
      kind: 'message',
      id: `runProblem:${run.path}:${i}`,
      text,
      severity: 'warning',
    }));
    const listing = await listFolder(run.path, (name) => name !== RUN_RECORD_FILE);
    const rank = (n: RunExplorerNode) => (n.kind === 'file' ? RUN_FOLDERS.indexOf(path.basename(n.path)) : -1);
    const standard = listing.filter((n) => n.kind === 'file' && n.isDirectory && rank(n) >= 0).sort((a, b) => rank(a) - rank(b));
    children.push(...standard, ...listing.filter((n) => !standard.includes(n)));
    return children;
  }

  private disposeExperiments(): void {
    for (const s of this.experiments.values()) {
      s.watcher?.dispose();
      s.batcher.dispose();
    }
    this.experiments.clear();
  }

  private async track<T>(op: () => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await op();
    } finally {
      this.pending--;
    }
  }

  private isIdle(): boolean {
    return this.pending === 0 && [...this.experiments.values()].every((s) => !s.batcher.busy);
  }
}

/**
 * Lists a folder inside a run: folders first, then files, by name; hidden files left out; at most
 * MAX_FOLDER_ENTRIES entries. Unreadable folders, symbolic link loops and vanished folders become visible messages.
 */
async function listFolder(dir: string, keep: (name: string) => boolean = () => true): Promise<RunExplorerNode[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    return [
      { kind: 'message', id: `unreadable:${dir}`, text: `This folder could not be read (${describeFsError(err)}).`, severity: 'warning' },
    ];
  }
  const shown = entries.filter((e) => !e.name.startsWith('.') && keep(e.name));
  shown.sort((a, b) => a.name.localeCompare(b.name));
  const limited = shown.slice(0, MAX_FOLDER_ENTRIES);
  const nodes = await Promise.all(limited.map((e) => fileNode(path.join(dir, e.name), e)));
  nodes.sort((a, b) => Number(b.isDirectory) - Number(a.isDirectory) || a.path.localeCompare(b.path));
  const result: RunExplorerNode[] = nodes;
  if (shown.length > limited.length) {
    result.push({
      kind: 'message',
      id: `truncated:${dir}`,
      text: `${shown.length - limited.length} more entries not shown`,
      severity: 'info',
    });
  }
  if (result.length === 0) result.push({ kind: 'message', id: `empty:${dir}`, text: 'empty', severity: 'info' });
  return result;
}

async function fileNode(full: string, entry: Dirent): Promise<RunFileNode> {
  try {
    const st = await fs.stat(full); // follows symbolic links; a loop or a dangling link throws
    return { kind: 'file', path: full, isDirectory: st.isDirectory(), size: st.isFile() ? st.size : undefined };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' && entry.isSymbolicLink() ? 'broken symbolic link' : describeFsError(err);
    return { kind: 'file', path: full, isDirectory: entry.isDirectory(), problem };
  }
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * Folders where no experiment is looked for: tool and environment folders, hidden folders. Judged on the path
 * inside the workspace, so a workspace that itself lives under a hidden folder still works.
 */
function isSkipped(dir: string): boolean {
  const inside = vscode.workspace.asRelativePath(dir, false);
  return inside.split(/[\\/]/).some((seg) => SKIPPED_SEGMENTS.has(seg) || (seg.startsWith('.') && seg.length > 1));
}
