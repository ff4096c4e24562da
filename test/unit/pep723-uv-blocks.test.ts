// A second `# /// script` block, judged as uv judges it. The cases are uv's own (crates/uv-scripts/src/lib.rs,
// uv 0.12.5: `unclosed_second_script_block_is_not_duplicate`, `adjacent_unclosed_second_script_block_is_not_duplicate`,
// `other_script_block_is_ignored`) plus the refusal they guard, which uv makes since 0.11.17.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeScript } from '#core/pep723/index';

const codes = (text: string) => analyzeScript(text).diagnostics.map((d) => `${d.range.start.line}:${d.code}`);

test('an opening line that is never closed after the header is not a second block (uv: unclosed_second_script_block_is_not_duplicate)', () => {
  const text = ['# /// script', '# dependencies = ["requests"]', '# ///', '', 'print("Hello, world!")', '', '# /// script', ''].join('\n');
  assert.deepEqual(codes(text), []);
});

test('an opening line right after the closing line, never closed, is not a second block (uv: adjacent_unclosed_…)', () => {
  const text = ['# /// script', '# dependencies = []', '# ///', '# /// script', 'print("Hello, world!")', ''].join('\n');
  assert.deepEqual(codes(text), []);
});

test('`# /// script` inside another type of block is that block`s content (uv: other_script_block_is_ignored)', () => {
  const text = [
    '# /// script',
    '# dependencies = ["requests"]',
    '# ///',
    '',
    '',
    '# /// other',
    '# /// script',
    '# ///',
    '',
    'print("Hello, world!")',
    '',
  ].join('\n');
  assert.deepEqual(codes(text), []);
});

test('a second block closed by `# ///` is an error: uv refuses the script since 0.11.17', () => {
  const text = [
    '# /// script',
    '# dependencies = []',
    '# ///',
    'x = 1',
    '# /// script',
    '# requires-python = ">=3.11"',
    '# ///',
    'y = 2',
    '',
  ].join('\n');
  assert.deepEqual(codes(text), ['4:pep723/multiple-blocks']);
  const atEnd = ['# /// script', '# dependencies = []', '# ///', 'x = 1', '# /// script', '# ///'].join('\n');
  assert.deepEqual(codes(atEnd), ['4:pep723/multiple-blocks']);
});

test('a second opening line whose `# ///` is followed by more comment lines is not closed for uv', () => {
  const text = ['# /// script', '# dependencies = []', '# ///', 'x = 1', '# /// script', '# ///', '# a comment', 'y = 2', ''].join('\n');
  assert.deepEqual(codes(text), []);
});

test('a first block that is never closed is the error uv reports; a later closed block is not reached', () => {
  const text = ['# /// script', '# dependencies = []', 'x = 1', '# /// script', '# ///', ''].join('\n');
  assert.deepEqual(
    codes(text).filter((c) => c.endsWith('multiple-blocks') || c.endsWith('unclosed-block')),
    ['0:pep723/unclosed-block'],
  );
});

test('a second block is found past thousands of lines of code, and `# /// script` inside a line never opens one', () => {
  const code = 'x = "# /// script"  # /// script\n'.repeat(3000);
  const header = ['# /// script', '# dependencies = []', '# ///', ''].join('\n');
  assert.deepEqual(codes(header + code), [], 'the tag inside lines is not a line of its own');
  const second = ['# /// script', '# requires-python = ">=3.11"', '# ///', 'y = 2', ''].join('\n');
  assert.deepEqual(codes(header + code + second), ['3003:pep723/multiple-blocks']);
  const crlf = (header + code + second).replace(/\n/g, '\r\n');
  assert.deepEqual(codes(crlf), ['3003:pep723/multiple-blocks'], 'CRLF lines too');
});
