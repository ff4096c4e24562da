// Each header key is described once, in the checker's lists: completion offers exactly the keys the checker
// accepts, with that description, and hover explains every one of them with the same words.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { completeHeader, CompletionCandidate } from '#core/completion/completeHeader';
import { linesOfText } from '#core/completion/headerAtCursor';
import { hoverInHeader } from '#core/hover/hoverHeader';
import { analyzeScript, SCRIPT_KEYS, UV_INDEX_FIELDS, UV_SCRIPT_SETTINGS } from '#core/pep723/index';
import { UV_TABLE } from '#core/pep723/uvSettings';
import type { KeyDescription } from '#core/pep723/index';

/** Key candidates offered at the `|` in `marked`, and the text without the bar. */
function keysAt(marked: string): { text: string; cursor: { line: number; character: number }; keys: CompletionCandidate[] } {
  const at = marked.indexOf('|');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at);
  const cursor = { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) };
  const items = completeHeader(linesOfText(text), cursor) ?? [];
  return { text, cursor, keys: items.filter((i) => i.kind === 'key') };
}

/** The text with `key = value` (placeholders at their defaults) written at the cursor. */
function withKey(text: string, item: CompletionCandidate): string {
  const value = item.newText
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
  const lines = text.split('\n');
  const line = lines[item.range.start.line];
  lines[item.range.start.line] = line.slice(0, item.range.start.character) + value + line.slice(item.range.end.character);
  return lines.join('\n');
}

/** The hover on the first character of `key` at the start of a line's TOML. */
function hoverOnKey(text: string, key: string): string | undefined {
  const line = text.split('\n').findIndex((l) => l.startsWith(`# ${key} =`));
  assert.ok(line >= 0, `${key} is written in:\n${text}`);
  return hoverInHeader(analyzeScript(text), { line, character: 2 })?.markdown;
}

const sorted = (names: Iterable<string>) => [...names].sort();

function assertDescribed(d: KeyDescription, key: string): void {
  assert.ok(d.summary.trim().length > 10, `${key} has a summary`);
  assert.ok(!d.summary.includes('\n'), `${key}: the summary is one line`);
  if (d.details !== undefined) assert.ok(d.details.trim().length > 0, `${key}: details are absent or say something`);
}

test('every key the checker accepts has a one-line description', () => {
  for (const k of [...SCRIPT_KEYS, ...UV_SCRIPT_SETTINGS, ...UV_INDEX_FIELDS]) assertDescribed(k, k.key);
});

test('top level: completion offers exactly the PEP 723 keys, each hovered with its description', () => {
  const { text, keys } = keysAt('# /// script\n# |\n# ///\n');
  assert.deepEqual(sorted(keys.map((k) => k.label)), sorted(SCRIPT_KEYS.map((k) => k.key)));
  for (const key of SCRIPT_KEYS) {
    const item = keys.find((k) => k.label === key.key)!;
    assert.equal(item.detail, key.summary.replace(/`/g, ''), `${key.key}: the summary is the completion detail`);
    assert.equal(item.documentation, key.details);
    if (key.key === 'dependencies') continue; // completed over several lines; hovered in hover-header.test.ts
    const hover = hoverOnKey(withKey(text, item), key.key);
    assert.equal(hover, `**${key.key}**\n\n${key.summary}${key.details ? `\n\n${key.details}` : ''}`);
  }
});

test('[tool.uv]: completion offers exactly the settings the checker accepts, each hovered with its description', () => {
  const { text, keys } = keysAt('# /// script\n# dependencies = []\n# [tool.uv]\n# |\n# ///\n');
  // `index` and `sources` come as table headers (`[[tool.uv.index]]`, `[tool.uv.sources]`) rather than keys.
  const asKeys = UV_SCRIPT_SETTINGS.filter((s) => s.key !== 'index' && s.key !== 'sources');
  assert.deepEqual(sorted(keys.map((k) => k.label)), sorted(asKeys.map((s) => s.key)));
  for (const setting of asKeys) {
    const item = keys.find((k) => k.label === setting.key)!;
    assert.equal(item.detail, setting.summary.replace(/`/g, ''), `${setting.key}: the summary is the completion detail`);
    assert.equal(item.documentation, setting.details);
    const hover = hoverOnKey(withKey(text, item), setting.key);
    assert.equal(hover, `**tool.uv.${setting.key}**\n\n${setting.summary}${setting.details ? `\n\n${setting.details}` : ''}`);
  }
  const tables = analyzeScript('# /// script\n# [[tool.uv.index]]\n# url = "https://example.org/simple"\n# [tool.uv.sources]\n# ///\n');
  for (const [line, key] of [
    [1, 'index'],
    [3, 'sources'],
  ] as const) {
    const setting = UV_SCRIPT_SETTINGS.find((s) => s.key === key)!;
    assert.equal(
      hoverInHeader(tables, { line, character: 12 })?.markdown,
      `**tool.uv.${key}**\n\n${setting.summary}\n\n${setting.details}`,
    );
  }
});

test('[[tool.uv.index]]: completion offers exactly the fields the checker accepts, each hovered with its description', () => {
  const { text, keys } = keysAt('# /// script\n# [[tool.uv.index]]\n# |\n# ///\n');
  assert.deepEqual(sorted(keys.map((k) => k.label)), sorted(UV_INDEX_FIELDS.map((f) => f.key)));
  for (const field of UV_INDEX_FIELDS) {
    const item = keys.find((k) => k.label === field.key)!;
    assert.equal(item.detail, field.summary.replace(/`/g, ''));
    assert.equal(item.documentation, field.details);
    const hover = hoverOnKey(withKey(text, item), field.key);
    assert.equal(hover, `**index ${field.key}**\n\n${field.summary}${field.details ? `\n\n${field.details}` : ''}`);
  }
});

test('the table headers completion offers carry the same descriptions as hover', () => {
  const at = '# /// script\n# dependencies = []\n# |\n# ///\n';
  const items = completeHeader(linesOfText(at.replace('|', '')), { line: 2, character: 2 }) ?? [];
  const tableItem = (label: string) => items.find((i) => i.kind === 'table' && i.label === label);
  const expected: [string, KeyDescription][] = [
    ['[tool.uv]', UV_TABLE],
    ['[[tool.uv.index]]', UV_SCRIPT_SETTINGS.find((s) => s.key === 'index')!],
    ['[tool.uv.sources]', UV_SCRIPT_SETTINGS.find((s) => s.key === 'sources')!],
  ];
  for (const [label, description] of expected) {
    const item = tableItem(label);
    assert.ok(item, `${label} is offered`);
    assert.equal(item.detail, description.summary.replace(/`/g, ''), label);
    assert.equal(item.documentation, description.details, label);
  }
  const withTable = analyzeScript('# /// script\n# [tool.uv]\n# ///\n');
  assert.equal(
    hoverInHeader(withTable, { line: 1, character: 8 })?.markdown,
    `**[tool.uv]**\n\n${UV_TABLE.summary}\n\n${UV_TABLE.details}`,
  );
});
