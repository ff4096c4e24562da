// Registers the Run Explorer: the tree view, its Refresh and "show older runs" commands, and the API the
// end-to-end tests read it through.
import * as vscode from 'vscode';
import type { Log } from '#client/log';
import type { RunExplorerNode } from './nodes';
import { RunExplorerProvider } from './runExplorerProvider';
import { SHOW_MORE_RUNS_COMMAND } from './treeItems';

export type { RunExplorerNode, RunNode, ExperimentNode } from './nodes';
export type { RunExplorerProvider, RunsEntryCreated } from './runExplorerProvider';

export interface RunExplorerApi {
  /** The tree's children, as VS Code gets them (the root when `element` is undefined). */
  getChildren(element?: RunExplorerNode): Promise<RunExplorerNode[]>;
  /** The tree item VS Code shows for an element. */
  getTreeItem(element: RunExplorerNode): vscode.TreeItem;
  /** Forgets and lists everything again, as the Refresh command does. */
  refresh(): void;
  /** Re-reads one run now, given its folder path (e.g. when a launched script ended). */
  refreshRun(runPath: string): Promise<void>;
  /** Resolves when no listing is being computed and no file change waits to be applied. */
  waitForIdle(): Promise<void>;
  /** Fires after file changes have been applied to the tree. */
  onDidUpdate: vscode.Event<void>;
  treeView: vscode.TreeView<RunExplorerNode>;
}

/** Cheap: creates the provider and the view; nothing is read until the view is shown or the API is asked. */
export function registerRunExplorer(context: vscode.ExtensionContext, log: Log): { provider: RunExplorerProvider; api: RunExplorerApi } {
  const provider = new RunExplorerProvider(log);
  const treeView = vscode.window.createTreeView('experimentScripts.runs', {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  context.subscriptions.push(
    provider,
    treeView,
    vscode.commands.registerCommand('experimentScripts.refresh', () => provider.refresh()),
    vscode.commands.registerCommand(SHOW_MORE_RUNS_COMMAND, (experimentDir: string) => provider.showMore(experimentDir)),
  );
  const api: RunExplorerApi = {
    getChildren: (element) => provider.getChildren(element),
    getTreeItem: (element) => provider.getTreeItem(element),
    refresh: () => provider.refresh(),
    refreshRun: (runPath) => provider.refreshRun(runPath),
    waitForIdle: () => provider.waitForIdle(),
    onDidUpdate: provider.onDidUpdate,
    treeView,
  };
  return { provider, api };
}
