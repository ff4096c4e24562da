// The commands on a run: Open Train Log, Reveal Run in File Explorer, Copy Run Path and Delete Run…. From the Run
// Explorer they get the run node (Delete Run… also the selection); from the command palette they ask for a run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '#core/errorMessage';
import type { RunTarget } from '#core/launch/runTarget';
import { checkDeletableRun } from '#core/runs/deletableRun';
import { checkOpenableRunFile } from '#core/runs/runFolderEntry';
import type { Prompts } from '#client/prompts';
import { runOrPick } from './targets';

export function registerRunCommands(context: vscode.ExtensionContext, prompts: Prompts): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('experimentScripts.openTrainLog', (arg?: unknown) => openTrainLog(prompts, arg)),
    vscode.commands.registerCommand('experimentScripts.revealRun', (arg?: unknown) => revealRun(prompts, arg)),
    vscode.commands.registerCommand('experimentScripts.copyRunPath', (arg?: unknown) => copyRunPath(prompts, arg)),
    vscode.commands.registerCommand('experimentScripts.deleteRun', (arg?: unknown, selection?: unknown) =>
      deleteRuns(prompts, arg, selection),
    ),
  );
}

async function openTrainLog(prompts: Prompts, arg: unknown): Promise<void> {
  const run = await runOrPick(prompts, arg, 'Open Train Log');
  if (!run) return;
  const log = path.join(run.path, 'logs', 'train.log');
  // Only a regular file inside the experiment: a pipe would hang the editor, a link out would show a file out there.
  const openable = checkOpenableRunFile(log, run.experimentDir, `${run.relativePath}/logs/train.log`);
  if (!openable.ok) {
    void prompts.notify(
      openable.missing ? 'info' : 'warning',
      openable.missing ? `${run.relativePath} has no logs/train.log yet.` : openable.message,
    );
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(log), { preview: true });
}

async function revealRun(prompts: Prompts, arg: unknown): Promise<void> {
  const run = await runOrPick(prompts, arg, 'Reveal Run');
  if (!run) return;
  const uri = vscode.Uri.file(run.path);
  // The OS file manager only exists where the UI runs; over Remote-SSH or in a browser, reveal in VS Code's explorer.
  const remote = vscode.env.remoteName !== undefined || vscode.env.uiKind === vscode.UIKind.Web;
  await vscode.commands.executeCommand(remote ? 'revealInExplorer' : 'revealFileInOS', uri);
}

async function copyRunPath(prompts: Prompts, arg: unknown): Promise<string | undefined> {
  const run = await runOrPick(prompts, arg, 'Copy Run Path');
  if (!run) return undefined;
  await vscode.env.clipboard.writeText(run.relativePath);
  vscode.window.setStatusBarMessage(`Copied ${run.relativePath}`, 3000);
  return run.relativePath;
}

async function deleteRuns(prompts: Prompts, arg: unknown, selection: unknown): Promise<{ deleted: string[] }> {
  // From the tree, the second argument is the selection: with several runs selected, all of them are deleted.
  const chosen = Array.isArray(selection) && selection.length > 1 ? (selection as unknown[]) : [arg];
  const runs: RunTarget[] = [];
  for (const item of chosen) {
    const run = await runOrPick(prompts, item, 'Delete Run…');
    if (run) runs.push(run);
  }
  if (runs.length === 0) return { deleted: [] };
  const names = runs.map((r) => `${vscode.workspace.asRelativePath(r.experimentDir, true)}/${r.relativePath}`);
  const question = runs.length === 1 ? `Delete the run ${names[0]}?` : `Delete ${runs.length} runs?`;
  const detail =
    runs.length === 1
      ? 'Its folder, with logs, plots, checkpoints and data, is moved to the trash.'
      : `${names.join('\n')}\n\nTheir folders, with logs, plots, checkpoints and data, are moved to the trash.`;
  if (!(await prompts.confirm(question, 'Move to Trash', detail))) return { deleted: [] };
  const deleted: string[] = [];
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  for (const [i, run] of runs.entries()) {
    // Whatever the arguments said: only a run folder inside a workspace folder, never through a link out of it.
    const deletable = checkDeletableRun(run.path, workspaceFolders);
    if (!deletable.ok) {
      void prompts.notify('error', deletable.message);
      continue;
    }
    const uri = vscode.Uri.file(deletable.path);
    try {
      await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
      deleted.push(run.path);
    } catch (err) {
      if (!(await deletePermanentlyInstead(prompts, uri, names[i], err))) break;
      deleted.push(run.path);
    }
  }
  await vscode.commands.executeCommand('experimentScripts.refresh').then(undefined, () => undefined);
  return { deleted };
}

/** When the trash is not available (some remote and container file systems), ask again before deleting for good. */
async function deletePermanentlyInstead(prompts: Prompts, uri: vscode.Uri, name: string, err: unknown): Promise<boolean> {
  if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
    void prompts.notify('info', `${name} was already gone.`);
    return false;
  }
  const question = `${name} could not be moved to the trash (${errorMessage(err)}). Delete it permanently?`;
  if (!(await prompts.confirm(question, 'Delete Permanently', 'This cannot be undone.'))) return false;
  try {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
    return true;
  } catch (e) {
    void prompts.notify('error', `Could not delete ${name}: ${errorMessage(e)}`);
    return false;
  }
}
