// analyzeScript: each diagnostic a user can meet, where it lands in the script, and that its fix repairs it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeScript } from '#core/pep723/analyze';
import type { CoreDiagnostic, TextEdit } from '#core/diagnostic';

const script = (...header: string[]) =>
  ['# /// script', ...header.map((l) => (l === '' ? '#' : '# ' + l)), '# ///', 'print("hi")', ''].join('\n');

/** Applies LSP-style edits (0-based line, UTF-16 column) to text with `\n` or `\r\n` lines. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function only(text: string, code: string, fileName?: string): CoreDiagnostic {
  const found = analyzeScript(text, { fileName }).diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(analyzeScript(text).diagnostics.map((d) => d.code))}`);
  return found[0];
}

function codes(text: string, fileName?: string): string[] {
  return analyzeScript(text, { fileName }).diagnostics.map((d) => d.code);
}

/** The text at a diagnostic's range (single-line ranges). */
function at(text: string, d: CoreDiagnostic): string {
  const line = text.split(/\r?\n/)[d.range.start.line];
  assert.equal(d.range.start.line, d.range.end.line);
  return line.slice(d.range.start.character, d.range.end.character);
}

function fixed(text: string, d: CoreDiagnostic, which = 0): string {
  assert.ok(d.fixes && d.fixes[which], `${d.code} has a fix`);
  return applyEdits(text, d.fixes[which].edits);
}

test('headers uv accepts get no diagnostics', () => {
  const accepted = [
    script('requires-python = ">=3.11"', 'dependencies = []'),
    script('requires-python = ">=3.11"', 'dependencies = [', '    "numpy",', '    "torch>=2.1",', ']'),
    script('dependencies = ["torch", "typer", "loguru"]', '[[tool.uv.index]]', 'url = "https://download.pytorch.org/whl/cu121"'),
    script('requires-python = ">=3.11"', 'dependencies = ["typer", "loguru", "numpy"]', '# Use GPU-enabled framework when available'),
    script('requires-python = ">=3.11,<3.13"'),
    script(),
    script(
      'dependencies = [',
      '  "jax[cuda12]",',
      '  "numpy<2; python_version<\'3.12\'",',
      '  "pkg @ https://example.com/pkg-1.0-py3-none-any.whl",',
      ']',
    ),
    script('[tool.black]', 'line-length = 100'),
    script(
      '[tool.uv]',
      'exclude-newer = "2025-01-01T00:00:00Z"',
      'resolution = "lowest-direct"',
      'prerelease = "allow"',
      'constraint-dependencies = ["urllib3<2"]',
    ),
    script(
      'dependencies = ["torch"]',
      '[[tool.uv.index]]',
      'name = "pytorch-cu121"',
      'url = "https://download.pytorch.org/whl/cu121"',
      'explicit = true',
      '[tool.uv.sources]',
      'torch = { index = "pytorch-cu121" }',
    ),
    // TOML 1.1 forms uv reads: newlines and a trailing comma in inline tables, \e and \xHH escapes.
    script(
      '[tool.uv]',
      'sources = { torch = {',
      '  index = "x",',
      '}, }',
      '[[tool.uv.index]]',
      'name = "x"',
      'url = "https://example.com/simple"',
    ),
    script('[tool.mine]', 'esc = "\\e[1m"', 'hex = "\\x41"'),
    'x = 1\n# /// pyproject\n# not toml at all = = =\n# ///\n',
    'print("no header at all")\n',
  ];
  for (const text of accepted) assert.deepEqual(codes(text), [], text);
});

test('a header after code or inside a docstring is read, as uv reads it', () => {
  for (const text of [
    'import os\n\n' + script('dependencies = ["numpy>>=1"]'),
    '"""Docs.\n\n' + script('dependencies = ["numpy>>=1"]') + '"""\n',
  ]) {
    const a = analyzeScript(text);
    assert.ok(a.block, text);
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      ['pep508/invalid-requirement'],
    );
  }
});

test('a near-miss tag before the real header hides it from uv', () => {
  const text = '# /// script \n# just a comment\n\n' + script('dependencies = ["numpy"]');
  const d = only(text, 'pep723/hidden-block');
  assert.equal(d.range.start.line, 0);
  assert.match(d.message, /ignores the header on line 4/);
});

test('CRLF scripts are read like LF scripts, with positions on the right lines', () => {
  const text = script('requires-python = ">=3.11"', 'dependencies = ["numpy>>=1"]').replace(/\n/g, '\r\n');
  const d = only(text, 'pep508/invalid-requirement');
  assert.equal(d.range.start.line, 2);
  assert.equal(at(text, d), '>>=1');
});

