// "Lock Script Environment": runs `pixi lock --script` or `uv lock --script` for the active script (or the one the
// header's code lens names), as a task in the script's folder. Which tool follows the runner rule: the tool that
// will run the script locks it. Nothing runs in Restricted Mode.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findExecutable } from '#core/launch/findExecutable';
import { describeCommand } from '#core/launch/launchCommand';
import { findPixiManifest } from '#core/launch/pixiManifest';
import { headerDeclaresPixi, readScriptText } from '#core/launch/scriptHeader';
import { lockCommand, lockFileFor, lockToolFor } from '#core/launch/scriptLock';
import { LOCK_SCRIPT_ENVIRONMENT_COMMAND } from '#core/protocol/clientCommands';
import { errorMessage } from '#core/errorMessage';
import { refuseWhenUntrusted } from '#client/launch/trust';
import type { Prompts } from '#client/prompts';
import { runnerSetting } from '#client/settings';

export interface LockResult {
  locked: boolean;
  /** The command line run (program first). */
  command?: string[];
  exitCode?: number;
  /** Why nothing ran, or how it ended. */
  message?: string;
}

export function registerLockScriptEnvironment(context: vscode.ExtensionContext, prompts: Prompts): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(LOCK_SCRIPT_ENVIRONMENT_COMMAND, (target?: string | vscode.Uri) =>
      lockScriptEnvironment(prompts, target),
    ),
  );
}

async function lockScriptEnvironment(prompts: Prompts, target?: string | vscode.Uri): Promise<LockResult> {
  const refuse = (message: string, show = true): LockResult => {
    if (show) void prompts.notify('error', message);
    return { locked: false, message };
  };
  const uri = typeof target === 'string' ? vscode.Uri.parse(target) : (target ?? vscode.window.activeTextEditor?.document.uri);
  if (!uri || uri.scheme !== 'file' || !uri.fsPath.endsWith('.py')) return refuse('Lock Script Environment: open a Python script first.');
  const untrusted = refuseWhenUntrusted(prompts, 'Locking a script environment');
  if (untrusted) return refuse(untrusted, false);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return refuse(`${uri.fsPath} is not inside an open workspace folder.`);
  // The lock follows the header on disk: save unsaved header edits first.
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty && !(await document.save()))
    return refuse(`${path.basename(uri.fsPath)} could not be saved, so it was not locked.`);

  const scriptPath = uri.fsPath;
  const dir = path.dirname(scriptPath);
  const script = path.basename(scriptPath);
  const text = readScriptText(scriptPath);
  if (text === undefined) return refuse(`${script} could not be read.`);
  const setting = runnerSetting(uri);
  const manifest = setting === 'auto' || setting === 'pixi' ? findPixiManifest(dir, folder.uri.fsPath) : undefined;
  const decision = lockToolFor(setting, manifest, headerDeclaresPixi(text));
  if ('refused' in decision) {
    void prompts.notify('info', `${script}: ${decision.refused}`);
    return { locked: false, message: decision.refused };
  }
  const command = lockCommand(decision.tool, script, dir);
  const program = findExecutable(command.command, process.env.PATH, dir);
  if (!program) return refuse(`${command.command} was not found on PATH: install it to lock ${script}.`);

  const name = `lock · ${script} · ${decision.tool}`;
  const task = new vscode.Task(
    { type: 'experimentScripts', script: 'lock', target: script },
    folder,
    name,
    'Experiments',
    new vscode.ProcessExecution(program, command.args, { cwd: command.cwd }),
    [],
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: false };
  const argv = [command.command, ...command.args];
  const ended = new Promise<number | undefined>((resolve) => {
    const subscription = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.name !== name || e.execution.task.definition.target !== script) return;
      subscription.dispose();
      resolve(e.exitCode);
    });
  });
  try {
    await vscode.tasks.executeTask(task);
  } catch (err) {
    return refuse(`Could not start ${describeCommand(command)}: ${errorMessage(err)}`);
  }
  const exitCode = await ended;
  const lock = path.basename(lockFileFor(scriptPath, decision.tool));
  if (exitCode !== 0)
    return { locked: false, command: argv, exitCode, message: `${describeCommand(command)} failed (exit code ${exitCode ?? 'none'}).` };
  return { locked: true, command: argv, exitCode, message: `Wrote ${lock}.` };
}
