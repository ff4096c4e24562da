// A resolved view of a TOML document: `[a.b]` headers, `[[a.b]]` arrays of tables, dotted keys and inline tables
// all become one tree of tables, arrays and scalars, each keeping the AST node to point diagnostics at.
import type { AST } from './parser';

/** Keys beyond this depth are not resolved: nothing we check lives that deep, and it keeps recursion bounded. */
const MAX_DEPTH = 64;

export type TomlView = TomlTableView | TomlArrayView | TomlScalarView;

export interface TomlTableView {
  kind: 'table';
  entries: Map<string, TomlMember>;
  /** Node to point at: the `[header]` key, the inline table, or the first dotted-key part that made it. */
  anchor: AST.TOMLNode;
  /** True for a table written inline (`{ … }`). */
  inline: boolean;
}

export interface TomlArrayView {
  kind: 'array';
  items: TomlView[];
  anchor: AST.TOMLNode;
  /** True for an array of tables (`[[name]]`). */
  ofTables: boolean;
}

export interface TomlScalarView {
  kind: 'scalar';
  node: AST.TOMLValue;
  anchor: AST.TOMLNode;
}

export interface TomlMember {
  key: string;
  /** The key part naming this member (last part of a dotted key or header). */
  keyNode: AST.TOMLBare | AST.TOMLQuoted;
  value: TomlView;
}

/** The text of a key part. */
export function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

/** Resolves the document into a tree rooted at the top-level table. */
export function resolveToml(program: AST.TOMLProgram): TomlTableView {
  const top = program.body[0];
  const root: TomlTableView = { kind: 'table', entries: new Map(), anchor: top, inline: false };
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      insertKeyValue(root, item, 0);
      continue;
    }
    const parts = item.key.keys;
    let table = root;
    for (let i = 0; i < parts.length - 1; i++) table = childTable(table, parts[i], item.key);
    const last = parts[parts.length - 1];
    const name = keyName(last);
    let target: TomlTableView;
    if (item.kind === 'array') {
      let member = table.entries.get(name);
      if (!member || member.value.kind !== 'array') {
        member = { key: name, keyNode: last, value: { kind: 'array', items: [], anchor: item.key, ofTables: true } };
        table.entries.set(name, member);
      }
      target = { kind: 'table', entries: new Map(), anchor: item.key, inline: false };
      (member.value as TomlArrayView).items.push(target);
    } else {
      const existing = table.entries.get(name);
      if (existing && existing.value.kind === 'table') {
        target = existing.value;
        target.anchor = item.key;
      } else {
        target = { kind: 'table', entries: new Map(), anchor: item.key, inline: false };
        table.entries.set(name, { key: name, keyNode: last, value: target });
      }
    }
    for (const kv of item.body) insertKeyValue(target, kv, parts.length);
  }
  return root;
}

/** The table under `part`, created when missing; through an array of tables, its last table. */
function childTable(table: TomlTableView, part: AST.TOMLBare | AST.TOMLQuoted, anchor: AST.TOMLNode): TomlTableView {
  const name = keyName(part);
  const member = table.entries.get(name);
  if (member) {
    if (member.value.kind === 'table') return member.value;
    if (member.value.kind === 'array') {
      const last = member.value.items[member.value.items.length - 1];
      if (last && last.kind === 'table') return last;
    }
  }
  const created: TomlTableView = { kind: 'table', entries: new Map(), anchor, inline: false };
  table.entries.set(name, { key: name, keyNode: part, value: created });
  return created;
}

function insertKeyValue(table: TomlTableView, kv: AST.TOMLKeyValue, depth: number): void {
  const parts = kv.key.keys;
  let t = table;
  for (let i = 0; i < parts.length - 1; i++) t = childTable(t, parts[i], parts[i]);
  const last = parts[parts.length - 1];
  const name = keyName(last);
  t.entries.set(name, { key: name, keyNode: last, value: viewOf(kv.value, depth + parts.length) });
}

function viewOf(node: AST.TOMLContentNode, depth: number): TomlView {
  if (node.type === 'TOMLValue') return { kind: 'scalar', node, anchor: node };
  if (node.type === 'TOMLArray') {
    const items = depth > MAX_DEPTH ? [] : node.elements.map((e) => viewOf(e, depth + 1));
    return { kind: 'array', items, anchor: node, ofTables: false };
  }
  const t: TomlTableView = { kind: 'table', entries: new Map(), anchor: node, inline: true };
  if (depth <= MAX_DEPTH) for (const kv of node.body) insertKeyValue(t, kv, depth + 1);
  return t;
}

/** The member at `path` (keys and array indexes), or undefined. */
export function memberAt(root: TomlTableView, path: readonly (string | number)[]): TomlMember | undefined {
  let view: TomlView = root;
  let member: TomlMember | undefined;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (view.kind !== 'array' || !member) return undefined;
      const item: TomlView | undefined = view.items[seg];
      if (!item) return undefined;
      member = { key: member.key, keyNode: member.keyNode, value: item };
      view = item;
      continue;
    }
    if (view.kind !== 'table') return undefined;
    member = view.entries.get(seg);
    if (!member) return undefined;
    view = member.value;
  }
  return member;
}

/** A short name for the kind of a value, for messages: "a string", "an array", "a table", … */
export function describeView(view: TomlView): string {
  if (view.kind === 'table') return 'a table';
  if (view.kind === 'array') return view.ofTables ? 'an array of tables' : 'an array';
  switch (view.node.kind) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'float':
      return 'a float';
    case 'boolean':
      return 'a boolean';
    default:
      return 'a date/time';
  }
}

/** The string value of a scalar view, or undefined when it is not a string. */
export function stringOf(view: TomlView | undefined): string | undefined {
  return view && view.kind === 'scalar' && view.node.kind === 'string' ? view.node.value : undefined;
}
