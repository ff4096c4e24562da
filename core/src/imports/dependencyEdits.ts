// Edits to the `dependencies` array that keep the header as its author wrote it: a new item goes on a line of its
// own after the last one when items are one per line (same indentation, same quotes, trailing comma as the others
// have it), at the end of the list when they share a line; a removed item takes its whole line (with its comment)
// when it had one to itself, else only itself and its comma.
import type { Range, TextEdit } from '#core/diagnostic';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import type { DependencyItem } from '#core/pep723/metadata';

/** The edits that add `names` to `dependencies`; undefined when the header has no closed, valid block to edit. */
export function addDependenciesEdits(text: string, analysis: ScriptAnalysis, names: readonly string[]): TextEdit[] | undefined {
  const block = analysis.block;
  const tree = analysis.tree;
  if (!block || !tree || !analysis.metadata || names.length === 0) return undefined;
  const eol = detectEol(text);
  const lines = headerLines(text, block.closeLine);
  const member = tree.entries.get('dependencies');
  if (!member) {
    // No `dependencies` key: a new line right after `# /// script`, before any table header.
    const at = { line: block.openLine + 1, character: 0 };
    return [{ range: { start: at, end: at }, newText: `# dependencies = [${names.map((n) => JSON.stringify(n)).join(', ')}]${eol}` }];
  }
  if (member.value.kind !== 'array' || member.value.ofTables) return undefined;
  const arrayRange = analysis.rangeOf(member.value.anchor);
  const items = analysis.metadata.dependencies.filter((d) => d.path[0] === 'dependencies' && d.path.length === 2);
  const last = items[items.length - 1];
  const quote = last ? quoteOf(lines, last.range) : '"';
  const quoted = names.map((n) => quote + n + quote);

  if (arrayRange.start.line === arrayRange.end.line) {
    // One line: `["a", "b"]` → `["a", "b", "c"]`; `[]` → `["c"]`.
    if (!last) {
      const at = { line: arrayRange.start.line, character: arrayRange.start.character + 1 };
      return [{ range: { start: at, end: at }, newText: quoted.join(', ') }];
    }
    return [{ range: { start: last.range.end, end: last.range.end }, newText: ', ' + quoted.join(', ') }];
  }

  if (!last) {
    // An empty list over several lines: the items go on lines of their own before the closing bracket's line.
    const closing = arrayRange.end.line;
    const closingLine = lines[closing] ?? '';
    const indent = '#' + ' '.repeat(5);
    if (
      closingLine
        .slice(0, arrayRange.end.character - 1)
        .replace(/^#/, '')
        .trim() === ''
    ) {
      const at = { line: closing, character: 0 };
      return [{ range: { start: at, end: at }, newText: quoted.map((q) => `${indent}${q},${eol}`).join('') }];
    }
    const at = { line: arrayRange.end.line, character: arrayRange.end.character - 1 };
    return [{ range: { start: at, end: at }, newText: quoted.join(', ') }];
  }

  const line = lines[last.range.end.line] ?? '';
  const after = line.slice(last.range.end.character);
  const comma = /^\s*,/.exec(after);
  const rest = after.slice(comma ? comma[0].length : 0);
  if (last.range.start.line !== last.range.end.line || !/^\s*(#.*)?$/.test(rest)) {
    // Something follows the last item on its line (the closing bracket, another value): add inline.
    return [{ range: { start: last.range.end, end: last.range.end }, newText: ', ' + quoted.join(', ') }];
  }
  const itemLine = lines[last.range.start.line] ?? '';
  const prefix = itemLine.slice(0, last.range.start.character);
  const indent = /^#[ \t]*$/.test(prefix) ? prefix : '#     ';
  const trailingComma = comma !== null || items.length === 1;
  const edits: TextEdit[] = [];
  if (!comma) edits.push({ range: { start: last.range.end, end: last.range.end }, newText: ',' });
  const newLines = quoted.map((q, i) => `${indent}${q}${trailingComma || i < quoted.length - 1 ? ',' : ''}${eol}`).join('');
  const at = { line: last.range.end.line + 1, character: 0 };
  edits.push({ range: { start: at, end: at }, newText: newLines });
  return edits;
}

/** The edit that removes one item of `dependencies`. */
export function removeDependencyEdit(text: string, analysis: ScriptAnalysis, item: DependencyItem): TextEdit | undefined {
  const block = analysis.block;
  if (!block) return undefined;
  const lines = headerLines(text, block.closeLine);
  const { start, end } = item.range;
  if (start.line !== end.line) return { range: item.range, newText: '' };
  const line = lines[start.line] ?? '';
  const before = line.slice(0, start.character);
  const after = line.slice(end.character);
  const comma = /^\s*,?/.exec(after)![0];
  const rest = after.slice(comma.length);
  if (/^#[ \t]*$/.test(before) && /^\s*(#.*)?$/.test(rest)) {
    // The item had its line to itself: the line goes, comment included.
    return { range: { start: { line: start.line, character: 0 }, end: { line: start.line + 1, character: 0 } }, newText: '' };
  }
  if (comma.includes(',')) {
    return {
      range: { start, end: { line: start.line, character: end.character + comma.length + (/^ /.test(rest) ? 1 : 0) } },
      newText: '',
    };
  }
  // The last item of a one-line list: take the comma and space before it.
  const previous = /,\s*$/.exec(before);
  const from = previous ? start.character - previous[0].length : start.character;
  return { range: { start: { line: start.line, character: from }, end }, newText: '' };
}

function quoteOf(lines: readonly string[], range: Range): string {
  const c = (lines[range.start.line] ?? '')[range.start.character];
  return c === "'" ? "'" : '"';
}

/** The script's lines up to the header's closing line (split at `\n`, without `\r`). */
function headerLines(text: string, lastLine: number): string[] {
  return textUpToLine(text, lastLine)
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The text of lines `0..lastLine`, found by searching for line breaks rather than splitting the whole text. */
export function textUpToLine(text: string, lastLine: number): string {
  let end = -1;
  for (let line = 0; line <= lastLine; line++) {
    end = text.indexOf('\n', end + 1);
    if (end < 0) return text;
  }
  return text.slice(0, end);
}

export function detectEol(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}
