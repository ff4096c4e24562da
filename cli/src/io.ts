// Output sinks for the CLI, so that tests can capture them.
import * as path from 'node:path';
import { escapeControlCharacters } from '#core/text/controlCharacters';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const nodeIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/**
 * A path as the user can use it: relative to the current folder when it lies inside it, else absolute; its control
 * characters escaped, since a repository names its folders.
 */
export function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return escapeControlCharacters(rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel);
}

/**
 * One line of text output: run names, job names, reasons and messages that quote them come from a repository or a
 * scheduler, so their control characters are escaped (a newline in a name cannot start a line that passes for ours).
 */
export function textLine(text: string): string {
  return escapeControlCharacters(text) + '\n';
}
