// Nothing is launched from a workspace the user has not trusted: its scripts and settings could be anyone's.
import * as vscode from 'vscode';
import type { Prompts } from '#client/prompts';

const MANAGE_TRUST = 'Manage Workspace Trust';

/** Undefined when launching is allowed; otherwise the explanation, already shown with a way to manage trust. */
export function refuseWhenUntrusted(prompts: Prompts, what: string): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const message = `${what} is not available in Restricted Mode: launching would run this workspace's scripts. Trust the workspace to launch runs.`;
  void Promise.resolve(prompts.notify('warning', message, MANAGE_TRUST)).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return message;
}
