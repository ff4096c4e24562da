// Completion of run paths inside Python strings: typing `runs/` in a default value, a docstring example or any other
// string offers the runs of the file's experiment, newest first, with their status, age and latest metrics. What is
// inserted is the run path written for the string it goes into (pythonLiteral.ts): a run's name never ends the
// string or adds code; a name that a raw string cannot hold is offered with the reason and inserts nothing.
import type { Position, Range } from '#core/diagnostic';
import type { LineSource } from '#core/completion/headerAtCursor';
import { escapeControlCharacters } from '#core/text/controlCharacters';
import { RUNS_PREFIX, runPathPrefixAt } from './runPathText';
import { stringAt } from './pythonStrings';
import { inPythonString } from './pythonLiteral';
import { describeRun, runDetail } from './describeRun';
import type { RunIndexReader } from './runIndexReader';

export interface RunPathCandidate {
  /** `runs/<dirName>` as shown (control characters escaped). */
  label: string;
  /** The run path as source code inside the string; the typed text itself when the name cannot be written there. */
  newText: string;
  /** What the typed text is matched against: the text that would be inserted. */
  filterText: string;
  /** From the start of the typed `runs/…` word to the cursor. */
  range: Range;
  /** Newest first. */
  sortText: string;
  /** Status and age, e.g. `finished · 2 h ago`. */
  detail: string;
  /** Markdown: start time and latest metrics. */
  documentation: string;
}

/**
 * Quick test on the cursor's line alone: could a run path be completed here? Lets callers skip everything else
 * (reading the whole file, the disk) for the usual completion request.
 */
export function mayCompleteRunPath(line: string, character: number): boolean {
  return runPathPrefixAt(line, character) !== undefined;
}

export interface RunPathCompletion {
  /** Newest first. */
  items: RunPathCandidate[];
  /** True when more runs match than were offered: typing more asks again and narrows the list. */
  isIncomplete: boolean;
}

export interface RunPathCompletionOptions {
  now?: number;
  /** At most this many runs are offered at once (an experiment may hold thousands). */
  maxItems?: number;
}

export const MAX_RUN_PATH_ITEMS = 200;

/**
 * Run folders to complete at `position` of the script at `filePath`, or undefined when the cursor is not on a
 * `runs/…` word inside a Python string, or the file belongs to no experiment. Runs whose folder name holds the typed
 * characters in order are kept (as the editor's own fuzzy filter would), the newest `maxItems` of them offered.
 */
export async function completeRunPath(
  lines: LineSource,
  position: Position,
  filePath: string | undefined,
  reader: RunIndexReader,
  options: RunPathCompletionOptions = {},
): Promise<RunPathCompletion | undefined> {
  if (!filePath || position.line >= lines.lineCount) return undefined;
  const prefix = runPathPrefixAt(lines.lineAt(position.line), position.character);
  const inString = prefix && stringAt(lines, { line: position.line, character: prefix.start });
  if (!prefix || !inString) return undefined;
  const experiment = await reader.experimentFolderOf(filePath);
  if (!experiment) return undefined;
  const index = await reader.listRuns(experiment);
  const now = options.now ?? Date.now();
  const max = options.maxItems ?? MAX_RUN_PATH_ITEMS;
  const typed = prefix.text.slice(RUNS_PREFIX.length).toLowerCase();
  const range: Range = { start: { line: position.line, character: prefix.start }, end: position };
  const matching = typed === '' ? index.runs : index.runs.filter((run) => holdsInOrder(run.dirName.toLowerCase(), typed));
  const width = String(Math.min(matching.length, max)).length;
  const items = matching.slice(0, max).map((run, i): RunPathCandidate => {
    const label = RUNS_PREFIX + escapeControlCharacters(run.dirName);
    const code = run.fsPath
      ? { ok: false as const, why: 'its folder name is not valid UTF-8' }
      : inPythonString(RUNS_PREFIX + run.dirName, inString);
    const detail = runDetail(run, now);
    return {
      label,
      newText: code.ok ? code.code : prefix.text,
      filterText: code.ok ? code.code : label,
      range,
      sortText: String(i).padStart(width, '0'),
      detail: code.ok ? detail : `${detail} — ${code.why}`,
      documentation: describeRun(run, now),
    };
  });
  return { items, isIncomplete: matching.length > max };
}

/** True when every character of `typed` occurs in `text`, in order (a subsequence). */
function holdsInOrder(text: string, typed: string): boolean {
  let at = 0;
  for (const c of typed) {
    at = text.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}
