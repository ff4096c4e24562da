// Run paths as they appear in a line of text: the `runs/…` word being typed before the cursor (for completion)
// and whole run paths `runs/YYYY-MM-DDTHH-MM-SS-<name>` (for hover). Only relative paths that start a word count,
// as eval and plot scripts take them from the experiment folder; `data/runs/…` or `/abs/runs/…` are other things.

export const RUNS_PREFIX = 'runs/';

/** Characters that end a word in a string: spaces, quotes, and what separates an option from its value. */
const WORD_BREAK = /[\s'"`=([,;]/;

export interface RunPathPrefix {
  /** Column where the word starts (its `r`). */
  start: number;
  /** The word up to the cursor, e.g. `runs/2025-02`. */
  text: string;
}

/**
 * The word before `character` when it starts with `runs/` and names no deeper folder (no second `/`): what a run
 * path completion replaces. Looks at this line only, so it is cheap enough to run for every completion request.
 */
export function runPathPrefixAt(line: string, character: number): RunPathPrefix | undefined {
  const end = Math.min(character, line.length);
  let start = end;
  while (start > 0 && !WORD_BREAK.test(line[start - 1])) start--;
  const text = line.slice(start, end);
  if (!text.startsWith(RUNS_PREFIX) || text.indexOf('/', RUNS_PREFIX.length) >= 0) return undefined;
  return { start, text };
}

const RUN_PATH = /(?<![\w./\\-])runs\/(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-[A-Za-z0-9._-]+)/g;

export interface RunPathMatch {
  /** Columns of `runs/<dirName>` in the line. */
  start: number;
  end: number;
  /** The run folder's name, e.g. `2025-02-02T15-00-00-full`. */
  dirName: string;
}

/** The run path `runs/YYYY-MM-DDTHH-MM-SS-<name>` that covers `character` in `line`, if any. */
export function runPathAt(line: string, character: number): RunPathMatch | undefined {
  if (!line.includes(RUNS_PREFIX)) return undefined;
  for (const m of line.matchAll(RUN_PATH)) {
    // A sentence may end right after the path: "see runs/…-full." names the run `full`.
    const dirName = m[1].replace(/\.+$/, '');
    const start = m.index ?? 0;
    const end = start + RUNS_PREFIX.length + dirName.length;
    if (character >= start && character <= end) return { start, end, dirName };
  }
  return undefined;
}
