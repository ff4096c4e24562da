// The experiments of the workspace: found by the core's one rule (#core/runs/experimentFolder) in every workspace
// folder, then followed by file watchers as train scripts and runs/ folders come and go. The Run Explorer lists
// what this finds; the commands' experiment picker asks the same function.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDirectory } from '#core/fileKinds';
import {
  findExperiments,
  isExperimentFolder,
  isInSkippedFolder,
  markerDir,
  RUNS_FOLDER_GLOB,
  trainScriptGlob,
} from '#core/runs/experimentFolder';
import { scriptSetting } from '#client/settings';

/** Folders created at most this deep in the workspace are looked into for a new experiment (see onNewFolder). */
const NEW_FOLDER_MAX_DEPTH = 3;
/** Second look into a new folder, for files written there before the watcher covered it. */
const NEW_FOLDER_RECHECK_MS = 1000;

/** The train script setting of the workspace folder holding `uri` (the window's, without one). */
export function trainScriptFor(uri?: vscode.Uri): string {
  return scriptSetting('train', uri).script;
}

function fileFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

/** Every experiment in the workspace folders, each folder searched with its own train script setting. */
export async function findWorkspaceExperiments(): Promise<string[]> {
  const lists = await Promise.all(fileFolders().map((f) => findExperiments(f.uri.fsPath, { trainScript: trainScriptFor(f.uri) })));
  return [...new Set(lists.flat())];
}

/** Follows experiments appearing and disappearing after the first listing. */
export class WorkspaceExperimentWatcher implements vscode.Disposable {
  private readonly addedEmitter = new vscode.EventEmitter<string[]>();
  private readonly removedEmitter = new vscode.EventEmitter<string>();
  /** Experiment folders that appeared. */
  readonly onDidAdd = this.addedEmitter.event;
  /** An experiment folder that stopped being one (its train script and runs/ are gone). */
  readonly onDidRemove = this.removedEmitter.event;
  private watchers: vscode.Disposable[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private disposed = false;

  /** @param isKnown whether an experiment is already listed. */
  constructor(private readonly isKnown: (dir: string) => boolean) {}

  /** Starts watching, once; `stop` ends it (the next `start` watches with the settings of then). */
  start(): void {
    if (this.watchers.length > 0 || this.disposed) return;
    const globs = new Set([RUNS_FOLDER_GLOB, ...fileFolders().map((f) => trainScriptGlob(trainScriptFor(f.uri)))]);
    for (const glob of globs) {
      const w = vscode.workspace.createFileSystemWatcher(glob, false, true, false);
      w.onDidCreate((uri) => void this.onMarker(uri));
      w.onDidDelete((uri) => void this.onMarker(uri));
      this.watchers.push(w);
    }
    // A recursive watcher starts watching a new folder only after it exists, so a train script written right after
    // its folder (a clone, an unpacked archive, a script) can pass unseen: new folders near the top are looked
    // into directly, now and once more a moment later.
    // (One `**/*` watcher filtered by depth: VS Code's watcher globs do not take alternatives of nested paths.)
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, true);
    folders.onDidCreate((uri) => this.onNewFolder(uri));
    this.watchers.push(folders);
  }

  stop(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.addedEmitter.dispose();
    this.removedEmitter.dispose();
  }

  /** A train script or runs/ came or went: its folder may have become, or stopped being, an experiment. */
  private async onMarker(uri: vscode.Uri): Promise<void> {
    const root = vscode.workspace.getWorkspaceFolder(uri);
    if (uri.scheme !== 'file' || !root) return;
    const trainScript = trainScriptFor(uri);
    const dir = markerDir(uri.fsPath, trainScript);
    if (dir === undefined) return;
    const isExperiment = await isExperimentFolder(dir, trainScript, root.uri.fsPath);
    if (isExperiment && !this.isKnown(dir)) this.addedEmitter.fire([dir]);
    else if (!isExperiment && this.isKnown(dir)) this.removedEmitter.fire(dir);
  }

  private onNewFolder(uri: vscode.Uri): void {
    const root = vscode.workspace.getWorkspaceFolder(uri);
    if (uri.scheme !== 'file' || !root) return;
    const dir = uri.fsPath;
    const inside = path.relative(root.uri.fsPath, dir);
    if (inside === '' || inside.split(path.sep).length > NEW_FOLDER_MAX_DEPTH || isInSkippedFolder(inside) || this.isKnown(dir)) return;
    const trainScript = trainScriptFor(uri);
    const look = async (): Promise<void> => {
      if (this.disposed || !(await isDirectory(dir))) return;
      const found = await findExperiments(dir, { trainScript, maxDepth: 2, maxFolders: 200 });
      const added = found.filter((exp) => !this.isKnown(exp));
      if (added.length > 0) this.addedEmitter.fire(added);
    };
    void look();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void look();
    }, NEW_FOLDER_RECHECK_MS);
    this.timers.add(timer);
  }
}
