// Nothing is launched from a workspace the user has not trusted: its scripts and settings could be anyone's.
import * as vscode from 'vscode';

/** True when launching is allowed; otherwise explains why and offers the trust editor. */
export function ensureTrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `${what} is not available in Restricted Mode: launching would run this workspace's scripts. Trust the workspace to launch runs.`,
      'Manage Workspace Trust',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
