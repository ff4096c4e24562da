// Reading `# /// TYPE` blocks exactly as PEP 723's reference regular expression (and uv) do.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findMetadataBlocks } from '#core/pep723/blocks';

const lines = (...l: string[]) => l.join('\n') + '\n';

test('reads a block: type, lines, payload without the `# ` prefix', () => {
  const text = lines(
    '#!/usr/bin/env python3',
    '# /// script',
    '# requires-python = ">=3.11"',
    '#',
    '# dependencies = ["numpy"]',
    '# ///',
    'import numpy',
  );
  const { blocks, unclosed } = findMetadataBlocks(text);
  assert.equal(unclosed.length, 0);
  assert.equal(blocks.length, 1);
  const b = blocks[0];
  assert.equal(b.type, 'script');
  assert.equal(b.openLine, 1);
  assert.equal(b.closeLine, 5);
  assert.equal(b.payload, 'requires-python = ">=3.11"\n\ndependencies = ["numpy"]\n');
  assert.equal(text.slice(b.start, b.end), '# /// script\n# requires-python = ">=3.11"\n#\n# dependencies = ["numpy"]\n# ///');
});

test('maps payload positions to script positions and back', () => {
  const text = lines('x = 1', '# /// script', '# dependencies = [', '#', '#   "numpy",', '# ]', '# ///');
  const b = findMetadataBlocks(text).blocks[0];
  // payload line 2 is `  "numpy",`; column 3 is the `n`.
  assert.deepEqual(b.map.toScript(2, 3), { line: 4, character: 5 });
  assert.deepEqual(b.map.fromScript({ line: 4, character: 5 }), { line: 2, column: 3, inPrefix: false });
  // A lone `#` line has a one-character prefix.
  assert.deepEqual(b.map.toScript(1, 0), { line: 3, character: 1 });
  // Inside the prefix clamps to column 0; outside the payload is undefined.
  assert.deepEqual(b.map.fromScript({ line: 4, character: 0 }), { line: 2, column: 0, inPrefix: true });
  assert.equal(b.map.fromScript({ line: 1, character: 3 }), undefined);
  assert.equal(b.map.fromScript({ line: 6, character: 0 }), undefined);
  const offset = b.payload.indexOf('numpy');
  assert.deepEqual(b.map.offsetToScript(offset), { line: 4, character: 5 });
  assert.equal(b.map.scriptToOffset({ line: 4, character: 5 }), offset);
});

test('greedy: the block closes at the last `# ///` of the comment run', () => {
  const text = lines('# /// script', '# a = 1', '# ///', '#', '# b = 2', '# ///', '#', 'import x');
  const [b] = findMetadataBlocks(text).blocks;
  assert.equal(b.closeLine, 5);
  assert.equal(b.payload, 'a = 1\n///\n\nb = 2\n');
});

test('a run of comment lines after the closing line does not extend the block', () => {
  const text = lines('# /// script', '# a = 1', '# ///', '#', '# just a comment');
  const [b] = findMetadataBlocks(text).blocks;
  assert.equal(b.closeLine, 2);
  assert.equal(b.payload, 'a = 1\n');
});

test('content may contain `///` lines of its own (uv embedded-comment case)', () => {
  const text = lines('# /// script', "# embedded = '''", '# /// <summary>', '# ///', "# '''", '# ///');
  const [b] = findMetadataBlocks(text).blocks;
  assert.equal(b.closeLine, 5);
  assert.equal(b.payload, "embedded = '''\n/// <summary>\n///\n'''\n");
});

test('CRLF files read like LF files', () => {
  const text = '# /// script\r\n# dependencies = ["numpy"]\r\n# ///\r\nimport numpy\r\n';
  const [b] = findMetadataBlocks(text).blocks;
  assert.equal(b.payload, 'dependencies = ["numpy"]\n');
  assert.equal(b.closeLine, 2);
  assert.deepEqual(b.map.toScript(0, 0), { line: 1, character: 2 });
});