test('unclosed block at end of file: error at the opening line, fix inserts the closing line', () => {
  const text = '# /// script\n# dependencies = ["numpy"]\n';
  const d = only(text, 'pep723/unclosed-block');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } });
  assert.match(d.message, /no closing `# \/\/\/`/);
  assert.deepEqual(codes(fixed(text, d)), []);
});

test('unclosed block broken by a line without `# `: both lines reported, one fix repairs it', () => {
  const text = ['# /// script', '# dependencies = [', '    "numpy",', '# ]', '# ///', 'import numpy', ''].join('\n');
  const open = only(text, 'pep723/unclosed-block');
  const line = only(text, 'pep723/missing-comment-prefix');
  assert.equal(line.range.start.line, 2);
  assert.match(open.message, /line 3 lacks its `# ` prefix/);
  const repaired = fixed(text, open);
  assert.equal(repaired.split('\n')[2], '#     "numpy",');
  assert.deepEqual(codes(repaired), []);
  assert.deepEqual(codes(fixed(text, line)), []);
});

test('unclosed block broken by an empty line, by `#` without a space, by a tab after `#`', () => {
  for (const [broken, repairedLine] of [
    ['', '#'],
    ['#requires-python = ">=3.11"', '# requires-python = ">=3.11"'],
    ['#\trequires-python = ">=3.11"', '# requires-python = ">=3.11"'],
  ]) {
    const text = ['# /// script', '# dependencies = []', broken, '# ///', ''].join('\n');
    const d = only(text, 'pep723/unclosed-block');
    const repaired = fixed(text, d);
    assert.equal(repaired.split('\n')[2], repairedLine, JSON.stringify(broken));
    assert.deepEqual(codes(repaired), [], JSON.stringify(broken));
  }
});

test('closing line with trailing spaces: fix removes them', () => {
  const text = '# /// script\n# dependencies = []\n# ///   \nprint(1)\n';
  const d = only(text, 'pep723/unclosed-block');
  assert.match(d.message, /trailing whitespace/);
  const ws = only(text, 'pep723/closing-whitespace');
  assert.deepEqual(ws.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 8 } });
  assert.deepEqual(codes(fixed(text, d)), []);
});

test('unclosed block followed by code: the fallback fix inserts `# ///` before the code', () => {
  const text = '# /// script\n# dependencies = []\nimport numpy\nprint(1)\n';
  const d = only(text, 'pep723/unclosed-block');
  const repaired = fixed(text, d);
  assert.equal(repaired, '# /// script\n# dependencies = []\n# ///\nimport numpy\nprint(1)\n');
});

test('the inserted closing line goes after the metadata, before ordinary comments that follow it', () => {
  const text = '# /// script\n# dependencies = ["numpy"]\n# Trains a small model.\n# Run with uv.\nimport numpy\n';
  const d = only(text, 'pep723/unclosed-block');
  const repaired = fixed(text, d);
  assert.equal(repaired, '# /// script\n# dependencies = ["numpy"]\n# ///\n# Trains a small model.\n# Run with uv.\nimport numpy\n');
  assert.deepEqual(codes(repaired), []);
});

test('a second script block is an error at its opening line: uv refuses the script since 0.11.17', () => {
  const text = script('dependencies = []') + '\n' + script('requires-python = ">=3.11"');
  const d = only(text, 'pep723/multiple-blocks');
  assert.equal(d.severity, 'error');
  assert.equal(d.range.start.line, 5);
  assert.match(d.message, /since uv 0\.11\.17 `uv run` refuses such a script \("The script contains multiple PEP 723 metadata blocks"\)/);
  assert.match(d.message, /into the first block \(line 1\)/);
  assert.doesNotMatch(d.message, /reads only the first/);
});

test('a byte-order mark before the header: warning, fix removes it', () => {
  const text = '\ufeff' + script('dependencies = ["numpy"]');
  const d = only(text, 'pep723/bom');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /ignores this header/);
  const repaired = fixed(text, d);
  assert.equal(repaired.charCodeAt(0), '#'.charCodeAt(0));
  assert.deepEqual(codes(repaired), []);
  // A BOM does not matter when the header is not on the first line.
  assert.deepEqual(codes('\ufeff#!/usr/bin/env python\n' + script('dependencies = []')), []);
});

