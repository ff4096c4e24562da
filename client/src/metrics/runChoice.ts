// Which runs a metrics command shows: the Run Explorer nodes it was invoked on, or the user's pick in the command
// palette (one run for Show Metrics, several of one experiment for Compare Runs, starting from the runs selected in
// the Run Explorer). Run folders are rebuilt from experiment and folder name, never taken as handed in.
import * as vscode from 'vscode';
import type { RunTarget } from '#core/launch/runTarget';
import { compareRunsNewestFirst, indexExperiment } from '#core/runs/experimentIndex';
import { formatLocalDateTime } from '#core/runs/runDisplay';
import { pickExperiment, pickRun, runFromArg } from '#client/commands/targets';
import type { Prompts } from '#client/prompts';
import type { RunExplorerApi } from '#client/runExplorer/index';
import { escapeIconSyntax } from '#core/text/iconSyntax';

export interface ChosenRuns {
  experimentDir: string;
  runIds: string[];
}

/** The runs named by command arguments (run nodes, run infos, `{runDir}`), all of one experiment: the first one's. */
export function runsOfArgs(prompts: Prompts, args: readonly unknown[]): ChosenRuns | undefined {
  const targets = args.map((a) => runFromArg(a)).filter((t): t is RunTarget => typeof t === 'object');
  if (targets.length === 0) return undefined;
  const experimentDir = targets[0].experimentDir;
  const same = targets.filter((t) => t.experimentDir === experimentDir);
  if (same.length < targets.length) {
    void prompts.notify(
      'info',
      `Runs are compared within one experiment at a time: showing the ${same.length} selected runs of ${vscode.workspace.asRelativePath(experimentDir)}.`,
    );
  }
  return { experimentDir, runIds: [...new Set(same.map((t) => t.dirName))] };
}

/** Asks for one run, or for the runs of one experiment to compare (the Run Explorer's selection ticked). */
export async function pickRunsToCompare(
  prompts: Prompts,
  runExplorer: RunExplorerApi,
  opts: { single: boolean; preselected?: readonly unknown[] },
): Promise<ChosenRuns | undefined> {
  if (opts.single) {
    const run = await pickRun(prompts, 'Show Metrics');
    return run ? { experimentDir: run.experimentDir, runIds: [run.dirName] } : undefined;
  }
  const selected = runsOfArgs(prompts, opts.preselected?.length ? opts.preselected : runExplorer.treeView.selection);
  const experimentDir = selected?.experimentDir ?? (await pickExperiment(prompts, 'Compare Runs'));
  if (!experimentDir) return undefined;
  const index = await indexExperiment(experimentDir);
  const runs = [...index.runs].sort(compareRunsNewestFirst);
  if (runs.length === 0) {
    void prompts.notify(
      'info',
      `${vscode.workspace.asRelativePath(experimentDir)} has no runs yet: train first (Experiments: Train with name…).`,
    );
    return undefined;
  }
  const ticked = new Set(selected?.runIds ?? []);
  const chosen = await prompts.quickPickMany(
    runs.map((run) => ({
      label: escapeIconSyntax(run.name),
      description: formatLocalDateTime(run.startedAt),
      detail: escapeIconSyntax(run.relativePath),
      picked: ticked.has(run.dirName),
      run,
    })),
    {
      title: `Compare Runs of ${vscode.workspace.asRelativePath(experimentDir)}`,
      placeHolder: 'Tick the runs to compare (newest first)',
      matchOnDetail: true,
    },
  );
  if (!chosen || chosen.length === 0) return undefined;
  return { experimentDir, runIds: chosen.map((c) => c.run.dirName) };
}
