// Where run paths are recognised: inside Python strings only (the lexer), on a `runs/…` word (completion) or a whole
// `runs/YYYY-MM-DDTHH-MM-SS-<name>` path (hover).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { linesOfText } from '#core/completion/headerAtCursor';
import { runPathAt, runPathPrefixAt, stringAt } from '#core/runPaths/index';

/** `stringAt` at the `|` in `text` (the bar is removed). */
function inString(textWithBar: string): string | undefined {
  const at = textWithBar.indexOf('|');
  const text = textWithBar.slice(0, at) + textWithBar.slice(at + 1);
  const before = text.slice(0, at).split('\n');
  return stringAt(linesOfText(text), { line: before.length - 1, character: before[before.length - 1].length })?.quote;
}

test('positions inside one-line strings of every quote form and prefix', () => {
  assert.equal(inString('x = "runs/|"'), '"');
  assert.equal(inString("x = 'runs/|'"), "'");
  assert.equal(inString('x = f"{a} runs/|"'), '"');
  assert.equal(inString('x = rb"runs/|"'), '"');
  assert.equal(inString('x = "a\\"b runs/|"'), '"', 'an escaped quote does not close the string');
  assert.equal(inString('def main(run_path: str = typer.Argument("runs/|")):'), '"');
});

test('positions outside strings: code, after a closing quote, comments, a quote in a comment', () => {
  assert.equal(inString('x = runs/|'), undefined);
  assert.equal(inString('x = "a" + runs/|'), undefined);
  assert.equal(inString('# uv run eval.py "runs/|'), undefined);
  assert.equal(inString('x = 1  # it\'s "runs/|"'), undefined);
  assert.equal(inString('x = "a\\\\" + runs/|'), undefined, 'an escaped backslash does not escape the quote');
  assert.equal(inString('x = ""|'), undefined);
});

test('docstrings and other triple-quoted strings over several lines', () => {
  assert.equal(inString('"""Evaluate a run.\n\nExample: uv run eval.py runs/|\n"""'), '"""');
  assert.equal(inString("x = '''\nit's \"quoted\"\nruns/|"), "'''");
  assert.equal(inString('"""Doc."""\nx = runs/|'), undefined, 'after a closed docstring');
  assert.equal(inString('""|"'), undefined, 'between the quotes of an opening """');
});

test('one-line strings end with their line unless a backslash continues them', () => {
  assert.equal(inString('x = "unclosed\ny = runs/|'), undefined);
  assert.equal(inString('x = "continued \\\nruns/|'), '"');
});

test('the runs/ word before the cursor, for completion', () => {
  assert.deepEqual(runPathPrefixAt('x = "runs/2025-02', 17), { start: 5, text: 'runs/2025-02' });
  assert.deepEqual(runPathPrefixAt('x = "runs/2025-02', 12), { start: 5, text: 'runs/20' }, 'up to the cursor');
  assert.deepEqual(runPathPrefixAt('    uv run eval.py runs/', 24), { start: 19, text: 'runs/' });
  assert.deepEqual(runPathPrefixAt('cmd = "--run=runs/', 18), { start: 13, text: 'runs/' });
  assert.equal(runPathPrefixAt('x = "runs', 9), undefined, 'not yet a runs/ word');
  assert.equal(runPathPrefixAt('x = "data/runs/', 15), undefined, "a runs/ folder elsewhere is not the experiment's");
  assert.equal(runPathPrefixAt('x = "runs/2025-02-02T15-00-00-full/logs/', 40), undefined, 'inside a run folder');
  assert.equal(runPathPrefixAt('x = "myruns/', 12), undefined);
});

test('a whole run path under a position, for hover', () => {
  const line = 'typer.run(main)  # e.g. "runs/2025-02-02T15-00-00-full" or runs/2025-02-02T14-30-00-de-risk.';
  const first = line.indexOf('runs/');
  assert.deepEqual(runPathAt(line, first + 3), { start: first, end: first + 29, dirName: '2025-02-02T15-00-00-full' });
  assert.deepEqual(runPathAt(line, first + 29), { start: first, end: first + 29, dirName: '2025-02-02T15-00-00-full' }, 'at its end');
  const second = line.lastIndexOf('runs/');
  assert.equal(runPathAt(line, second + 10)?.dirName, '2025-02-02T14-30-00-de-risk', "a sentence's full stop is not part of the name");
  assert.equal(runPathAt(line, first - 2), undefined);
  assert.equal(runPathAt('"runs/2025-02-02-full"', 3), undefined, 'no time: not a run path');
  assert.equal(runPathAt('"data/runs/2025-02-02T15-00-00-full"', 8), undefined, 'not relative to the experiment');
  assert.equal(
    runPathAt('"runs/2025-02-02T15-00-00-full/logs/train.log"', 3)?.dirName,
    '2025-02-02T15-00-00-full',
    'a path inside a run names the run',
  );
});
