// Completion in the core: what is offered where in a header, and that what it inserts keeps the header valid
// according to the checker.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { completeHeader, CompletionCandidate } from '#core/completion/completeHeader';
import { linesOfText } from '#core/completion/headerAtCursor';
import { analyzeScript, WRONG_DISTRIBUTION_NAMES, normalizeName } from '#core/pep723/index';
import type { TextEdit } from '#core/diagnostic';

/** Completes at the `|` in `marked` (the bar is removed first). */
function completeAt(marked: string): { text: string; items: CompletionCandidate[] | undefined } {
  const at = marked.indexOf('|');
  assert.ok(at >= 0, 'the text marks the cursor with |');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  return { text, items: completeHeader(linesOfText(text), { line, character }) };
}

/** Applies non-overlapping edits (as an editor would). */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** The snippet with its placeholders replaced by their defaults (first choice of a choice list). */
function expand(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

function accept(text: string, item: CompletionCandidate): string {
  const newText = item.snippet ? expand(item.newText) : item.newText;
  return apply(text, [{ range: item.range, newText }, ...(item.additionalEdits ?? [])]);
}

const errorsOf = (text: string) =>
  analyzeScript(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message}`);

test('outside a header nothing is offered', () => {
  assert.equal(completeAt('import torch\n# |\n').items, undefined, 'a comment in code');
  assert.equal(completeAt('# /// script\n# dependencies = []\n# ///\nx = 1  # |\n').items, undefined, 'a comment after the header');
  assert.equal(completeAt('# /// script\n# dependencies = []\n# ///\n# |\n').items, undefined, 'a comment right after the closing line');
  assert.equal(completeAt('# /// scr|ipt\n# ///\n').items, undefined, 'the opening line');
  assert.equal(completeAt('x = "# /// script"\n# |\n').items, undefined, 'an opening tag that is not at the start of a line');
});

test('in a header still being typed (no closing line yet), keys are offered', () => {
  const { items } = completeAt('# /// script\n# |\nimport numpy\n');
  assert.ok(items);
  assert.deepEqual(
    items.slice(0, 2).map((i) => i.label),
    ['requires-python', 'dependencies'],
  );
});

test('top-level keys already present are not offered again; table headers only where nothing follows', () => {
  const withBoth = completeAt('# /// script\n# requires-python = ">=3.11"\n# |\n# dependencies = []\n# ///\n');
  const labels = withBoth.items!.map((i) => i.label);
  assert.ok(!labels.includes('requires-python'));
  assert.ok(!labels.includes('dependencies'), 'dependencies exists below the cursor');
  assert.ok(!labels.some((l) => l.startsWith('[')), 'a table header here would capture `dependencies` below it');

  const atEnd = completeAt('# /// script\n# dependencies = []\n# |\n# ///\n');
  assert.ok(atEnd.items!.some((i) => i.label === '[tool.uv]'));
});

test('every key offered in [tool.uv] is accepted by the checker once inserted', () => {
  const { text, items } = completeAt('# /// script\n# dependencies = []\n# [tool.uv]\n# |\n# ///\n');
  const keys = items!.filter((i) => i.kind === 'key');
  assert.ok(keys.length > 20, `many uv settings are offered (${keys.length})`);
  for (const key of keys) {
    const codes = analyzeScript(accept(text, key)).diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('uv/unknown-setting'), `${key.label} is a setting uv accepts in a script`);
    assert.ok(
      !codes.includes('pep723/invalid-toml') && !codes.includes('pep723/unreadable-toml'),
      `${key.label} inserts valid TOML: ${accept(text, key)}`,
    );
  }
});

test('each PyTorch index table, accepted at the end of a header, gives a header without errors', () => {
  const { text, items } = completeAt(
    '# /// script\n# requires-python = ">=3.11"\n# dependencies = ["torch", "torchaudio"]\n# |\n# ///\nimport torch\n',
  );
  const tables = items!.filter((i) => i.label.startsWith('[[tool.uv.index]] PyTorch'));
  assert.deepEqual(
    tables.map((i) => /\((\w+)\)$/.exec(i.label)![1]),
    ['cu118', 'cu121', 'cu124', 'cu126', 'cu128', 'cu129', 'cu130', 'cpu'],
  );
  for (const table of tables) {
    const result = accept(text, table);
    assert.deepEqual(errorsOf(result), [], result);
    const tag = /\((\w+)\)$/.exec(table.label)![1];
    assert.match(result, new RegExp(`# url = "https://download\\.pytorch\\.org/whl/${tag}"\\n`));
    assert.match(result, new RegExp(`# torchaudio = \\{ index = "pytorch-${tag}" \\}\\n`), 'listed torchaudio is pinned too');
    assert.ok(!result.includes('torchvision'), 'torchvision is not listed, so it is not pinned');
    const warnings = analyzeScript(result).diagnostics.map((d) => d.code);
    assert.ok(!warnings.includes('uv/unused-explicit-index'), 'the explicit index is used by a source');
  }
});

