// Run path completion and hover over a given index (no disk): what is offered, in which order, with which words,
// and when nothing is offered at all.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { linesOfText } from '#core/completion/headerAtCursor';
import { completeRunPath, hoverRunPath, RunIndexReader } from '#core/runPaths/index';
import type { ExperimentIndex, NotARun, RunInfo } from '#core/runs/types';
import { parseRunDirName } from '#core/runs/runName';

const EXPERIMENT = path.resolve('/work/exp');
const SCRIPT = path.join(EXPERIMENT, 'eval.py');
const NOW = new Date(2025, 1, 4, 12, 0, 0).getTime();

function run(dirName: string, details: Partial<RunInfo> = {}): RunInfo {
  const parsed = parseRunDirName(dirName);
  assert.ok(parsed);
  return {
    experimentDir: EXPERIMENT,
    dirName,
    path: path.join(EXPERIMENT, 'runs', dirName),
    relativePath: `runs/${dirName}`,
    name: parsed.name,
    startedAt: parsed.startedAt,
    status: 'unknown',
    problems: [],
    ...details,
  };
}

const RUNS = [
  run('2025-02-04T08-00-00-full', {
    status: 'running',
    statusReason: 'logs/train.log was written less than a minute ago',
    latestMetrics: { epoch: 3, loss: 0.25 },
  }),
  run('2025-02-02T15-00-00-full', {
    status: 'failed',
    latestMetrics: { epoch: 0, loss: 2.3 },
    problems: ['The train log ends with: ERROR | CUDA out of memory'],
  }),
  run('2025-02-02T14-30-00-de-risk'),
];

/** A reader over a fixed index that records what it was asked; `null`: the file belongs to no experiment. */
function reader(experiment: string | null = EXPERIMENT, notRuns: NotARun[] = []): RunIndexReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    experimentFolderOf(filePath) {
      calls.push(`folder ${filePath}`);
      return Promise.resolve(experiment ?? undefined);
    },
    listRuns(dir): Promise<ExperimentIndex> {
      calls.push(`list ${dir}`);
      return Promise.resolve({ dir, runs: RUNS, notRuns, problems: [] });
    },
    readRun(dir, dirName) {
      calls.push(`read ${dirName}`);
      return Promise.resolve(RUNS.find((r) => r.dirName === dirName) ?? notRuns.find((n) => n.dirName === dirName));
    },
  };
}