test('tags uv silently ignores: warning with a fix that makes a real block', () => {
  const variants = [
    ['# /// Script', /case-sensitive/],
    ['# /// script  ', /trailing whitespace/],
    ['#/// script', /exactly/],
  ] as const;
  for (const [tag, why] of variants) {
    const text = `${tag}\n# dependencies = ["numpy"]\n# ///\n`;
    const d = only(text, 'pep723/ignored-tag');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, why);
    const repaired = fixed(text, d);
    const a = analyzeScript(repaired);
    assert.ok(a.block, tag);
    assert.deepEqual(a.diagnostics, [], tag);
  }
});

test('an indented header: the fix removes the indentation from the whole block', () => {
  const text = '    # /// script\n    # dependencies = ["numpy"]\n    # ///\n';
  const d = only(text, 'pep723/ignored-tag');
  assert.match(d.message, /indented/);
  const repaired = fixed(text, d);
  assert.equal(repaired, '# /// script\n# dependencies = ["numpy"]\n# ///\n');
  assert.ok(analyzeScript(repaired).block);
});

test('earlier `# /// script` text that is not a tag hides the real header from uv', () => {
  const text = 'DOC = "see # /// script"\n' + script('dependencies = ["numpy"]');
  const d = only(text, 'pep723/hidden-block');
  assert.equal(d.range.start.line, 0);
  assert.equal(at(text, d), '# /// script"');
  // After the header, the same text is harmless.
  assert.deepEqual(codes(script('dependencies = []') + 'DOC = "see # /// script"\n'), []);
});

test('TOML errors land on the exact script line and column', () => {
  const text = script('dependencies = [', '  "numpy"', '  "torch",', ']');
  const d = only(text, 'pep723/invalid-toml');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range.start, { line: 3, character: 4 });
  assert.equal(at(text, d), '"torch"');
  assert.match(d.message, /Missing comma/);
});

test('duplicate keys are TOML errors naming the key', () => {
  const text = script('dependencies = ["a"]', 'requires-python = ">=3.11"', 'dependencies = ["b"]');
  const d = only(text, 'pep723/invalid-toml');
  assert.equal(d.range.start.line, 3);
  assert.equal(at(text, d), 'dependencies');
  assert.match(d.message, /`dependencies` is defined twice/);
});

test('an array left open points at the `[` that is never closed, not at the closing `# ///`', () => {
  const text = script('dependencies = [', '  "numpy",');
  const d = only(text, 'pep723/invalid-toml');
  assert.deepEqual(d.range, { start: { line: 1, character: 17 }, end: { line: 1, character: 18 } });
  assert.match(d.message, /This array is never closed/);
  const oneLine = script('dependencies = ["numpy"');
  assert.deepEqual(only(oneLine, 'pep723/invalid-toml').range.start, { line: 1, character: 17 });
  const nested = script('x = 1', 'a = { b = [1, 2]');
  const table = only(nested, 'pep723/invalid-toml');
  assert.deepEqual(table.range.start, { line: 2, character: 6 });
  assert.match(table.message, /inline table is never closed/);
});

test('positions count UTF-16 code units', () => {
  const text = script('[tool.uv]', 'sources = { "🚀é" = { index = "nope" } }');
  const d = only(text, 'uv/unknown-index');
  assert.equal(d.range.start.character, 33); // the rocket counts as two UTF-16 units
  assert.equal(at(text, d), 'nope');
});

test('wrong value types are errors, with fixes where the intent is clear', () => {
  let text = script('requires-python = 3.11');
  let d = only(text, 'pep723/invalid-type');
  assert.match(d.message, /`requires-python` must be a string/);
  assert.equal(at(text, d), '3.11');
  assert.deepEqual(codes(fixed(text, d)), []);
  assert.match(fixed(text, d), /requires-python = ">=3.11"/);

  text = script('dependencies = "numpy"');
  d = only(text, 'pep723/invalid-type');
  assert.deepEqual(codes(fixed(text, d)), []);

  text = script('dependencies = ["numpy", 3]');
  d = only(text, 'pep723/invalid-type');
  assert.equal(at(text, d), '3');
  assert.match(d.message, /must be a string/);

  assert.deepEqual(codes(script('tool = 1')), ['pep723/invalid-type']);
  assert.deepEqual(codes(script('[tool]', 'uv = "fast"')), ['pep723/invalid-type']);
  assert.deepEqual(codes(script('[[dependencies]]', 'name = "numpy"')), ['pep723/invalid-type']);
});