test('closing line at the end of the file without a newline', () => {
  const [b] = findMetadataBlocks('# /// script\n# a = 1\n# ///').blocks;
  assert.equal(b.payload, 'a = 1\n');
});

test('an empty block is read, like uv does', () => {
  const [b] = findMetadataBlocks('# /// script\n# ///\n').blocks;
  assert.equal(b.payload, '\n');
  assert.equal(b.closeLine, 1);
});

test('other block types are found with their type', () => {
  const text = lines('# /// pyproject', '# [project]', '# ///', '', '# /// script', '# a = 1', '# ///');
  const { blocks } = findMetadataBlocks(text);
  assert.deepEqual(
    blocks.map((b) => [b.type, b.openLine]),
    [
      ['pyproject', 0],
      ['script', 4],
    ],
  );
});

test('two blocks with no line between them read as one (the regex is greedy)', () => {
  const text = lines('# /// pyproject', '# [project]', '# ///', '# /// script', '# a = 1', '# ///');
  const { blocks } = findMetadataBlocks(text);
  assert.deepEqual(
    blocks.map((b) => [b.type, b.openLine, b.closeLine]),
    [['pyproject', 0, 5]],
  );
});

test('not an opening line: indented, trailing space, code before the tag', () => {
  for (const open of ['  # /// script', '# /// script ', 'x = 1 # /// script', '#/// script', '# ///  script']) {
    const scan = findMetadataBlocks(lines(open, '# a = 1', '# ///'));
    assert.deepEqual(
      scan.blocks.map((b) => b.type),
      [],
      open,
    );
    assert.equal(scan.unclosed.length, 0, open);
  }
});

test('unclosed: reports why the comment run stopped', () => {
  const cases: [string[], string, number | undefined][] = [
    [['# /// script', '# a = 1'], 'end-of-file', undefined],
    [['# /// script', '# a = [', '"x",', '# ]', '# ///'], 'not-a-comment', 2],
    [['# /// script', '#a = 1', '# ///'], 'no-space-after-hash', 1],
    [['# /// script', '#\ta = 1', '# ///'], 'tab-after-hash', 1],
    [['# /// script', '# a = 1', '', '# ///'], 'not-a-comment', 2],
  ];
  for (const [l, reason, breakLine] of cases) {
    const scan = findMetadataBlocks(lines(...l));
    assert.equal(scan.blocks.length, 0, l.join('|'));
    assert.equal(scan.unclosed.length, 1, l.join('|'));
    assert.equal(scan.unclosed[0].reason, reason, l.join('|'));
    assert.equal(scan.unclosed[0].breakLine?.line, breakLine, l.join('|'));
  }
});

test('unclosed: a closing line with trailing spaces is noted', () => {
  const [u] = findMetadataBlocks(lines('# /// script', '# a = 1', '# ///  ')).unclosed;
  assert.deepEqual(
    u.nearClosings.map((l) => l.line),
    [2],
  );
});

test('an opening tag as the very last line is unclosed', () => {
  assert.equal(findMetadataBlocks('x = 1\n# /// script').unclosed.length, 1);
});

test('a byte-order mark before the first line still finds the block, one column in', () => {
  const scan = findMetadataBlocks('\ufeff# /// script\n# a = 1\n# ///\n');
  assert.equal(scan.hasBom, true);
  assert.equal(scan.blocks[0].openColumn, 1);
  assert.equal(scan.blocks[0].payload, 'a = 1\n');
});

test('a header far down a long file is found, with the right line numbers', () => {
  const body = 'x = 1\n'.repeat(20_000);
  const text = body + lines('# /// script', '# a = 1', '# ///') + body;
  const [b] = findMetadataBlocks(text).blocks;
  assert.equal(b.openLine, 20_000);
  assert.equal(b.closeLine, 20_002);
  assert.deepEqual(b.map.toScript(0, 0), { line: 20_001, character: 2 });
});
