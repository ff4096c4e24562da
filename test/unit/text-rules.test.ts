// The shared text rules (core/src/text and the run path literal): control characters made visible for terminals,
// literal Markdown, whole characters, LSP line counting, and run names written into every kind of Python string.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { escapeControlCharacters } from '#core/text/controlCharacters';
import { markdownCode, markdownText } from '#core/text/markdown';
import { characterAt, snapToCharacters, splitsSurrogatePair } from '#core/text/codePoints';
import { LineIndex } from '#core/text/lineIndex';
import { inPythonString } from '#core/runPaths/pythonLiteral';
import { pythonValues } from '../lsp/pythonStrings';
import { escapeIconSyntax } from '#core/text/iconSyntax';

test('control characters become visible escapes; everything else stays as it is', () => {
  assert.equal(escapeControlCharacters('plain é 😀 \\ "'), 'plain é 😀 \\ "');
  assert.equal(escapeControlCharacters('a\u001b]0;x\u0007b'), 'a\\x1b]0;x\\x07b');
  assert.equal(escapeControlCharacters('1\n2\r3\t4\u007f'), '1\\n2\\r3\\t4\\x7f');
  assert.equal(escapeControlCharacters('\u009b2J \u202eevil \u2028'), '\\u009b2J \\u202eevil \\u2028');
  assert.equal(escapeControlCharacters('lone \ud800 half'), 'lone \\ud800 half');
});

test('markdownText escapes every ASCII punctuation character and shows line breaks; markdownCode fences any backticks', () => {
  assert.equal(markdownText('[x](http://e) <b> *a* #'), '\\[x\\]\\(http\\:\\/\\/e\\) \\<b\\> \\*a\\* \\#');
  assert.equal(markdownText('a\n\n# b'), 'a\\\\n\\\\n\\# b');
  assert.equal(markdownCode('runs/x'), '`runs/x`');
  assert.equal(markdownCode('a`b``c'), '```a`b``c```');
  assert.equal(markdownCode('`x`'), '`` `x` ``');
  assert.equal(markdownCode('a\nb'), '`a\\nb`');
});

test('whole characters: a surrogate pair is never cut', () => {
  const s = 'a😀b';
  assert.equal(splitsSurrogatePair(s, 2), true);
  assert.equal(splitsSurrogatePair(s, 1), false);
  assert.equal(characterAt(s, 1), '😀');
  assert.deepEqual(snapToCharacters(s, 2, 2), [1, 3]);
  assert.deepEqual(snapToCharacters(s, 0, 1), [0, 1]);
});

test('the line index counts lines as LSP does, the same as the text-document library, for every mix of line ends', () => {
  const texts = ['a\nb', 'a\r\nb', 'a\rb', 'a\r\r\nb\n\rc', '\r', '\n\n', 'x\r', '', 'é😀\rz'];
  for (const text of texts) {
    const doc = TextDocument.create('file:///x', 'python', 1, text);
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      // Between the `\r` and `\n` of a CRLF no position exists; both sides agree that it belongs to the line above.
      assert.deepEqual(index.positionAt(offset), doc.positionAt(offset), `${JSON.stringify(text)} at ${offset}`);
    }
    for (let line = 0; line < doc.lineCount; line++) {
      assert.equal(index.lineStart(line), doc.offsetAt({ line, character: 0 }), `${JSON.stringify(text)} line ${line}`);
      assert.equal(
        index.offsetAt({ line, character: 99 }),
        doc.offsetAt({ line, character: 99 }),
        `${JSON.stringify(text)} end of ${line}`,
      );
    }
  }
});

test('a name is written into each kind of Python string so that Python reads the same name back', () => {
  const names = [
    'plain',
    'x"+__import__("os").system("id")+"',
    "it's",
    'back\\slash',
    '{braces}',
    'new\nline',
    'café',
    'esc\u001b',
    '\u202e',
  ];
  const kinds = ['"', "'", '"""', "'''"].flatMap((quote) => ['', 'r', 'b', 'f', 'rb', 'fr', 'u'].map((prefix) => ({ quote, prefix })));
  const sources: string[] = [];
  const wanted: { name: string; bytes: boolean }[] = [];
  for (const name of names) {
    for (const kind of kinds) {
      const code = inPythonString(name, kind);
      if (!code.ok) {
        assert.ok(
          kind.prefix.includes('r'),
          `only a raw string may refuse ${JSON.stringify(name)} (${kind.prefix}${kind.quote}): ${code.why}`,
        );
        assert.match(code.why, /cannot be written inside this r/);
        continue;
      }
      sources.push(`x = ${kind.prefix}${kind.quote}${code.code}${kind.quote}`);
      wanted.push({ name, bytes: kind.prefix.includes('b') });
    }
  }
  pythonValues(sources).forEach((value, i) => {
    const want = wanted[i].bytes ? { bytes: Buffer.from(wanted[i].name).toString('hex') } : { str: wanted[i].name };
    assert.deepEqual(value, want, sources[i]);
  });
});

test('a name holding $(…) is shown in a Quick Pick as text, not as an icon', () => {
  assert.equal(escapeIconSyntax('2025-01-01T00-00-00-$(zap)-sweep'), '2025-01-01T00-00-00-\\$(zap)-sweep');
  assert.equal(escapeIconSyntax('a $(x) and $(y)'), 'a \\$(x) and \\$(y)');
  assert.equal(escapeIconSyntax('$(sync~spin) done'), '\\$(sync~spin) done');
  assert.equal(
    escapeIconSyntax('costs $5 (approx.), $(not an icon)'),
    'costs $5 (approx.), $(not an icon)',
    'what VS Code would not draw is left alone',
  );
});
