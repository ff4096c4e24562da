// What a command acts on: from the Run Explorer node it was invoked on, an argument object, the active editor,
// or a quick pick. Run folders are always rebuilt from experiment + folder name, never used as handed in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RunTarget, runTargetFrom, runTargetFromPath } from '#core/launch/runTarget';
import { findExperimentFolder } from '#core/runPaths/experimentFolder';
import { findExperiments, indexExperiment, compareRunsNewestFirst } from '#core/runs/experimentIndex';
import type { RunInfo } from '#core/runs/types';
import { scriptSetting } from '#client/settings';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** The experiment folder named by a tree node (`{kind:'experiment', dir}` or a run node), a Uri, or `{experimentDir}`. */
export function experimentFromArg(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? folderOf(arg.fsPath) : undefined;
  if (!isObj(arg)) return undefined;
  if (arg.kind === 'experiment' && typeof arg.dir === 'string') return arg.dir;
  if (arg.kind === 'run' && isObj(arg.run) && typeof arg.run.experimentDir === 'string') return arg.run.experimentDir;
  if (typeof arg.experimentDir === 'string') return arg.experimentDir;
  return undefined;
}

/** The run named by a run node (`{kind:'run', run}`), a RunInfo, or `{runDir}`; a message when it is not a run. */
export function runFromArg(arg: unknown): RunTarget | string | undefined {
  if (!isObj(arg)) return undefined;
  const run = arg.kind === 'run' && isObj(arg.run) ? arg.run : arg;
  if (typeof run.experimentDir === 'string' && typeof run.dirName === 'string') return runTargetFrom(run.experimentDir, run.dirName);
  if (typeof run.runDir === 'string') return runTargetFromPath(run.runDir);
  return undefined;
}

function folderOf(p: string): string {
  try {
    return fs.statSync(p).isDirectory() ? p : path.dirname(p);
  } catch {
    return path.dirname(p);
  }
}

/**
 * The experiment holding the active editor's file: the nearest folder with the train script (setting trainScript)
 * or runs/, up to the file's workspace folder; outside any workspace folder, only the file's own folder.
 */
export async function experimentOfActiveEditor(): Promise<string | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') return undefined;
  const { script } = scriptSetting('train', uri);
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  const inside = root === undefined ? '' : path.relative(root, path.dirname(uri.fsPath));
  const levels = inside === '' ? 0 : inside.split(path.sep).length;
  return findExperimentFolder(
    uri.fsPath,
    async (dir) => (await exists(path.join(dir, script))) || (await exists(path.join(dir, 'runs'))),
    levels,
  );
}

function exists(p: string): Promise<boolean> {
  return fs.promises.stat(p).then(
    () => true,
    () => false,
  );
}

async function allExperiments(): Promise<string[]> {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const lists = await Promise.all(roots.map((r) => findExperiments(r)));
  return [...new Set(lists.flat())];
}

/** One experiment: the only one, or the user's pick. */
export async function pickExperiment(title: string): Promise<string | undefined> {
  const experiments = await allExperiments();
  if (experiments.length === 0) {
    void vscode.window.showInformationMessage(
      'No experiment found: an experiment is a folder with a train.py script or a runs/ folder. Create one with Experiments: New Experiment…',
    );
    return undefined;
  }
  if (experiments.length === 1) return experiments[0];
  const chosen = await vscode.window.showQuickPick(
    experiments.map((dir) => ({ label: `$(beaker) ${vscode.workspace.asRelativePath(dir, true)}`, dir })),
    { title, placeHolder: 'Which experiment?' },
  );
  return chosen?.dir;
}

/** One run of any experiment, newest first. */
export async function pickRun(title: string): Promise<RunTarget | undefined> {
  const experiments = await allExperiments();
  const indexes = await Promise.all(experiments.map((dir) => indexExperiment(dir)));
  const runs: RunInfo[] = indexes.flatMap((i) => i.runs).sort(compareRunsNewestFirst);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No run yet: train first (Experiments: Train with name…).');
    return undefined;
  }
  const many = experiments.length > 1;
  const chosen = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: run.dirName,
      description: [run.status, many ? vscode.workspace.asRelativePath(run.experimentDir, true) : undefined].filter(Boolean).join(' · '),
      run,
    })),
    { title, placeHolder: 'Which run? (newest first)', matchOnDescription: true },
  );
  if (!chosen) return undefined;
  const target = runTargetFrom(chosen.run.experimentDir, chosen.run.dirName);
  return typeof target === 'string' ? undefined : target;
}
