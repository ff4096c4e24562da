// Completion of run paths inside Python strings: typing `runs/` in a default value, a docstring example or any other
// string offers the runs of the file's experiment, newest first, with their status, age and latest metrics.
import type { Position, Range } from '../diagnostic';
import type { LineSource } from '../completion/headerAtCursor';
import { RUNS_PREFIX, runPathPrefixAt } from './runPathText';
import { stringAt } from './pythonStrings';
import { describeRun, runDetail } from './describeRun';
import type { RunIndexReader } from './runIndexReader';

export interface RunPathCandidate {
  /** `runs/<dirName>`: what is inserted, and what the typed text is matched against. */
  label: string;
  newText: string;
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

/**
 * Run folders to complete at `position` of the script at `filePath`, or undefined when the cursor is not on a
 * `runs/…` word inside a Python string, or the file belongs to no experiment.
 */
export async function completeRunPath(
  lines: LineSource,
  position: Position,
  filePath: string | undefined,
  reader: RunIndexReader,
  now: number = Date.now(),
): Promise<RunPathCandidate[] | undefined> {
  if (!filePath || position.line >= lines.lineCount) return undefined;
  const prefix = runPathPrefixAt(lines.lineAt(position.line), position.character);
  if (!prefix || !stringAt(lines, { line: position.line, character: prefix.start })) return undefined;
  const experiment = await reader.experimentFolderOf(filePath);
  if (!experiment) return undefined;
  const index = await reader.listRuns(experiment);
  const range: Range = { start: { line: position.line, character: prefix.start }, end: position };
  const width = String(index.runs.length).length;
  return index.runs.map((run, i) => ({
    label: RUNS_PREFIX + run.dirName,
    newText: RUNS_PREFIX + run.dirName,
    range,
    sortText: String(i).padStart(width, '0'),
    detail: runDetail(run, now),
    documentation: describeRun(run, now),
  }));
}
