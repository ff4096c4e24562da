// What is at a position in the TOML payload: a key, a value (an array item, an inline-table entry, …) or the gap
// between entries of a section, with the resolved key path. Iterative, so deep nesting cannot exhaust the stack.
import type { AST } from './parser';
import { keyName } from './tree';

export type TomlPath = (string | number)[];

export interface TomlLocation {
  /**
   * Resolved path of what the offset is on: `['dependencies', 2]` for the third dependency,
   * `['tool', 'uv', 'index', 0, 'url']` inside the first `[[tool.uv.index]]`'s `url`, the section's path between
   * entries, `['tool', 'uv']` on the `uv` part of a `[tool.uv]` header or of a `tool.uv.x` dotted key.
   */
  path: TomlPath;
  /** `key`: on a key part; `value`: on or inside a value; `table-header`: on a `[…]` header; `between`: elsewhere. */
  kind: 'key' | 'value' | 'table-header' | 'between';
  /** The innermost node under the offset (a key part, value, array, inline table, table, or the top-level table). */
  node: AST.TOMLNode;
  /** The innermost key-value pair the offset is in. */
  keyValue?: AST.TOMLKeyValue;
  /** The `[table]` / `[[table]]` section the offset is in (undefined at top level). */
  table?: AST.TOMLTable;
}

function contains(node: { range: [number, number] }, offset: number): boolean {
  return node.range[0] <= offset && offset <= node.range[1];
}

/** Finds what is at payload `offset` (toml-eslint-parser offsets; see `PayloadPositionMap.scriptToOffset`). */
export function findTomlNodeAt(program: AST.TOMLProgram, offset: number): TomlLocation {
  const top = program.body[0];
  let table: AST.TOMLTable | undefined;
  for (const item of top.body) {
    if (item.type === 'TOMLTable' && item.range[0] <= offset) table = item;
  }
  if (table && contains(table.key, offset)) {
    const parts = table.key.keys;
    const i = Math.max(
      0,
      parts.findIndex((p) => contains(p, offset)),
    );
    return { path: headerPrefix(table, i), kind: 'table-header', node: parts[i] ?? table.key, table };
  }
  const base: TomlPath = table ? [...table.resolvedKey] : [];
  const body: AST.TOMLKeyValue[] = table ? table.body : top.body.filter((b): b is AST.TOMLKeyValue => b.type === 'TOMLKeyValue');
  const kv = body.find((b) => contains(b, offset));
  if (!kv) return { path: base, kind: 'between', node: table ?? top, table };
  return descendKeyValue(kv, offset, base, table);
}

function descendKeyValue(first: AST.TOMLKeyValue, offset: number, base: TomlPath, table?: AST.TOMLTable): TomlLocation {
  const path = base;
  let kv = first;
  for (;;) {
    if (contains(kv.key, offset)) {
      const parts = kv.key.keys;
      const i = Math.max(
        0,
        parts.findIndex((p) => contains(p, offset)),
      );
      for (let j = 0; j <= i; j++) path.push(keyName(parts[j]));
      return { path, kind: 'key', node: parts[i] ?? kv.key, keyValue: kv, table };
    }
    for (const p of kv.key.keys) path.push(keyName(p));
    let node: AST.TOMLContentNode = kv.value;
    let next: AST.TOMLKeyValue | undefined;
    for (;;) {
      if (node.type === 'TOMLArray') {
        const i = node.elements.findIndex((e) => contains(e, offset));
        if (i < 0) break;
        path.push(i);
        node = node.elements[i];
        continue;
      }
      if (node.type === 'TOMLInlineTable') next = node.body.find((b) => contains(b, offset));
      break;
    }
    if (!next) return { path, kind: 'value', node, keyValue: kv, table };
    kv = next;
  }
}

/** Path named by header parts 0..i, with the array index when part i ends an `[[array]]` header. */
function headerPrefix(table: AST.TOMLTable, i: number): TomlPath {
  const out: TomlPath = [];
  let strings = 0;
  for (const seg of table.resolvedKey) {
    if (typeof seg === 'string') {
      if (strings > i) break;
      strings++;
    }
    out.push(seg);
  }
  if (i < table.key.keys.length - 1 && typeof out[out.length - 1] === 'number') out.pop();
  return out;
}
