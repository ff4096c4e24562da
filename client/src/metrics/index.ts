// The metrics view's commands: Show Metrics (one run) and Compare Runs (several), from the Run Explorer or the
// command palette. There is one panel per experiment; showing runs of an experiment whose panel is open reuses it,
// and while it is open, selecting runs of that experiment in the Run Explorer shows them. A window reload brings
// the panels back (the serializer), with the runs and settings they had.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runTargetFrom } from '#core/launch/runTarget';
import { runsToShowOnStartup } from '#core/metrics/startupRuns';
import { indexExperiment } from '#core/runs/experimentIndex';
import { findWorkspaceExperiments } from '#client/runExplorer/workspaceExperiments';
import type { Log } from '#client/log';
import type { Prompts } from '#client/prompts';
import type { RunExplorerApi, RunExplorerNode } from '#client/runExplorer/index';
import { METRICS_VIEW_TYPE, MetricsPanel, type RestoredState } from './metricsPanel';
import { pickRunsToCompare, runsOfArgs } from './runChoice';
import type { PanelModel } from '#core/metrics/protocol';

/** What the extension exposes of the metrics view to its tests. */
export interface MetricsApi {
  /** The experiments with an open panel and the runs each shows. */
  panels(): { experimentDir: string; runIds: string[]; model: PanelModel | undefined }[];
  /** What a window does at start with `experimentScripts.metrics.openOnStartup` on; resolves once it is done. */
  openOnStartup(): Promise<void>;
}

export function registerMetrics(context: vscode.ExtensionContext, runExplorer: RunExplorerApi, prompts: Prompts, log: Log): MetricsApi {
  const panels = new Map<string, MetricsPanel>();

  const track = (panel: MetricsPanel) => {
    panels.set(panel.experimentDir, panel);
    panel.onDidDispose(() => {
      if (panels.get(panel.experimentDir) === panel) panels.delete(panel.experimentDir);
    });
    return panel;
  };

  const show = async (experimentDir: string, runIds: string[]): Promise<void> => {
    let panel = panels.get(experimentDir);
    if (!panel) {
      const webviewPanel = vscode.window.createWebviewPanel(METRICS_VIEW_TYPE, 'Metrics', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [],
      });
      panel = track(new MetricsPanel(webviewPanel, experimentDir, context.extensionUri, log));
    } else {
      panel.reveal();
    }
    await panel.setRuns(runIds);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('experimentScripts.showMetrics', async (arg?: unknown) => {
      const chosen = arg === undefined ? await pickRunsToCompare(prompts, runExplorer, { single: true }) : runsOfArgs(prompts, [arg]);
      if (chosen) await show(chosen.experimentDir, chosen.runIds);
    }),
    vscode.commands.registerCommand('experimentScripts.compareRuns', async (arg?: unknown, selected?: unknown) => {
      // From the Run Explorer's menu: the run clicked and the whole selection; from the palette: nothing.
      const args = Array.isArray(selected) && selected.length > 0 ? selected : arg !== undefined ? [arg] : [];
      const chosen =
        args.length >= 2 ? runsOfArgs(prompts, args) : await pickRunsToCompare(prompts, runExplorer, { single: false, preselected: args });
      if (chosen) await show(chosen.experimentDir, chosen.runIds);
    }),
    vscode.window.registerWebviewPanelSerializer(METRICS_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown) {
        const restored = restoredState(state);
        if (!restored || panels.has(restored.experimentDir)) {
          webviewPanel.dispose();
          return;
        }
        const panel = track(new MetricsPanel(webviewPanel, restored.experimentDir, context.extensionUri, log, restored));
        await panel.setRuns(restored.runIds);
      },
    }),
    runExplorer.treeView.onDidChangeSelection((e) => {
      // A selection of runs of an experiment whose panel is open is shown there.
      const byExperiment = new Map<string, string[]>();
      for (const node of e.selection) {
        if (node.kind !== 'run') continue;
        const list = byExperiment.get(node.run.experimentDir) ?? [];
        list.push(node.run.dirName);
        byExperiment.set(node.run.experimentDir, list);
      }
      for (const [dir, ids] of byExperiment) {
        const panel = panels.get(dir);
        if (panel && panel.runIds.join('\n') !== ids.join('\n')) void panel.setRuns(ids);
      }
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );

  // With the setting on (the demo turns it on), a window opens on the newest runs of the experiment that ran last,
  // unless a panel came back from the last session. Only in a trusted workspace: opening the view reads the runs.
  const openOnStartup = async (): Promise<void> => {
    if (panels.size > 0 || !vscode.workspace.isTrusted) return;
    const experiments = await findWorkspaceExperiments();
    const chosen = runsToShowOnStartup(await Promise.all(experiments.map((dir) => indexExperiment(dir))));
    if (!chosen || panels.size > 0) return;
    await show(chosen.experimentDir, chosen.runIds);
    // The runs beside their curves: the Run Explorer is where other runs are chosen.
    await vscode.commands.executeCommand('experimentScripts.runs.focus');
  };
  if (vscode.workspace.getConfiguration('experimentScripts').get<boolean>('metrics.openOnStartup') === true) {
    openOnStartup().catch((err: unknown) => log.warn(`metrics view at start: ${String(err)}`));
  }

  return {
    panels: () => [...panels.values()].map((p) => ({ experimentDir: p.experimentDir, runIds: p.runIds, model: p.lastModel })),
    openOnStartup,
  };
}

/** The panel to restore after a window reload, from the state the page kept; undefined when it does not hold up. */
function restoredState(state: unknown): (RestoredState & { experimentDir: string; runIds: string[] }) | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  if (typeof s.experimentDir !== 'string' || !path.isAbsolute(s.experimentDir) || !Array.isArray(s.runIds)) return undefined;
  // Only an experiment of the workspace, and only run folder names that are run folders of it.
  const inWorkspace = (vscode.workspace.workspaceFolders ?? []).some((f) => {
    const rel = path.relative(f.uri.fsPath, s.experimentDir as string);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  });
  if (!inWorkspace || !fs.existsSync(s.experimentDir)) return undefined;
  const runIds = s.runIds.filter(
    (id): id is string => typeof id === 'string' && typeof runTargetFrom(s.experimentDir as string, id) !== 'string',
  );
  const options = typeof s.options === 'object' && s.options !== null ? (s.options as RestoredState['options']) : undefined;
  const directions = Array.isArray(s.directions)
    ? s.directions.filter(
        (d): d is [string, 'min' | 'max' | null] =>
          Array.isArray(d) && typeof d[0] === 'string' && (d[1] === 'min' || d[1] === 'max' || d[1] === null),
      )
    : undefined;
  return { experimentDir: s.experimentDir, runIds, options, directions };
}

export type { RunExplorerNode };