test('unknown top-level keys: warning (uv ignores them), rename fix for near misses', () => {
  const text = script('requires_python = ">=3.11"');
  const d = only(text, 'pep723/unknown-key');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /did you mean `requires-python`/);
  assert.deepEqual(codes(fixed(text, d)), []);
  const other = only(script('title = "x"'), 'pep723/unknown-key');
  assert.equal(other.fixes, undefined);
});

test('requires-python that is not a PEP 440 specifier set', () => {
  for (const [bad, good] of [
    ['3.11+', '>=3.11'],
    ['^3.11', '>=3.11'],
    ['>=3.11.*', '>=3.11'],
    ['=3.11', '==3.11'],
  ]) {
    const text = script(`requires-python = "${bad}"`);
    const d = only(text, 'pep440/invalid-specifier');
    assert.equal(d.severity, 'error');
    assert.equal(at(text, d), bad);
    const repaired = fixed(text, d);
    assert.match(repaired, new RegExp(`requires-python = "${good.replace(/[.*+^]/g, '\\$&')}"`));
    assert.deepEqual(codes(repaired), []);
  }
  for (const good of ['>=3.11', '>=3.11,<3.13', '==3.11.*', '~=3.11'])
    assert.deepEqual(codes(script(`requires-python = "${good}"`)), [], good);
});

test('a dependency that is not PEP 508: error on the offending part, with a fix', () => {
  const text = script('dependencies = [', '    "numpy>>=1.0",', ']');
  const d = only(text, 'pep508/invalid-requirement');
  assert.equal(d.severity, 'error');
  assert.equal(at(text, d), '>>=1.0');
  assert.match(d.message, /`>>=` is not a version operator; did you mean `>=`\?/);
  assert.match(fixed(text, d), /"numpy>=1\.0"/);
  assert.deepEqual(codes(fixed(text, d)), []);
});

test('a dependency written with escapes still gets a diagnostic on the whole string', () => {
  const text = script('dependencies = ["num\\u0070y>>=1"]');
  const d = only(text, 'pep508/invalid-requirement');
  assert.equal(at(text, d), '"num\\u0070y>>=1"');
});

test('known wrong distribution names: warning, fix replaces only the name', () => {
  const cases: [string, string][] = [
    ['pytorch>=2', 'torch>=2'],
    ['sklearn', 'scikit-learn'],
    ['cv2', 'opencv-python'],
    ['PIL', 'pillow'],
    ['yaml', 'pyyaml'],
    ['tensorflow-gpu==2.10', 'tensorflow==2.10'],
  ];
  for (const [dep, good] of cases) {
    const text = script(`dependencies = ["${dep}"]`);
    const d = only(text, 'deps/wrong-name');
    assert.equal(d.severity, 'warning');
    assert.equal(at(text, d), dep.split(/[>=]/)[0]);
    const repaired = fixed(text, d);
    assert.match(repaired, new RegExp(`\\["${good.replace(/[.*+]/g, '\\$&')}"\\]`));
    assert.deepEqual(codes(repaired), []);
  }
});

test('the same dependency twice is a warning', () => {
  const d = only(script('dependencies = ["numpy", "torch", "NumPy"]'), 'deps/duplicate');
  assert.match(d.message, /listed twice/);
});

test('[tool.uv]: unknown settings are errors (uv refuses them)', () => {
  const text = script('[tool.uv]', 'extra-index-urls = ["https://example.com/simple"]');
  const d = only(text, 'uv/unknown-setting');
  assert.equal(d.severity, 'error');
  assert.equal(at(text, d), 'extra-index-urls');
  assert.match(d.message, /did you mean `extra-index-url`/);
  assert.deepEqual(codes(fixed(text, d)), []);
  const project = only(script('[tool.uv]', 'dev-dependencies = ["pytest"]'), 'uv/unknown-setting');
  assert.match(project.message, /project setting/);
  assert.deepEqual(codes(script('[tool.uv]', 'indexes = []')), ['uv/unknown-setting']);
});

test('[tool.uv]: wrong types and values', () => {
  assert.deepEqual(codes(script('[tool.uv]', 'no-index = "yes"')), ['uv/invalid-type']);
  assert.deepEqual(codes(script('[tool.uv]', 'index = "https://example.com"')), ['uv/invalid-type']);
  const text = script('[tool.uv]', 'resolution = "lowest_direct"');
  const d = only(text, 'uv/invalid-value');
  assert.match(d.message, /`highest`, `lowest`, `lowest-direct`/);
  assert.deepEqual(codes(fixed(text, d)), []);
  assert.deepEqual(codes(script('[tool.uv]', 'exclude-newer = false')), []);
  assert.deepEqual(codes(script('[tool.uv]', 'constraint-dependencies = ["urllib3>>2"]')), ['pep508/invalid-requirement']);
});

