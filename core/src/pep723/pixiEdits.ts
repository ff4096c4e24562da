// Edits to a header's `[tool.pixi]` part that quick fixes share: declaring CUDA on the platform (the form pixi
// recommends since 0.71.1) and removing a whole table. Each returns undefined where the header is written in a way
// a simple, safe edit cannot handle (inline or dotted tables), so no fix is offered there rather than a wrong one.
import type { Range, TextEdit } from '#core/diagnostic';
import type { AST } from '#core/toml/parser';
import type { TomlMember, TomlTableView } from '#core/toml/tree';
import type { MetadataBlock } from './blocks';
import { BlockRanges } from './stringRanges';

/** The platform a CUDA declaration is added to when the header names none. */
export const CUDA_PLATFORM = 'linux-64';
/** The driver CUDA version written by default (pixi's own documentation uses it). */
export const DEFAULT_PIXI_CUDA = '12.0';

/** The line terminator of the block's lines (`\n` unless they end in `\r\n`). */
export function blockEol(block: MetadataBlock): string {
  const lines = block.map.lines;
  for (let i = 0; i + 1 < lines.length; i++) {
    const gap = lines[i + 1].scriptOffset - (lines[i].scriptOffset + lines[i].prefixLength + lines[i].text.length);
    if (gap === 2) return '\r\n';
    if (gap === 1) return '\n';
  }
  return '\n';
}

export function cudaPlatformEntry(platform: string, cuda: string): string {
  return `{ platform = ${JSON.stringify(platform)}, cuda = ${JSON.stringify(cuda)} }`;
}

/**
 * Edits that make the header declare `cuda` on its Linux platform(s): a bare `"linux-64"` entry becomes a table
 * with `cuda`; without `platforms`, one `{ platform = "linux-64", cuda = … }` entry is added to `[tool.pixi.workspace]`
 * (the table is created before the first `[tool.pixi…]` table when there is none).
 */
export function declareCudaEdits(tree: TomlTableView, block: MetadataBlock, cuda: string): TextEdit[] | undefined {
  const r = new BlockRanges(block);
  const pixi = tree.entries.get('tool')?.value;
  const pixiTable = pixi?.kind === 'table' ? pixi.entries.get('pixi')?.value : undefined;
  if (!pixiTable || pixiTable.kind !== 'table') return undefined;
  const workspace = pixiTable.entries.get('workspace');
  const eol = blockEol(block);
  const entry = cudaPlatformEntry(CUDA_PLATFORM, cuda);
  if (!workspace) {
    const firstTable = firstPixiTableHeaderLine(block, tree);
    if (firstTable === undefined) return undefined;
    const at = { line: firstTable, character: 0 };
    return [{ range: { start: at, end: at }, newText: `# [tool.pixi.workspace]${eol}# platforms = [${entry}]${eol}#${eol}` }];
  }
  if (workspace.value.kind !== 'table' || workspace.value.inline) return undefined;
  const platforms = workspace.value.entries.get('platforms');
  if (!platforms) {
    const header = headerTableOf(workspace.value, ['tool', 'pixi', 'workspace']);
    if (!header) return undefined;
    const line = r.node(header.key).end.line + 1;
    const at = { line, character: 0 };
    return [{ range: { start: at, end: at }, newText: `# platforms = [${entry}]${eol}` }];
  }
  if (platforms.value.kind !== 'array') return undefined;
  const edits: TextEdit[] = [];
  for (const item of platforms.value.items) {
    if (item.kind !== 'scalar' || item.node.kind !== 'string') continue;
    if (!item.node.value.startsWith('linux-')) continue;
    edits.push({ range: r.node(item.node), newText: cudaPlatformEntry(item.node.value, cuda) });
  }
  return edits.length > 0 ? edits : undefined;
}

/** Script line of the first `[tool.pixi…]` table header, where a new `[tool.pixi.workspace]` can go before it. */
function firstPixiTableHeaderLine(block: MetadataBlock, tree: TomlTableView): number | undefined {
  const top = tree.anchor as AST.TOMLTopLevelTable;
  const r = new BlockRanges(block);
  for (const item of top.body ?? []) {
    if (item.type !== 'TOMLTable') continue;
    const [first, second] = item.resolvedKey;
    if (first === 'tool' && second === 'pixi') return r.node(item.key).start.line;
  }
  return undefined;
}

/** The `[header]` that defines a table at `path`, when the table is written as one (not inline, not dotted). */
export function headerTableOf(view: TomlTableView, path: readonly string[]): AST.TOMLTable | undefined {
  const anchor = view.anchor;
  if (view.inline || anchor.type !== 'TOMLKey' || anchor.parent.type !== 'TOMLTable') return undefined;
  const table = anchor.parent;
  const key = table.resolvedKey;
  return key.length === path.length && key.every((k, i) => k === path[i]) ? table : undefined;
}

/** An edit deleting the whole lines of a `[header]` table at `path`, or undefined when it is not written as one. */
export function deleteTableEdit(member: TomlMember, path: readonly string[], block: MetadataBlock): TextEdit | undefined {
  if (member.value.kind !== 'table') return undefined;
  const node = headerTableOf(member.value, path);
  if (!node) return undefined;
  const r = new BlockRanges(block);
  const range: Range = r.node(node);
  return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
}
