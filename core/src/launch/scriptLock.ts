// "Lock Script Environment": `pixi lock --script <script>` for a script run in its own pixi environment, `uv lock
// --script <script>` for one run with uv. Each tool writes its lock beside the script (pixi 0.77: `<script>.pixi.lock`;
// uv: `<script>.lock`), and the header shows when that file is missing or older than the script.
import * as path from 'node:path';
import { LaunchCommand, resolveRunner } from './launchCommand';

export type LockTool = 'pixi' | 'uv';

/** The tool that locks the script, or why none does (a message for the user). */
export function lockToolFor(
  runnerSetting: string,
  pixiManifest: string | undefined,
  headerDeclaresPixi: boolean,
): { tool: LockTool } | { refused: string } {
  const runner = resolveRunner(runnerSetting, pixiManifest, headerDeclaresPixi);
  switch (runner) {
    case 'pixi-script':
      return { tool: 'pixi' };
    case 'uv':
      return { tool: 'uv' };
    case 'pixi':
      return {
        refused: `This script runs in the environment of ${pixiManifest ?? 'the pixi manifest'}, which \`pixi lock\` locks in that folder; a lock of the script's own header would not be used.`,
      };
    case 'python':
      return { refused: 'With the python runner the script runs in an interpreter you chose, which has no lock file.' };
  }
}

/** The lock file the tool writes beside the script. */
export function lockFileFor(scriptPath: string, tool: LockTool): string {
  return scriptPath + (tool === 'pixi' ? '.pixi.lock' : '.lock');
}

/** The command that locks `script` (relative to `cwd`, the script's folder). */
export function lockCommand(tool: LockTool, script: string, cwd: string): LaunchCommand {
  return { command: tool, args: ['lock', '--script', script], cwd, env: {} };
}

export type LockState = 'missing' | 'stale' | 'current';

/**
 * Whether the lock is missing, or older than the script: a file has one modification time, so any change to the
 * script after the lock was written counts, the header's or not; locking again is then cheap and harmless.
 */
export function lockState(scriptMtimeMs: number, lockMtimeMs: number | undefined): LockState {
  if (lockMtimeMs === undefined) return 'missing';
  return lockMtimeMs < scriptMtimeMs ? 'stale' : 'current';
}

/** The code lens title on the header's first line. */
export function lockLensTitle(state: LockState, scriptPath: string, tool: LockTool): string {
  const lock = path.basename(lockFileFor(scriptPath, tool));
  switch (state) {
    case 'missing':
      return `Lock Script Environment (${tool} lock --script: no ${lock} yet)`;
    case 'stale':
      return `Lock Script Environment again (${lock} is older than the script)`;
    case 'current':
      return `${lock} is up to date`;
  }
}