test('[[tool.uv.index]]: url required and valid; http warned; names unique', () => {
  const missing = script('[[tool.uv.index]]', 'name = "pytorch"');
  const d = only(missing, 'uv/index-missing-url');
  assert.equal(d.severity, 'error');
  assert.equal(d.range.start.line, 1);

  const noScheme = script('[[tool.uv.index]]', 'url = "download.pytorch.org/whl/cu121"');
  const bad = only(noScheme, 'uv/invalid-index-url');
  assert.equal(bad.severity, 'error');
  assert.deepEqual(codes(fixed(noScheme, bad)), []);
  assert.deepEqual(codes(script('[[tool.uv.index]]', 'url = "https://"')), ['uv/invalid-index-url']);
  const empty = only(script('[[tool.uv.index]]', 'url = ""'), 'uv/invalid-index-url');
  assert.match(empty.message, /`url` is empty/);
  assert.deepEqual(codes(script('[[tool.uv.index]]', 'url = "./wheels"', 'format = "flat"')), []);

  const http = script('[[tool.uv.index]]', 'url = "http://mirror.example.com/simple"');
  const w = only(http, 'uv/insecure-index-url');
  assert.equal(w.severity, 'warning');
  assert.match(fixed(http, w), /url = "https:\/\/mirror\.example\.com\/simple"/);
  assert.deepEqual(codes(script('[[tool.uv.index]]', 'url = "http://localhost:8080/simple"')), []);

  const twice = script(
    '[[tool.uv.index]]',
    'name = "a"',
    'url = "https://a.example/simple"',
    '[[tool.uv.index]]',
    'name = "a"',
    'url = "https://b.example/simple"',
  );
  const dup = only(twice, 'uv/duplicate-index-name');
  assert.equal(dup.range.start.line, 5);

  assert.deepEqual(codes(script('[[tool.uv.index]]', 'name = "bad name"', 'url = "https://a.example/simple"')), ['uv/invalid-index-name']);
  assert.deepEqual(codes(script('[tool.uv]', 'index = [{ url = "https://a.example/simple" }]')), []);
});

test('[tool.uv.sources] must name a declared index', () => {
  const text = script(
    'dependencies = ["torch"]',
    '[[tool.uv.index]]',
    'name = "pytorch"',
    'url = "https://download.pytorch.org/whl/cu121"',
    '[tool.uv.sources]',
    'torch = { index = "pytroch" }',
  );
  const d = only(text, 'uv/unknown-index');
  assert.equal(d.severity, 'error');
  assert.equal(at(text, d), 'pytroch');
  assert.match(d.message, /Declared: `pytorch`/);
  assert.deepEqual(codes(fixed(text, d)), []);
  const none = only(script('[tool.uv.sources]', 'torch = { index = "pytorch" }'), 'uv/unknown-index');
  assert.match(none.message, /Declare it/);
});

test('an explicit index no source uses is pointed out', () => {
  const text = script(
    'dependencies = ["torch"]',
    '[[tool.uv.index]]',
    'name = "pytorch"',
    'url = "https://download.pytorch.org/whl/cu121"',
    'explicit = true',
  );
  const d = only(text, 'uv/unused-explicit-index');
  assert.match(d.message, /torch = \{ index = "pytorch" \}/);
});

test('conventions: sys.argv instead of Typer', () => {
  const text = script('dependencies = []') + 'import sys\nname = sys.argv[1]\n';
  const d = only(text, 'conventions/sys-argv');
  assert.equal(d.severity, 'information');
  assert.equal(at(text, d), 'sys.argv');
  assert.deepEqual(codes(script('dependencies = []') + '# we do not use sys.argv here\nmysys.argvx = 1\n'), []);
  // Without a header it is not an experiment script.
  assert.deepEqual(codes('import sys\nprint(sys.argv)\n'), []);
});

