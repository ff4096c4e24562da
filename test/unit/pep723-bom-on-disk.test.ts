// The byte-order mark warning for text whose BOM was stripped by the editor: the same warning the checker gives
// for a BOM in the text, under the same condition (the header opens the file), and only then.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeScript, hiddenBomDiagnostic, startsWithUtf8Bom } from '#core/pep723/index';

const HEADER = '# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy\n';

test('the bytes EF BB BF and nothing else count as a UTF-8 BOM', () => {
  assert.equal(startsWithUtf8Bom(Uint8Array.of(0xef, 0xbb, 0xbf, 0x23)), true);
  assert.equal(startsWithUtf8Bom(Uint8Array.of(0xef, 0xbb, 0xbf)), true);
  assert.equal(startsWithUtf8Bom(Uint8Array.of(0xef, 0xbb)), false);
  assert.equal(startsWithUtf8Bom(Uint8Array.of(0xfe, 0xff, 0x00)), false, 'a UTF-16 BOM is something else');
  assert.equal(startsWithUtf8Bom(Buffer.from('# /// script')), false);
});

test('a header on the first line of a file with a stripped BOM: the same warning as for a BOM in the text', () => {
  const hidden = hiddenBomDiagnostic(analyzeScript(HEADER));
  assert.ok(hidden);
  const inText = analyzeScript('\ufeff' + HEADER).diagnostics.find((d) => d.code === 'pep723/bom');
  assert.ok(inText);
  assert.equal(hidden.code, 'pep723/bom');
  assert.equal(hidden.severity, inText.severity);
  assert.equal(hidden.message, inText.message);
  assert.deepEqual(hidden.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } });
  assert.equal(hidden.fixes, undefined, 'no text edit can remove a BOM that is not in the text');
});

test('an unclosed header on the first line is hidden from uv too', () => {
  assert.ok(hiddenBomDiagnostic(analyzeScript('# /// script\n# dependencies = ["numpy"]\nimport numpy\n')));
});

test('nothing when the BOM hides nothing or the text already holds it', () => {
  assert.equal(hiddenBomDiagnostic(analyzeScript('#!/usr/bin/env python3\n' + HEADER)), undefined, 'header below a shebang');
  assert.equal(hiddenBomDiagnostic(analyzeScript('import numpy\n')), undefined, 'no header');
  assert.equal(hiddenBomDiagnostic(analyzeScript('# /// Script\n# ///\n')), undefined, 'no real header');
  assert.equal(hiddenBomDiagnostic(analyzeScript('\ufeff' + HEADER)), undefined, 'the checker reports it, with its fix');
});
