// The extension's settings, read in one place, each with its default. Reads are scoped to a resource (a file or an
// experiment folder) so that folder-level values of a multi-root workspace apply.
import * as vscode from 'vscode';
import { SCRIPT_SETTINGS, scriptFileFor } from '#core/launch/scriptSettings';
import type { LaunchKind } from '#core/launch/taskName';

const SECTION = 'experimentScripts';

function read<T>(key: string, fallback: T, resource?: vscode.Uri): T {
  return vscode.workspace.getConfiguration(SECTION, resource).get<T>(key, fallback);
}

/** The script a launch of `kind` runs, and the key of the setting that names it (for messages). */
export function scriptSetting(kind: LaunchKind, resource?: vscode.Uri): { script: string; key: string } {
  const { key } = SCRIPT_SETTINGS[kind];
  return { script: scriptFileFor(kind, read<unknown>(key, undefined, resource)), key };
}

/** The nvidia-smi program (a restricted setting: a workspace cannot name it until trusted). */
export function nvidiaSmiPath(resource?: vscode.Uri): string {
  return read('nvidiaSmiPath', 'nvidia-smi', resource).trim() || 'nvidia-smi';
}

export function runnerSetting(resource?: vscode.Uri): string {
  return read('runner', 'auto', resource);
}

export function gpuSetting(resource?: vscode.Uri): string {
  return read('gpu', 'auto', resource);
}

/** The configured interpreter for the `python` runner; blank means "ask the Python extension". */
export function pythonPathSetting(resource?: vscode.Uri): string | undefined {
  return read<string | undefined>('pythonPath', undefined, resource);
}
