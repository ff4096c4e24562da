// nvidia-smi as the settings name it (`experimentScripts.nvidiaSmiPath`, a restricted setting), for the launcher,
// the status bar and Choose GPU….
import type * as vscode from 'vscode';
import { nodeExecFile } from '#core/gpu/execFile';
import { GpuQueryResult, queryGpus } from '#core/gpu/queryGpus';
import { nvidiaSmiPath } from '#client/settings';

/** The GPUs and their processes; `withoutApps` leaves the processes out (the status bar needs only the figures). */
export function queryConfiguredGpus(resource?: vscode.Uri, withoutApps = false): Promise<GpuQueryResult> {
  return queryGpus(nodeExecFile, { program: nvidiaSmiPath(resource), withoutApps });
}