/** Text and cursor from a text with a `|`. */
function at(textWithBar: string) {
  const i = textWithBar.indexOf('|');
  const text = textWithBar.slice(0, i) + textWithBar.slice(i + 1);
  const before = text.slice(0, i).split('\n');
  return { lines: linesOfText(text), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

test('completion in a string on runs/ offers every run, newest first, with status, age and metrics', async () => {
  const { lines, position } = at('def main(run_path: str = typer.Argument("runs/|")) -> None:');
  const r = reader();
  const found = await completeRunPath(lines, position, SCRIPT, r, { now: NOW });
  assert.ok(found);
  assert.equal(found.isIncomplete, false);
  const items = found.items;
  assert.deepEqual(
    items.map((c) => c.newText),
    RUNS.map((x) => `runs/${x.dirName}`),
  );
  assert.deepEqual(
    [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((c) => c.label),
    items.map((c) => c.label),
    'sortText keeps newest first',
  );
  assert.deepEqual(items[0].range, { start: { line: 0, character: 41 }, end: position }, 'replaces the typed runs/ word');
  assert.equal(items[0].detail, 'running · 4 h ago');
  assert.equal(items[1].detail, 'failed · 1 d ago');
  assert.equal(items[2].detail, '1 d ago', 'no status for a run whose details were not read');
  assert.match(items[0].documentation, /\| epoch \| 3 \|/);
  assert.match(items[0].documentation, /\| loss \| 0\\\.25 \|/); // run text is escaped Markdown: `0\.25`
  assert.match(items[1].documentation, /CUDA out of memory/);
  assert.match(items[2].documentation, /hover/);
  assert.deepEqual(r.calls, [`folder ${SCRIPT}`, `list ${EXPERIMENT}`]);
});

test('completion also works in a docstring example, and keeps the typed part of the name for filtering', async () => {
  const { lines, position } = at('"""Evaluate a run.\n\nExample:\n    uv run eval.py runs/2025-02-0|\n"""\n');
  const found = await completeRunPath(lines, position, SCRIPT, reader(), { now: NOW });
  assert.equal(found?.items.length, 3);
  assert.deepEqual(found?.items[0].range.start, { line: 3, character: 19 });
});

test('the typed characters narrow the runs as the editor filters them; a long list is cut and marked incomplete', async () => {
  const labels = async (textWithBar: string, maxItems?: number) => {
    const { lines, position } = at(textWithBar);
    const found = await completeRunPath(lines, position, SCRIPT, reader(), { now: NOW, maxItems });
    return { labels: found?.items.map((c) => c.label), isIncomplete: found?.isIncomplete };
  };
  assert.deepEqual(await labels('"runs/2025-02-02|"'), {
    labels: ['runs/2025-02-02T15-00-00-full', 'runs/2025-02-02T14-30-00-de-risk'],
    isIncomplete: false,
  });
  assert.deepEqual(
    await labels('"runs/full|"'),
    { labels: ['runs/2025-02-04T08-00-00-full', 'runs/2025-02-02T15-00-00-full'], isIncomplete: false },
    'by name, without the date',
  );
  assert.deepEqual(await labels('"runs/RISK|"'), { labels: ['runs/2025-02-02T14-30-00-de-risk'], isIncomplete: false }, 'ignoring case');
  assert.deepEqual(await labels('"runs/|"', 2), {
    labels: ['runs/2025-02-04T08-00-00-full', 'runs/2025-02-02T15-00-00-full'],
    isIncomplete: true,
  });
});

test('no run completion outside strings, before runs/, for unsaved files, or outside an experiment', async () => {
  const none = async (textWithBar: string, file: string | null = SCRIPT, r = reader()) => {
    const { lines, position } = at(textWithBar);
    return completeRunPath(lines, position, file ?? undefined, r, { now: NOW });
  };
  assert.equal(await none('path = runs/|'), undefined);
  assert.equal(await none('# uv run eval.py runs/|'), undefined);
  assert.equal(await none('path = "run|"'), undefined);
  assert.equal(await none('path = "runs/|"', null), undefined, 'an unsaved file has no folder');
  const r = reader(null);
  assert.equal(await none('path = "runs/|"', SCRIPT, r), undefined);
  assert.deepEqual(r.calls, [`folder ${SCRIPT}`], 'no listing without an experiment');
  const untouched = reader();
  await none('x = 1  # runs/|', SCRIPT, untouched);
  assert.deepEqual(untouched.calls, [], 'nothing is read when the text rules it out');
});

test('hover on a run path shows the run: name, start, status, metrics and where it is', async () => {
  const { lines, position } = at('DEFAULT = "runs/2025-02-02T15-0|0-00-full"');
  const hover = await hoverRunPath(lines, position, SCRIPT, reader(), NOW);
  assert.ok(hover);
  assert.deepEqual(hover.range, { start: { line: 0, character: 11 }, end: { line: 0, character: 40 } });
  assert.match(hover.markdown, /^\*\*Run full\*\* — failed/);
  assert.match(hover.markdown, /Started 2025-02-02 15:00:00 \(1 d ago\)/);
  assert.match(hover.markdown, /\| loss \| 2\\\.3 \|/);
  assert.match(hover.markdown, /CUDA out of memory/);
  assert.ok(hover.markdown.includes(EXPERIMENT));
});

test('hover on a path to no run warns, and names runs with the same descriptive name', async () => {
  const { lines, position } = at('DEFAULT = "runs/2025-02-02T15-0|0-01-full"');
  const hover = await hoverRunPath(lines, position, SCRIPT, reader(), NOW);
  assert.ok(hover);
  assert.match(hover.markdown, /No such run/);
  assert.ok(hover.markdown.includes(EXPERIMENT));
  assert.ok(hover.markdown.includes('runs/2025-02-04T08-00-00-full') && hover.markdown.includes('runs/2025-02-02T15-00-00-full'));
  assert.ok(!hover.markdown.includes('de-risk'));
});

test('hover on an entry of runs/ that is not a run, and on a path outside any experiment', async () => {
  const notRun: NotARun = {
    experimentDir: EXPERIMENT,
    dirName: '2025-02-30T10-00-00-x',
    path: '',
    reason: '"2025-02-30T10-00-00" is not a valid date and time',
  };
  const { lines, position } = at('"runs/2025-02-30T10-0|0-00-x"');
  assert.match(
    (await hoverRunPath(lines, position, SCRIPT, reader(EXPERIMENT, [notRun]), NOW))?.markdown ?? '',
    /not a run: .*not a valid date/,
  );
  assert.match((await hoverRunPath(lines, position, SCRIPT, reader(null), NOW))?.markdown ?? '', /No experiment folder/);
});

test('no hover outside strings or away from the path', async () => {
  const r = reader();
  for (const text of ['x = runs/2025-02-02T15-0|0-00-full', '# "runs/2025-02-02T15-0|0-00-full"', '"runs/2025-02-02T15-00-00-full" + 1|']) {
    const { lines, position } = at(text);
    assert.equal(await hoverRunPath(lines, position, SCRIPT, r, NOW), undefined, text);
  }
  assert.deepEqual(r.calls, []);
});
