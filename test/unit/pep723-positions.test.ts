// Where findings land: lines as editors count them (a lone `\r` ends a line), the header read as uv reads it (only
// `\n` and `\r\n` end one), whole characters, and a stack-overflowing string blamed on its length, not on nesting.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeScript } from '#core/pep723/index';
import type { CoreDiagnostic } from '#core/diagnostic';

const at = (d: CoreDiagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`;

function applyFix(text: string, d: CoreDiagnostic): string {
  const doc = TextDocument.create('file:///x.py', 'python', 1, text);
  return TextDocument.applyEdits(doc, d.fixes![0].edits);
}

test('a header after a line that ends with a lone CR is read (uv accepts a CR before the tag) at the line the editor shows', () => {
  const text = '#!/usr/bin/env python3\r# /// script\n# dependencies = ["numpy>>=1"]\n# ///\n';
  const ds = analyzeScript(text).diagnostics;
  assert.deepEqual(ds.map(at), ['2:24-2:28 pep508/invalid-requirement']);
  assert.equal(analyzeScript(text).block?.openLine, 1);
});

test('a lone CR inside a docstring above the header moves every finding one line down, as the editor shows it', () => {
  const text = '"""Doc\rmore"""\n# /// script\n# dependencies = ["numpy>>=1"]\n# ///\nimport sys\nprint(sys.argv)\n';
  const doc = TextDocument.create('file:///x.py', 'python', 1, text);
  const ds = analyzeScript(text).diagnostics;
  assert.deepEqual(
    ds.map((d) => [d.code, d.range.start.line]),
    [
      ['pep508/invalid-requirement', 3],
      ['conventions/sys-argv', 6],
    ],
  );
  // The ranges cover the same text in the editor's document.
  assert.equal(doc.getText(ds[1].range), 'sys.argv');
  assert.equal(doc.getText(ds[0].range), '>>=1');
});

test('a header whose lines end with lone CRs is one line to uv: reported, with a fix that gives it newlines', () => {
  const text = '# /// script\r# dependencies = ["numpy"]\r# ///\rimport numpy\r';
  const [d] = analyzeScript(text).diagnostics;
  assert.equal(d.code, 'pep723/ignored-tag');
  assert.match(d.message, /lone carriage return/);
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } });
  const fixed = applyFix(text, d);
  assert.equal(fixed, '# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy\r');
  assert.deepEqual(analyzeScript(fixed).diagnostics, []);
  assert.deepEqual(
    analyzeScript(fixed).metadata?.dependencies.map((x) => x.text),
    ['numpy'],
  );
});

test('ranges and quoted characters never split a surrogate pair', () => {
  const text = '# /// script\n# dependencies = ["😀", "numpy>=1😀", "a; 😀 == 1"]\n# ///\n';
  const line = text.split('\n')[1];
  const ds = analyzeScript(text).diagnostics;
  assert.ok(ds.length >= 2, ds.map(at).join('\n'));
  for (const d of ds) {
    for (const c of [d.range.start.character, d.range.end.character]) {
      assert.ok(!/[\udc00-\udfff]/.test(line[c] ?? ''), `${at(d)} splits a pair: ${d.message}`);
    }
    assert.doesNotMatch(d.message, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, d.message);
  }
  assert.match(ds[0].message, /not `😀`/);
});

test('a TOML error at an emoji marks the whole emoji', () => {
  const text = '# /// script\n# a = 😀\n# ///\n';
  const [d] = analyzeScript(text).diagnostics;
  assert.equal(d.code, 'pep723/invalid-toml');
  assert.deepEqual(d.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 8 } });
});

test('a 200,000-character multi-line string is reported as too long, at its line, not as nesting', () => {
  const lines = Array.from({ length: 2000 }, () => 'x'.repeat(99));
  const text = ['# /// script', '# dependencies = []', '# note = """', ...lines.map((l) => `# ${l}`), '# """', '# ///', ''].join('\n');
  const [d] = analyzeScript(text).diagnostics;
  assert.equal(d.code, 'pep723/unreadable-toml');
  assert.doesNotMatch(d.message, /nest/);
  assert.match(d.message, /string of more than 50,000 characters/);
  assert.equal(d.range.start.line, 2);
});
