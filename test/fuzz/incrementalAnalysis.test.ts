// Property: whatever the header and whatever the edits, the language server's incremental result (its document
// model and its cached, shifted analysis: server/src/lsp/analysisCache.ts) equals a fresh analysis of the same
// text, and every position it reports is a valid UTF-16 position of the document, never inside a surrogate pair.
// Texts mix `\n`, `\r\n` and lone `\r` line ends, emoji and the lines that matter to the header.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from '../../server/src/lsp/analysisCache';
import { analyzeForServer, ServerAnalysis, shiftAnalysis } from '../../server/src/lsp/analysis';
import type { CoreDiagnostic, Range } from '#core/diagnostic';
import { snapToCharacters, splitsSurrogatePair } from '#core/text/codePoints';
import { fuzz } from './fuzz';

const LINES = [
  '# /// script',
  '# ///',
  '# ///  ',
  '# dependencies = [',
  '#   "numpy>=1.0",',
  '# ]',
  '# requires-python = ">=3.11"',
  '# dependencies = ["😀", "a>>1", "torch; 😀"]',
  '# dependencies = ["numpy"',
  '# [tool.uv]',
  '# exclude-newer = 1',
  '# exclude-dependencies = ["werkzeug"]',
  '# a = 😀',
  '#',
  '',
  'import sys',
  'print(sys.argv)',
  'x = "# /// script"',
  '"""doc',
  '"""',
  '# /// other',
  '#\tbad',
  ' # /// script',
  '# /// Script',
  'sys.argv  # sys.argv',
];
const PIECES = ['\n', '\r\n', '\r', '# ', '///', ' ', '#', 'sys.argv', '# ///', '"', '[', ']', '😀', 'é', 'x', '= ', '# /// script\n'];

const eol = fc.constantFrom('\n', '\r\n', '\r');
const line = fc.oneof(
  fc.constantFrom(...LINES),
  fc.string({ unit: fc.constantFrom('a', '#', ' ', '/', '"', '[', ']', '=', '\t', '😀', 'é'), maxLength: 12 }),
);
const script = fc.array(fc.tuple(line, eol), { maxLength: 14 }).map((ls) => ls.map(([l, e]) => l + e).join(''));
const insertion = fc.oneof(
  fc.constantFrom(...PIECES, ...LINES.map((l) => l + '\n')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join('')),
);
const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), text: fc.oneof(insertion, fc.constant('')) });

function comparable(ds: CoreDiagnostic[]): unknown {
  return ds.map((d) => ({ range: d.range, code: d.code, severity: d.severity, message: d.message, fixes: d.fixes }));
}

function checkRange(doc: TextDocument, range: Range, what: string): void {
  const text = doc.getText();
  for (const pos of [range.start, range.end]) {
    assert.ok(pos.line >= 0 && pos.line < doc.lineCount, `${what}: line ${pos.line} outside the document`);
    const offset = doc.offsetAt(pos);
    assert.deepEqual(doc.positionAt(offset), pos, `${what}: ${JSON.stringify(pos)} is not a position of the document`);
    assert.ok(!splitsSurrogatePair(text, offset), `${what}: ${JSON.stringify(pos)} is inside a surrogate pair`);
  }
  assert.ok(doc.offsetAt(range.start) <= doc.offsetAt(range.end), `${what}: range ends before it starts`);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test('random headers and random edits: the incremental analysis equals a fresh one, at valid positions', async () => {
  await fuzz(
    'incremental analysis',
    fc.property(script, fc.array(edit, { minLength: 1, maxLength: 25 }), (initial, edits) => {
      const cache = new AnalysisCache<ServerAnalysis>({ analyze: analyzeForServer, shift: shiftAnalysis });
      const uri = 'file:///fuzz/train.py';
      let doc = TextDocument.create(uri, 'python', 1, initial);
      cache.get(doc);
      edits.forEach((e, i) => {
        const text = doc.getText();
        // Edits keep whole characters, as editors do.
        const [start, end] = snapToCharacters(
          text,
          Math.min(e.at % (text.length + 1), text.length),
          Math.min(text.length, (e.at % (text.length + 1)) + e.length),
        );
        const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
        doc = cache.update(doc, [{ range, text: e.text }], i + 2);
        const now = doc.getText();
        const fresh = TextDocument.create(uri, 'python', i + 2, now);
        assert.equal(doc.lineCount, fresh.lineCount, `document lines after edit ${i + 1}: ${JSON.stringify(now)}`);
        const incremental = cache.get(doc).analysis.diagnostics;
        const expected = analyzeForServer(now, uri).diagnostics;
        assert.deepEqual(comparable(incremental), comparable(expected), `after edit ${i + 1}: ${JSON.stringify(now)}`);
        for (const d of incremental) {
          checkRange(fresh, d.range, `${d.code} in ${JSON.stringify(now)}`);
          for (const fix of d.fixes ?? []) for (const ed of fix.edits) checkRange(fresh, ed.range, `fix "${fix.title}"`);
          assert.doesNotMatch(d.message, LONE_SURROGATE, `${d.code}: a lone surrogate in the message`);
        }
      });
    }),
    { numRuns: 400, timeLimitMs: 15_000 },
  );
});
