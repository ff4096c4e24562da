// Hover on a run path in a Python string: what the run is (status, start time, latest metrics), or a warning that
// the experiment has no such run — a typo or a deleted run, which the eval or plot script would only find at launch.
import type { Position, Range } from '#core/diagnostic';
import type { LineSource } from '#core/completion/headerAtCursor';
import { trainScriptPath } from '#core/runs/experimentFolder';
import { parseRunDirName } from '#core/runs/runName';
import { runPathAt, RUNS_PREFIX } from './runPathText';
import { stringAt } from './pythonStrings';
import { describeRun } from './describeRun';
import { markdownCode, markdownText } from '#core/text/markdown';
import type { RunIndexReader } from './runIndexReader';

export interface RunPathHover {
  markdown: string;
  /** The run path in the line. */
  range: Range;
}

/** How many same-named runs a "no such run" hover suggests. */
const MAX_SUGGESTIONS = 3;

/** Cheap test on the hovered line alone: is there a run path under the position? */
export function mayHoverRunPath(line: string, character: number): boolean {
  return runPathAt(line, character) !== undefined;
}

export async function hoverRunPath(
  lines: LineSource,
  position: Position,
  filePath: string | undefined,
  reader: RunIndexReader,
  now: number = Date.now(),
): Promise<RunPathHover | undefined> {
  if (!filePath || position.line >= lines.lineCount) return undefined;
  const found = runPathAt(lines.lineAt(position.line), position.character);
  if (!found || !stringAt(lines, { line: position.line, character: found.start })) return undefined;
  const range: Range = { start: { line: position.line, character: found.start }, end: { line: position.line, character: found.end } };
  const shown = markdownCode(RUNS_PREFIX + found.dirName);
  const experiment = await reader.experimentFolderOf(filePath);
  if (!experiment) {
    return {
      range,
      markdown: `⚠ No experiment folder (one with ${markdownCode(trainScriptPath(reader.trainScript))} or \`runs/\`) at or above this file, so ${shown} cannot be looked up.`,
    };
  }
  const entry = await reader.readRun(experiment, found.dirName);
  if (entry && !('reason' in entry)) {
    return { range, markdown: describeRun(entry, now) + `\n\nFolder: ${shown} in ${markdownCode(experiment)}` };
  }
  if (entry) {
    return { range, markdown: `⚠ ${shown} is in ${markdownCode(experiment)} but is not a run: ${markdownText(entry.reason)}.` };
  }
  let markdown = `⚠ **No such run** in ${markdownCode(experiment)}: ${shown} does not exist.`;
  const name = parseRunDirName(found.dirName)?.name;
  if (name) {
    const sameName = (await reader.listRuns(experiment)).runs.filter((r) => r.name === name).slice(0, MAX_SUGGESTIONS);
    if (sameName.length > 0) {
      markdown +=
        `\n\nRuns named ${markdownText(name)}:\n\n` + sameName.map((r) => `- ${markdownCode(RUNS_PREFIX + r.dirName)}`).join('\n');
    }
  }
  return { range, markdown };
}