test('conventions: CPU-only torch index and plain jax in train/eval scripts only', () => {
  const cpu = script('dependencies = ["torch"]', '[[tool.uv.index]]', 'url = "https://download.pytorch.org/whl/cpu"');
  assert.deepEqual(codes(cpu, 'train.py'), ['conventions/torch-cpu-index']);
  assert.deepEqual(codes(cpu, 'plot_curves.py'), []);
  assert.deepEqual(
    codes(script('dependencies = ["torch"]', '[[tool.uv.index]]', 'url = "https://download.pytorch.org/whl/cu121"'), 'train.py'),
    [],
  );
  assert.deepEqual(codes(script('dependencies = ["jax"]'), 'eval.py'), ['conventions/jax-without-gpu']);
  assert.deepEqual(codes(script('dependencies = ["jax[cuda12]"]'), 'eval.py'), []);
});

test('diagnostics come sorted by position', () => {
  const text = script('requires-python = "3.11+"', 'dependencies = ["numpy>>=1", "pytorch"]', 'foo = 1');
  const lines = analyzeScript(text).diagnostics.map((d) => d.range.start.line);
  assert.deepEqual(
    lines,
    [...lines].sort((a, b) => a - b),
  );
  assert.equal(lines.length, 4);
});

test('nodeAt: key paths of keys, dependency items and index fields', () => {
  const text = script(
    'requires-python = ">=3.11"',
    'dependencies = [',
    '  "numpy",',
    '  "torch>=2.1",',
    ']',
    '[[tool.uv.index]]',
    'url = "https://download.pytorch.org/whl/cu121"',
    '[tool.uv.sources]',
    'torch = { index = "pytorch" }',
  );
  const a = analyzeScript(text);
  const loc = (line: number, character: number) => a.nodeAt({ line, character });
  assert.deepEqual(pick(loc(1, 4)), { path: ['requires-python'], kind: 'key' });
  assert.deepEqual(pick(loc(1, 24)), { path: ['requires-python'], kind: 'value' });
  assert.deepEqual(pick(loc(4, 8)), { path: ['dependencies', 1], kind: 'value' });
  assert.deepEqual(pick(loc(6, 13)), { path: ['tool', 'uv', 'index', 0], kind: 'table-header' });
  assert.deepEqual(pick(loc(6, 9)), { path: ['tool', 'uv'], kind: 'table-header' });
  assert.deepEqual(pick(loc(6, 5)), { path: ['tool'], kind: 'table-header' });
  assert.deepEqual(pick(loc(7, 12)), { path: ['tool', 'uv', 'index', 0, 'url'], kind: 'value' });
  assert.deepEqual(pick(loc(9, 13)), { path: ['tool', 'uv', 'sources', 'torch', 'index'], kind: 'key' });
  assert.deepEqual(pick(loc(9, 21)), { path: ['tool', 'uv', 'sources', 'torch', 'index'], kind: 'value' });
  assert.equal(loc(0, 3), undefined, 'the opening line is not payload');
  assert.equal(loc(12, 0), undefined, 'code after the block');
  // Round trip between script and payload coordinates.
  assert.deepEqual(a.toPayload({ line: 3, character: 5 }), { line: 2, column: 3, inPrefix: false });
  assert.deepEqual(a.toScript(2, 3), { line: 3, character: 5 });
  const dep = a.metadata!.dependencies[1];
  assert.equal(at(text, { ...analyzeScript(text).diagnostics[0], range: dep.contentRange }), 'torch>=2.1');
  assert.equal(dep.requirement?.name.text, 'torch');
});

function pick(l: ReturnType<ReturnType<typeof analyzeScript>['nodeAt']>) {
  return l && { path: l.path, kind: l.kind };
}

test('metadata: the values uv would read', () => {
  const a = analyzeScript(
    script(
      'requires-python = ">=3.11"',
      'dependencies = ["numpy", "torch"]',
      '[[tool.uv.index]]',
      'name = "cu"',
      'url = "https://download.pytorch.org/whl/cu121"',
      'explicit = true',
      '[tool.uv.sources]',
      'torch = { index = "cu" }',
    ),
  );
  const m = a.metadata!;
  assert.equal(m.requiresPython?.text, '>=3.11');
  assert.equal(m.requiresPython?.valid, true);
  assert.deepEqual(
    m.dependencies.map((d) => d.text),
    ['numpy', 'torch'],
  );
  assert.deepEqual(
    m.indexes.map((i) => [i.name, i.url, i.explicit]),
    [['cu', 'https://download.pytorch.org/whl/cu121', true]],
  );
  assert.deepEqual(
    m.sources.map((s) => [s.package, s.index]),
    [['torch', 'cu']],
  );
});
