// Cheap line-based facts about a header, read from its body lines: which tables and keys exist, which packages
// are listed, which indexes are declared. Completion uses them to avoid offering what is already there.
import type { HeaderLine } from './headerAtCursor';

export interface TableSection {
  /** Dotted path, e.g. `tool.uv.index`; '' for the root. */
  path: string;
  arrayTable: boolean;
  /** Index in the body of the header line (-1 for the root). */
  headerIndex: number;
  /** Index in the body of the last line of the section. */
  lastIndex: number;
  /** Keys written in this section (first part of dotted keys). */
  keys: Set<string>;
  /** `name = "..."` of this section, for index tables. */
  name?: string;
}

export interface HeaderFacts {
  sections: TableSection[];
  /** Distribution names found in `dependencies` strings, as written. */
  dependencies: string[];
  /** Names of the `[[tool.uv.index]]` tables. */
  indexNames: string[];
}

const TABLE_HEADER = /^\s*(\[\[?)\s*([^\]]*?)\s*\]/;
const KEY_LINE = /^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|=)/;
const NAME_VALUE = /^\s*name\s*=\s*(?:"([^"]*)"|'([^']*)')/;

export function headerFacts(body: readonly HeaderLine[]): HeaderFacts {
  const sections: TableSection[] = [{ path: '', arrayTable: false, headerIndex: -1, lastIndex: -1, keys: new Set() }];
  let current = sections[0];
  let depth = 0; // bracket depth of a multi-line value, where table headers cannot start
  let inDependencies = false;
  const dependencies: string[] = [];

  body.forEach((line, index) => {
    const toml = line.toml;
    if (depth === 0) {
      const header = TABLE_HEADER.exec(toml);
      if (header) {
        current.lastIndex = index - 1;
        current = {
          path: header[2].replace(/\s*\.\s*/g, '.').replace(/["']/g, ''),
          arrayTable: header[1] === '[[',
          headerIndex: index,
          lastIndex: index,
          keys: new Set(),
        };
        sections.push(current);
        return;
      }
      const key = KEY_LINE.exec(toml);
      if (key) {
        const name = key[1].replace(/^["']|["']$/g, '');
        current.keys.add(name);
        inDependencies = current.path === '' && name === 'dependencies';
        const nameValue = NAME_VALUE.exec(toml);
        if (nameValue) current.name = nameValue[1] ?? nameValue[2];
      }
    }
    if (inDependencies) {
      for (const m of toml.matchAll(/"([^"\\]*)"|'([^']*)'/g)) {
        const requirement = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(m[1] ?? m[2] ?? '');
        if (requirement) dependencies.push(requirement[1]);
      }
    }
    depth += bracketBalance(toml);
    if (depth < 0) depth = 0;
    if (depth === 0) inDependencies = false;
    current.lastIndex = index;
  });

  const indexNames = sections.filter((s) => s.path === 'tool.uv.index' && s.name).map((s) => s.name as string);
  return { sections, dependencies, indexNames };
}

/** Opening minus closing brackets outside strings and comments. */
function bracketBalance(toml: string): number {
  let balance = 0;
  let quote: string | undefined;
  for (let i = 0; i < toml.length; i++) {
    const ch = toml[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') break;
    else if (ch === '[' || ch === '{') balance++;
    else if (ch === ']' || ch === '}') balance--;
  }
  return balance;
}

/** The section that holds body line `index`. */
export function sectionAt(facts: HeaderFacts, index: number): TableSection {
  let found = facts.sections[0];
  for (const section of facts.sections) if (section.headerIndex <= index) found = section;
  return found;
}