test('with an existing [tool.uv.sources] table, the PyTorch index adds its entry there instead of a second table', () => {
  const { text, items } = completeAt(
    '# /// script\n# dependencies = ["torch", "numpy"]\n# [tool.uv.sources]\n# numpy = { git = "https://github.com/numpy/numpy" }\n#\n# |\n# ///\n',
  );
  const cu126 = items!.find((i) => i.label.includes('(cu126)'))!;
  assert.ok(cu126.additionalEdits?.length, 'an edit adds the source entry');
  const result = accept(text, cu126);
  assert.equal(result.match(/\[tool\.uv\.sources\]/g)?.length, 1);
  assert.deepEqual(errorsOf(result), []);
  assert.match(result, /# \[tool\.uv\.sources\]\n# torch = \{ index = "pytorch-cu126" \}\n# numpy/);
});

test('an index already declared is not offered again', () => {
  const { items } = completeAt(
    '# /// script\n# dependencies = ["torch"]\n# [[tool.uv.index]]\n# name = "pytorch-cu121"\n# url = "https://download.pytorch.org/whl/cu121"\n# |\n# ///\n',
  );
  const labels = items!.map((i) => i.label);
  assert.ok(!labels.some((l) => l.includes('(cu121)')));
  assert.ok(labels.some((l) => l.includes('(cu128)')));
});

test('typing `[[` offers the tables and replaces the brackets the editor closed automatically', () => {
  const { text, items } = completeAt('# /// script\n# dependencies = ["torch"]\n# [[|]]\n# ///\n');
  const cu124 = items!.find((i) => i.label.includes('(cu124)'))!;
  assert.ok(cu124.filterText?.startsWith('[[tool.uv.index]]'), 'filtered against what was typed');
  const result = accept(text, cu124);
  assert.ok(!result.includes(']]]]') && !result.includes('[[[['));
  assert.deepEqual(errorsOf(result), []);
});

test('on a bare `#` line the inserted key is separated from the `#`', () => {
  const { text, items } = completeAt('# /// script\n#|\n# ///\n');
  const result = accept(
    text,
    items!.find((i) => i.label === 'requires-python')!,
  );
  assert.equal(result, '# /// script\n# requires-python = ">=3.11"\n# ///\n');
});

test('inside a dependencies string: names with descriptions, then extras after `[`', () => {
  const names = completeAt('# /// script\n# dependencies = [\n#     "numpy",\n#     "sci|",\n# ]\n# ///\n');
  const labels = names.items!.map((i) => i.label);
  assert.ok(labels.includes('scipy') && labels.includes('scikit-learn'));
  assert.ok(!labels.includes('numpy'), 'already listed');
  assert.ok(
    names.items!.every((i) => i.kind !== 'package' || (i.detail ?? '').length > 0),
    'every name has a description',
  );
  const sklearn = names.items!.find((i) => i.label === 'scikit-learn')!;
  assert.match(accept(names.text, sklearn), /# {5}"scikit-learn",\n/);

  const extras = completeAt('# /// script\n# dependencies = ["jax[cu|"]\n# ///\n');
  assert.deepEqual(extras.items!.map((i) => i.label).slice(0, 2), ['cuda12', 'cuda13']);
  assert.equal(accept(extras.text, extras.items![0]), '# /// script\n# dependencies = ["jax[cuda12"]\n# ///\n');

  assert.deepEqual(
    completeAt('# /// script\n# dependencies = ["numpy>=2|"]\n# ///\n').items,
    [],
    'nothing once a version is being written',
  );
});

test('values: requires-python, booleans, index URLs, choices, and index names in sources', () => {
  const rp = completeAt('# /// script\n# requires-python = |\n# ///\n');
  assert.equal(accept(rp.text, rp.items![0]), '# /// script\n# requires-python = ">=3.11"\n# ///\n');

  const url = completeAt('# /// script\n# [[tool.uv.index]]\n# name = "gpu"\n# url = "|"\n# ///\n');
  assert.ok(url.items!.some((i) => i.label === 'https://download.pytorch.org/whl/cu130'));

  const explicit = completeAt('# /// script\n# [[tool.uv.index]]\n# explicit = |\n# ///\n');
  assert.deepEqual(
    explicit.items!.map((i) => i.label),
    ['true', 'false'],
  );

  const strategy = completeAt('# /// script\n# [tool.uv]\n# index-strategy = "|"\n# ///\n');
  assert.deepEqual(
    strategy.items!.map((i) => i.label),
    ['first-index', 'unsafe-first-match', 'unsafe-best-match'],
  );

  const source = completeAt(
    '# /// script\n# dependencies = ["torch"]\n# [[tool.uv.index]]\n# name = "pytorch-cu128"\n# url = "https://download.pytorch.org/whl/cu128"\n# explicit = true\n# [tool.uv.sources]\n# torch = { index = "|" }\n# ///\n',
  );
  assert.deepEqual(
    source.items!.map((i) => i.label),
    ['pytorch-cu128'],
  );
});

test('in [tool.uv.sources], listed dependencies not yet pinned are offered as entries', () => {
  const { text, items } = completeAt(
    '# /// script\n# dependencies = ["torch", "torchvision"]\n# [[tool.uv.index]]\n# name = "pytorch-cu128"\n# url = "https://download.pytorch.org/whl/cu128"\n# explicit = true\n# [tool.uv.sources]\n# torch = { index = "pytorch-cu128" }\n# |\n# ///\n',
  );
  const entries = items!.filter((i) => i.kind === 'key').map((i) => i.label);
  assert.deepEqual(entries, ['torchvision']);
  assert.deepEqual(
    errorsOf(
      accept(
        text,
        items!.find((i) => i.label === 'torchvision')!,
      ),
    ),
    [],
  );
});

test('CRLF documents get CRLF in multi-line insertions', () => {
  const text = '# /// script\r\n# dependencies = ["torch"]\r\n# \r\n# ///\r\n';
  const items = completeHeader(linesOfText(text), { line: 2, character: 2 }, { eol: '\r\n' })!;
  const table = items.find((i) => i.label.includes('(cu128)'))!;
  assert.ok(table.newText.includes('\r\n# url = '));
  assert.ok(!/[^\r]\n/.test(table.newText), 'no bare LF');
});

test('every distribution name offered is one the checker accepts without a warning', () => {
  const { text, items } = completeAt('# /// script\n# dependencies = ["|"]\n# ///\n');
  const names = items!.filter((i) => i.kind === 'package');
  assert.ok(names.length >= 40, `a useful list (${names.length})`);
  for (const item of names) {
    assert.ok(!WRONG_DISTRIBUTION_NAMES.has(normalizeName(item.label.replace(/\[.*$/, ''))), `${item.label} is not a known wrong name`);
    assert.deepEqual(
      analyzeScript(accept(text, item)).diagnostics.map((d) => d.code),
      [],
      item.label,
    );
  }
});
