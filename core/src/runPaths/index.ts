// Run paths in experiment scripts: completion and hover of `runs/YYYY-MM-DDTHH-MM-SS-<name>` inside Python strings.
export { completeRunPath, mayCompleteRunPath, MAX_RUN_PATH_ITEMS } from './completeRunPath';
export type { RunPathCandidate, RunPathCompletion, RunPathCompletionOptions } from './completeRunPath';
export { hoverRunPath, mayHoverRunPath } from './hoverRunPath';
export type { RunPathHover } from './hoverRunPath';
export type { RunIndexReader } from './runIndexReader';
export { stringAt } from './pythonStrings';
export type { StringAtPosition } from './pythonStrings';
export { runPathPrefixAt, runPathAt, RUNS_PREFIX } from './runPathText';
