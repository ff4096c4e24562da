// Hostile input never crashes or hangs the checker, and what it cannot read is said plainly.
// (Speed is measured by bench/pep723.ts, not asserted here.)
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeScript } from '#core/pep723/analyze';

const wrap = (payload: string[]) => ['# /// script', ...payload.map((l) => '# ' + l), '# ///', ''].join('\n');

test('binary content: no crash, nothing reported', () => {
  const noise = Buffer.from(Array.from({ length: 1 << 16 }, (_, i) => (i * 2654435761) & 255)).toString('latin1');
  assert.deepEqual(analyzeScript(noise).diagnostics, []);
  // Binary bytes inside a header are a TOML error, not a crash.
  const inHeader = wrap(['dependencies = ["numpy"]', 'x = "\u0000\u0001\u0002"']);
  const d = analyzeScript(inHeader).diagnostics;
  assert.deepEqual(
    d.map((x) => x.code),
    ['pep723/invalid-toml'],
  );
});

test('text decoded from non-UTF-8 bytes (replacement characters) is checked like any text', () => {
  const latin1 = Buffer.from('# /// script\n# dependencies = ["caf\u00e9"]\n# ///\n', 'latin1').toString('utf8');
  const d = analyzeScript(latin1).diagnostics;
  assert.deepEqual(
    d.map((x) => x.code),
    ['pep508/invalid-requirement'],
  );
});

test('a 50 MB script with a header is analyzed', () => {
  const text = wrap(['dependencies = ["numpy>>=1"]']) + 'x = compute(x)\n'.repeat(50e6 / 15);
  const a = analyzeScript(text);
  assert.deepEqual(
    a.diagnostics.map((x) => x.code),
    ['pep508/invalid-requirement'],
  );
});

test('a 1 MB line: in the code, and as a dependency string the TOML parser cannot take', () => {
  const inCode = wrap(['dependencies = ["numpy"]']) + 'x = "' + 'a'.repeat(1 << 20) + '"\n';
  assert.deepEqual(analyzeScript(inCode).diagnostics, []);
  const inHeader = wrap(['dependencies = ["' + 'a'.repeat(1 << 20) + '"]']);
  const [d] = analyzeScript(inHeader).diagnostics;
  assert.equal(d.code, 'pep723/unreadable-toml');
  assert.equal(d.severity, 'warning');
  assert.equal(d.range.start.line, 1);
  assert.match(d.message, /too long for the checker/);
});

test('10,000 nested arrays or inline tables: a clear diagnostic instead of a stack overflow', () => {
  for (const payload of [
    'dependencies = ' + '['.repeat(10_000) + ']'.repeat(10_000),
    'x = ' + '{a = '.repeat(10_000) + '1' + '}'.repeat(10_000),
  ]) {
    const [d, ...rest] = analyzeScript(wrap([payload])).diagnostics;
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'pep723/unreadable-toml');
    assert.match(d.message, /too deep/);
    assert.equal(d.range.start.line, 0);
  }
});

test('nesting the parser can read is resolved without deep recursion of ours', () => {
  const a = analyzeScript(wrap(['[tool.deep]', 'x = ' + '['.repeat(500) + ']'.repeat(500)]));
  assert.deepEqual(a.diagnostics, []);
  assert.ok(a.nodeAt({ line: 2, character: 300 }));
});

test('a header of 10,000 lines', () => {
  const deps = Array.from({ length: 10_000 }, (_, i) => `  "pkg${i}>=1.${i}",`);
  const a = analyzeScript(wrap(['dependencies = [', ...deps, '  "bad>>=1",', ']']));
  assert.equal(a.metadata?.dependencies.length, 10_001);
  const d = a.diagnostics;
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 10_002);
});

test('an unclosed header of 100,000 comment lines', () => {
  const text = '# /// script\n' + '# x = 1\n'.repeat(100_000);
  const d = analyzeScript(text).diagnostics;
  assert.deepEqual(
    d.map((x) => x.code),
    ['pep723/unclosed-block'],
  );
  assert.equal(d[0].fixes?.[0].edits[0].range.start.line, 100_000);
});

test('millions of `# ///` fragments and near-miss lines do not flood the results', () => {
  const text = 'x = "# ///"\n'.repeat(200_000) + '  # /// script\n'.repeat(1_000);
  const d = analyzeScript(text).diagnostics;
  assert.ok(d.length <= 5);
  assert.ok(d.every((x) => x.code === 'pep723/ignored-tag'));
});

test('a hostile dependency marker does not overflow the stack', () => {
  const marker = '('.repeat(50_000) + 'python_version < "3"' + ')'.repeat(50_000);
  const [d] = analyzeScript(wrap([`dependencies = ['numpy; ${marker}']`])).diagnostics;
  assert.equal(d.code, 'pep508/invalid-requirement');
  assert.match(d.message, /too deeply/);
});

test('lone carriage returns and form feeds do not derail the reader', () => {
  const text = '# /// script\r# dependencies = []\r# ///\r\f\n# /// script\n# dependencies = []\n# ///\n';
  assert.doesNotThrow(() => analyzeScript(text));
});

test('seeded random edits of a real header never throw, and every range lies inside the text', () => {
  const base = [
    '#!/usr/bin/env -S uv run --script',
    '# /// script',
    '# requires-python = ">=3.11"',
    '# dependencies = [',
    '#     "torch>=2.1",',
    '#     "numpy<2; python_version<\'3.12\'",',
    '#     "jax[cuda12]",',
    '# ]',
    '# [[tool.uv.index]]',
    '# name = "pytorch"',
    '# url = "https://download.pytorch.org/whl/cu121"',
    '# [tool.uv.sources]',
    '# torch = { index = "pytorch" }',
    '# ///',
    'import sys',
    'print(sys.argv)',
    '',
  ].join('\n');
  const alphabet = [
    '#',
    ' ',
    '\n',
    '\r\n',
    '"',
    "'",
    '[',
    ']',
    '{',
    '}',
    '=',
    ',',
    ';',
    '/',
    '\t',
    '<',
    '>',
    '~',
    '.',
    '*',
    '@',
    'a',
    '1',
    '\ufeff',
    '\u{1F680}',
    '\\',
  ];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 3000; round++) {
    let text = base;
    const edits = 1 + rand(4);
    for (let e = 0; e < edits; e++) {
      const at = rand(text.length + 1);
      const kind = rand(3);
      if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + rand(3));
      else text = text.slice(0, at) + alphabet[rand(alphabet.length)] + text.slice(at);
    }
    const a = analyzeScript(text, { fileName: 'train.py' });
    const lines = text.split(/\r?\n/);
    for (const d of a.diagnostics) {
      for (const p of [d.range.start, d.range.end]) {
        assert.ok(p.line >= 0 && p.line < lines.length, `line in range: ${JSON.stringify(text)} ${JSON.stringify(d)}`);
        assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `column in range: ${JSON.stringify(text)} ${JSON.stringify(d)}`);
      }
      for (const f of d.fixes ?? []) {
        for (const edit of f.edits) assert.ok(edit.range.start.line < lines.length, JSON.stringify(d));
      }
    }
  }
});
