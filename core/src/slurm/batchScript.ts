// The batch script sbatch submits: bash that changes to the experiment folder and `exec`s the very command a local
// launch would run (`uv run train.py de-risk`, …). Every word of it is single-quoted, so no name, path or setting is
// ever read by the shell as code; the options for sbatch are passed on its command line, not as `#SBATCH` lines.
import type { LaunchCommand } from '#core/launch/launchCommand';
import { LaunchRefused } from '#core/launch/launchCommand';

/** A word for bash, single-quoted: `it's` → `'it'\''s'`. Any text is safe inside single quotes except NUL. */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new LaunchRefused(`${JSON.stringify(word)} contains a NUL character, which no command line can hold.`);
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Writes the batch script for `command`. The first line after the comments is a command, so sbatch stops reading
 * `#SBATCH` lines before any word of the command appears: an argument holding a newline and `#SBATCH --…` is data.
 */
export function writeBatchScript(command: Pick<LaunchCommand, 'command' | 'args' | 'cwd' | 'env'>, title: string): string {
  const lines = [
    '#!/bin/bash',
    `# ${oneLine(title)}, written by Experiment Scripts and submitted with sbatch (its options are on sbatch's command line).`,
    `cd -- ${shellQuote(command.cwd)} || { echo "cannot enter the experiment folder" >&2; exit 1; }`,
  ];
  for (const [name, value] of Object.entries(command.env)) {
    if (!ENV_NAME.test(name)) throw new LaunchRefused(`${JSON.stringify(name)} is not an environment variable name.`);
    lines.push(`export ${name}=${shellQuote(value)}`);
  }
  lines.push(`exec ${[command.command, ...command.args].map(shellQuote).join(' ')}`);
  return lines.join('\n') + '\n';
}

/** A title for a comment line: control characters (newlines included) become spaces. */
function oneLine(text: string): string {
  return text.replace(/\p{Cc}/gu, ' ');
}
