// Builds the program and argument list that runs an experiment script: never a shell string, so a run name or a
// path reaches the script as one argument whatever characters it holds.
import * as path from 'node:path';

/** `pixi`: the manifest's environment (`pixi run python`); `pixi-script`: the script's own (`pixi run --script`). */
export type Runner = 'uv' | 'pixi' | 'pixi-script' | 'python';

/** A process to start: `command` with `args`, in `cwd`, with `env` added to the inherited environment. */
export interface LaunchCommand {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface LaunchCommandOptions {
  runner: Runner;
  /** Interpreter for the `python` runner (a path or a command on PATH). */
  python?: string;
  /** Script path relative to `cwd`, e.g. `train.py`. */
  script: string;
  /** Arguments for the script: the descriptive name, or the run path. */
  scriptArgs: readonly string[];
  /** The experiment folder: scripts expect it as their working directory. */
  cwd: string;
  env?: Record<string, string>;
}

/** Thrown for arguments that must never reach a command line; the message says why, for the user. */
export class LaunchRefused extends Error {}

export function buildLaunchCommand(options: LaunchCommandOptions): LaunchCommand {
  const { runner, script, scriptArgs, cwd } = options;
  checkScript(script);
  for (const arg of scriptArgs) {
    // A leading "-" would be read as an option by uv, pixi or Typer instead of as the value we mean.
    if (arg === '' || arg.startsWith('-') || arg.includes('\0'))
      throw new LaunchRefused(`Refusing to pass ${JSON.stringify(arg)} to ${script}.`);
  }
  const env = { ...(options.env ?? {}) };
  switch (runner) {
    case 'uv':
      return { command: 'uv', args: ['run', script, ...scriptArgs], cwd, env };
    case 'pixi':
      return { command: 'pixi', args: ['run', 'python', script, ...scriptArgs], cwd, env };
    case 'pixi-script':
      return { command: 'pixi', args: ['run', '--script', script, ...scriptArgs], cwd, env };
    case 'python': {
      const python = options.python?.trim() || 'python3';
      return { command: python, args: [script, ...scriptArgs], cwd, env };
    }
  }
}

/** The script setting must name a Python file inside the experiment. */
function checkScript(script: string): void {
  if (script.trim() === '') throw new LaunchRefused('The script setting is empty.');
  if (script.startsWith('-') || script.includes('\0')) throw new LaunchRefused(`${JSON.stringify(script)} is not a script name.`);
  if (path.isAbsolute(script) || script.split(/[\\/]/).includes('..')) {
    throw new LaunchRefused(`The script ${JSON.stringify(script)} must be a path inside the experiment folder.`);
  }
}

/**
 * The runner for a script. `auto`: `pixi run --script` when the script's header has `[tool.pixi]` (its own pixi
 * environment), else `pixi run python` when a pixi manifest applies to the experiment, else `uv run`. `pixi`: the same,
 * except that a script with neither runs in its own pixi environment rather than with uv. `pixi-script`: always the
 * script's own pixi environment. `uv` and `python`: as named.
 */
export function resolveRunner(setting: string, pixiManifest: string | undefined, headerDeclaresPixi = false): Runner {
  switch (setting) {
    case 'uv':
    case 'python':
    case 'pixi-script':
      return setting;
    case 'pixi':
      return headerDeclaresPixi || pixiManifest === undefined ? 'pixi-script' : 'pixi';
    default:
      if (headerDeclaresPixi) return 'pixi-script';
      return pixiManifest !== undefined ? 'pixi' : 'uv';
  }
}

/** How the runner is named to people: terminal names, the Run Explorer, messages. */
export function runnerLabel(runner: Runner): string {
  switch (runner) {
    case 'uv':
      return 'uv run';
    case 'pixi':
      return 'pixi run python';
    case 'pixi-script':
      return 'pixi run --script';
    case 'python':
      return 'python';
  }
}

/** How the command reads for people (terminal headers, logs): each argument quoted only when it needs it. */
export function describeCommand(cmd: Pick<LaunchCommand, 'command' | 'args'>): string {
  return [cmd.command, ...cmd.args].map((a) => (/^[A-Za-z0-9_./:=,+@%-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
