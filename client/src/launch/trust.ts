// Nothing is launched from a workspace the user has not trusted: its scripts and settings could be anyone's.
import * as vscode from 'vscode';

/** Undefined when launching is allowed; otherwise the explanation, already shown with a way to manage trust. */
export function refuseWhenUntrusted(what: string): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const message = `${what} is not available in Restricted Mode: launching would run this workspace's scripts. Trust the workspace to launch runs.`;
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return message;
}
