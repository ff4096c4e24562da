// Output sinks for the CLI, so that tests can capture them.
import * as path from 'node:path';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const nodeIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** A path as the user can use it: relative to the current folder when it lies inside it, else absolute. */
export function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}
