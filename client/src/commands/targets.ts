// What a command acts on, from what VS Code hands it: a Run Explorer node, a file or folder URI, or nothing (then
// the active editor's experiment, or a pick). Run folders are always rebuilt from experiment + folder name, never
// used as handed in.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDirectory } from '#core/fileKinds';
import { isPlainObject } from '#core/isPlainObject';
import { RunTarget, runTargetFrom, runTargetFromPath } from '#core/launch/runTarget';
import { findExperimentFolder } from '#core/runs/experimentFolder';
import { compareRunsNewestFirst, indexExperiment } from '#core/runs/experimentIndex';
import type { RunInfo } from '#core/runs/types';
import type { Prompts } from '#client/prompts';
import { findWorkspaceExperiments, trainScriptFor } from '#client/runExplorer/workspaceExperiments';
import { escapeIconSyntax } from '#core/text/iconSyntax';

/** The experiment folder named by an experiment or run node, or by a file or folder URI (the folder holding it). */
export async function experimentFromArg(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? folderOf(arg.fsPath) : undefined;
  if (!isPlainObject(arg)) return undefined;
  if (arg.kind === 'experiment' && typeof arg.dir === 'string') return arg.dir;
  if (arg.kind === 'run' && isPlainObject(arg.run) && typeof arg.run.experimentDir === 'string') return arg.run.experimentDir;
  return undefined;
}

/** The run named by a run node, or by the URI of a run folder; a message when that is not a run. */
export function runFromArg(arg: unknown): RunTarget | string | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? runTargetFromPath(arg.fsPath) : undefined;
  if (!isPlainObject(arg) || arg.kind !== 'run' || !isPlainObject(arg.run)) return undefined;
  const { experimentDir, dirName } = arg.run;
  return typeof experimentDir === 'string' && typeof dirName === 'string' ? runTargetFrom(experimentDir, dirName) : undefined;
}

async function folderOf(p: string): Promise<string> {
  return (await isDirectory(p)) ? p : path.dirname(p);
}

/**
 * The experiment holding the active editor's file: the nearest experiment folder at or above it, up to the file's
 * workspace folder; outside any workspace folder, only the file's own folder.
 */
export async function experimentOfActiveEditor(): Promise<string | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') return undefined;
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  return findExperimentFolder(uri.fsPath, trainScriptFor(uri), root);
}

/** One experiment: the only one, or the user's pick. */
export async function pickExperiment(prompts: Prompts, title: string): Promise<string | undefined> {
  const experiments = await findWorkspaceExperiments();
  if (experiments.length === 0) {
    const script = trainScriptFor(vscode.workspace.workspaceFolders?.[0]?.uri);
    void prompts.notify(
      'info',
      `No experiment found: an experiment is a folder with a ${script} script or a runs/ folder. Create one with Experiments: New Experiment…`,
    );
    return undefined;
  }
  if (experiments.length === 1) return experiments[0];
  const chosen = await prompts.quickPick(
    experiments.map((dir) => ({ label: `$(beaker) ${escapeIconSyntax(vscode.workspace.asRelativePath(dir, true))}`, dir })),
    { title, placeHolder: 'Which experiment?' },
  );
  return chosen?.dir;
}

/** One run of any experiment, newest first. */
export async function pickRun(prompts: Prompts, title: string): Promise<RunTarget | undefined> {
  const experiments = await findWorkspaceExperiments();
  const indexes = await Promise.all(experiments.map((dir) => indexExperiment(dir)));
  const runs: RunInfo[] = indexes.flatMap((i) => i.runs).sort(compareRunsNewestFirst);
  if (runs.length === 0) {
    void prompts.notify('info', 'No run yet: train first (Experiments: Train with name…).');
    return undefined;
  }
  const many = experiments.length > 1;
  const chosen = await prompts.quickPick(
    runs.map((run) => ({
      label: escapeIconSyntax(run.dirName),
      description: escapeIconSyntax(
        [run.status, many ? vscode.workspace.asRelativePath(run.experimentDir, true) : undefined].filter(Boolean).join(' · '),
      ),
      run,
    })),
    { title, placeHolder: 'Which run? (newest first)', matchOnDescription: true },
  );
  if (!chosen) return undefined;
  const target = runTargetFrom(chosen.run.experimentDir, chosen.run.dirName);
  return typeof target === 'string' ? undefined : target;
}

/** The run named by the argument, else the user's pick; a refused argument is explained and gives none. */
export async function runOrPick(prompts: Prompts, arg: unknown, title: string): Promise<RunTarget | undefined> {
  const run = runFromArg(arg);
  if (typeof run === 'string') {
    void prompts.notify('error', run);
    return undefined;
  }
  return run ?? (await pickRun(prompts, title));
}
