// Completion inside a PEP 723 header: keys, tables (the PyTorch CUDA indexes as whole tables), values, and
// distribution names and extras inside `dependencies` strings. Outside a header it offers nothing at all.
import type { Position, Range, TextEdit } from '#core/diagnostic';
import { KNOWN_PACKAGES, findKnownPackage, normalizePackageName } from '#core/data/packages';
import { PYTORCH_INDEXES, PytorchIndex } from '#core/data/pytorchIndexes';
import {
  HeaderKey,
  INDEX_FIELDS,
  REQUIRES_PYTHON_VALUES,
  SOURCE_FIELDS,
  TOP_LEVEL_KEYS,
  UV_KEYS,
  UV_TABLE,
  findIndexField,
  findUvKey,
  plainSummary,
} from '#core/data/headerKeys';
import { HeaderAtCursor, LineSource, findHeaderAtCursor } from './headerAtCursor';
import { pytorchIndexTable } from './pytorchIndexTable';
import { CursorContext, cursorContext } from './tomlCursor';
import { HeaderFacts, headerFacts, sectionAt } from './headerFacts';
import { PixiCandidateSink, pixiKeys, pixiTables, pixiValues } from './completePixi';

/** `[[tool.uv.index]]` and `[tool.uv.sources]` are offered as table headers, with the settings' own descriptions. */
const INDEX_TABLE = findUvKey('index')!;
const SOURCES_TABLE = findUvKey('sources')!;

export type CandidateKind = 'key' | 'table' | 'value' | 'package' | 'extra';

export interface CompletionCandidate {
  label: string;
  kind: CandidateKind;
  /** One line shown beside the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `range`. Multi-line text already carries the `# ` prefix on every new line. */
  newText: string;
  /** `newText` uses LSP snippet syntax (`$1`, `${1:default}`, `${1|a,b|}`). */
  snippet: boolean;
  range: Range;
  filterText?: string;
  sortText: string;
  /** Edits elsewhere in the header applied together with this one (e.g. a `[tool.uv.sources]` entry). */
  additionalEdits?: TextEdit[];
}

export interface CompletionOptions {
  /** Line terminator of the document, used in multi-line insertions. */
  eol?: string;
}

/** Candidates at `position`, or undefined when the position is not inside a `script` block body. */
export function completeHeader(lines: LineSource, position: Position, options: CompletionOptions = {}): CompletionCandidate[] | undefined {
  const header = findHeaderAtCursor(lines, position);
  if (!header) return undefined;
  const upToCursor = header.body.slice(0, header.cursorIndex + 1).map((l) => l.toml);
  upToCursor[upToCursor.length - 1] = upToCursor[upToCursor.length - 1].slice(0, header.cursorColumn);
  const context = cursorContext(upToCursor);
  const builder = new CandidateBuilder(header, position, headerFacts(header.body), options.eol ?? '\n');
  return builder.build(context);
}

class CandidateBuilder {
  private readonly out: CompletionCandidate[] = [];
  private readonly cursorLine: string;

  constructor(
    private readonly header: HeaderAtCursor,
    private readonly position: Position,
    private readonly facts: HeaderFacts,
    private readonly eol: string,
  ) {
    this.cursorLine = header.body[header.cursorIndex].toml;
  }

  build(context: CursorContext): CompletionCandidate[] {
    switch (context.kind) {
      case 'table-header':
        this.tables(context.startColumn, true);
        break;
      case 'key':
        this.keys(context.container, context.startColumn);
        break;
      case 'value':
        this.values(context.key, context.inArray, context.startColumn, true);
        break;
      case 'string':
        this.strings(context.key, context.inArray, context.partial, context.startColumn);
        break;
      case 'none':
        break;
    }
    return this.out;
  }

  // --- keys --------------------------------------------------------------------------------------------------

  private keys(container: string[], startColumn: number): void {
    const path = container.join('.');
    const section = sectionAt(this.facts, this.header.cursorIndex);
    const present = section.path === path ? section.keys : new Set<string>();
    // Only the key is inserted when the line already has `= value` after the cursor.
    const keyOnly = this.cursorLine.slice(this.header.cursorColumn).includes('=');
    const offerKeys = (keys: readonly HeaderKey[]) => {
      for (const key of keys) {
        // `index` and `sources` are offered as table headers instead (see `tables`).
        if (present.has(key.name) || (path === 'tool.uv' && (key.name === 'index' || key.name === 'sources'))) continue;
        this.push({
          label: key.name,
          kind: 'key',
          // The one-line summary beside the key (plain text there), the rest of the description below it.
          detail: plainSummary(key),
          documentation: key.details,
          newText: keyOnly ? key.name : `${key.name} = ${this.valueSnippet(key)}`,
          snippet: !keyOnly,
          range: this.rangeFrom(startColumn),
        });
      }
    };
    if (path === '') offerKeys(TOP_LEVEL_KEYS);
    else if (path === 'tool.uv') offerKeys(UV_KEYS);
    else if (path === 'tool.uv.index') offerKeys(INDEX_FIELDS);
    else if (path === 'tool.uv.sources') this.sourceEntries(startColumn, present);
    else if (container.length === 4 && path.startsWith('tool.uv.sources.')) offerKeys(SOURCE_FIELDS);
    else pixiKeys(this.sink(), container, present, startColumn, keyOnly);
    if (container.length <= 3 && !keyOnly && this.nothingFollowsInSection()) this.tables(startColumn, false);
  }

  private valueSnippet(key: HeaderKey): string {
    if (key.name === 'dependencies') return `[${this.eol}#     "$1",${this.eol}# ]`;
    if (key.valueSnippet) return key.valueSnippet;
    switch (key.shape.kind) {
      case 'bool':
        return '${1|true,false|}';
      case 'string':
        return key.shape.values ? `"\${1|${key.shape.values.join(',')}|}"` : '"$1"';
      case 'string-array':
      case 'requirement-array':
        return '["$1"]';
      case 'table':
        return '{ $1 }';
      case 'array-of-tables':
        return '[{ $1 }]';
      default:
        return '${1:1}';
    }
  }

  /** `name = { index = "…" }` for each listed dependency not yet pinned in `[tool.uv.sources]`. */
  private sourceEntries(startColumn: number, present: Set<string>): void {
    const pinned = new Set([...present].map(normalizePackageName));
    const indexChoice = this.facts.indexNames.length ? `\${1|${this.facts.indexNames.map(escapeChoice).join(',')}|}` : '$1';
    for (const dep of this.facts.dependencies) {
      if (pinned.has(normalizePackageName(dep))) continue;
      this.push({
        label: dep,
        kind: 'key',
        detail: 'take this dependency from a named index',
        newText: `${dep} = { index = "${indexChoice}" }`,
        snippet: true,
        range: this.rangeFrom(startColumn),
      });
    }
  }

  /** True when no key/value line follows the cursor in its table, so a table header can go here. */
  private nothingFollowsInSection(): boolean {
    const body = this.header.body;
    for (let i = this.header.cursorIndex + 1; i < body.length; i++) {
      const t = body[i].toml.trim();
      if (t === '' || t.startsWith('#')) continue;
      return t.startsWith('[');
    }
    return true;
  }

  // --- tables ------------------------------------------------------------------------------------------------

  private tables(startColumn: number, typedBracket: boolean): void {
    const range = this.rangeFrom(startColumn, true);
    const has = (path: string) => this.facts.sections.some((s) => s.path === path);
    // A header that already has `[tool.pixi…]` gets pixi's tables first.
    const pixiFirst = this.facts.sections.some((s) => s.path.startsWith('tool.pixi'));
    if (pixiFirst) pixiTables(this.sink(), startColumn, typedBracket, has);
    const filter = (header: string, words: string) => (typedBracket ? `${header} ${words}` : `${words} ${header}`);
    for (const index of PYTORCH_INDEXES) {
      const name = `pytorch-${index.tag}`;
      if (this.facts.indexNames.includes(name)) continue;
      const what = index.cudaVersion ? `CUDA ${index.cudaVersion}` : 'CPU only';
      const { text, additionalEdits } = this.pytorchIndexTable(index, name);
      this.push({
        label: `[[tool.uv.index]] PyTorch ${what} (${index.tag})`,
        kind: 'table',
        detail: index.url,
        documentation:
          `Adds the PyTorch wheel index for ${index.cudaVersion ? `CUDA ${index.cudaVersion}` : 'CPU-only builds'} as an explicit index, ` +
          'and pins `torch` (and `torchvision`/`torchaudio` when listed) to it in `[tool.uv.sources]`, so that every other ' +
          'package still comes from PyPI.',
        newText: text,
        snippet: false,
        range,
        filterText: filter('[[tool.uv.index]]', `pytorch ${index.tag} cuda ${index.cudaVersion ?? 'cpu'}`),
        additionalEdits,
      });
    }
    if (!has('tool.uv')) {
      this.push({
        label: '[tool.uv]',
        kind: 'table',
        detail: plainSummary(UV_TABLE),
        documentation: UV_TABLE.details,
        newText: `[tool.uv]${this.eol}# $0`,
        snippet: true,
        range,
        filterText: filter('[tool.uv]', 'tool uv'),
      });
    }
    this.push({
      label: '[[tool.uv.index]]',
      kind: 'table',
      detail: plainSummary(INDEX_TABLE),
      documentation: INDEX_TABLE.details,
      newText: `[[tool.uv.index]]${this.eol}# name = "$1"${this.eol}# url = "$2"`,
      snippet: true,
      range,
      filterText: filter('[[tool.uv.index]]', 'index'),
    });
    if (!has('tool.uv.sources')) {
      this.push({
        label: '[tool.uv.sources]',
        kind: 'table',
        detail: plainSummary(SOURCES_TABLE),
        documentation: SOURCES_TABLE.details,
        newText: `[tool.uv.sources]${this.eol}# $0`,
        snippet: true,
        range,
        filterText: filter('[tool.uv.sources]', 'sources'),
      });
    }
    if (!pixiFirst) pixiTables(this.sink(), startColumn, typedBracket, has);
  }

  private pytorchIndexTable(index: PytorchIndex, name: string): { text: string; additionalEdits?: TextEdit[] } {
    return pytorchIndexTable(index, name, this.header.body, this.facts, this.eol);
  }

  // --- values ------------------------------------------------------------------------------------------------

  private values(key: string[], inArray: boolean, startColumn: number, quoted: boolean): void {
    if (pixiValues(this.sink(), key, inArray, startColumn, quoted)) return;
    const path = key.join('.');
    const range = this.rangeFrom(startColumn);
    const q = (v: string) => (quoted ? JSON.stringify(v) : v);
    if (path === 'requires-python' && !inArray) {
      REQUIRES_PYTHON_VALUES.forEach(({ value, doc }) =>
        this.push({ label: q(value), kind: 'value', detail: doc, newText: q(value), snippet: false, range, filterText: q(value) }),
      );
      return;
    }
    if (path === 'tool.uv.index.url') {
      for (const index of PYTORCH_INDEXES) {
        this.push({
          label: q(index.url),
          kind: 'value',
          detail: index.cudaVersion ? `PyTorch wheels for CUDA ${index.cudaVersion}` : 'PyTorch CPU-only wheels',
          newText: q(index.url),
          snippet: false,
          range,
          filterText: q(index.url),
        });
      }
      return;
    }
    if (path.startsWith('tool.uv.sources.') && key.length === 5 && key[4] === 'index') {
      for (const name of this.facts.indexNames) {
        this.push({
          label: q(name),
          kind: 'value',
          detail: 'declared in [[tool.uv.index]]',
          newText: q(name),
          snippet: false,
          range,
          filterText: q(name),
        });
      }
      return;
    }
    const field =
      key.length === 3 && path.startsWith('tool.uv.')
        ? findUvKey(key[2])
        : key.length === 4 && path.startsWith('tool.uv.index.')
          ? findIndexField(key[3])
          : undefined;
    if (!field) return;
    if (field.shape.kind === 'bool' && quoted) {
      for (const v of ['true', 'false']) this.push({ label: v, kind: 'value', newText: v, snippet: false, range });
    } else if (field.shape.kind === 'string' && field.shape.values) {
      for (const v of field.shape.values) this.push({ label: q(v), kind: 'value', newText: q(v), snippet: false, range, filterText: q(v) });
    }
  }

  private strings(key: string[], inArray: boolean, partial: string, startColumn: number): void {
    const path = key.join('.');
    const requirementList =
      path === 'dependencies' || path === 'tool.uv.override-dependencies' || path === 'tool.uv.constraint-dependencies';
    if (requirementList && inArray) {
      this.requirements(partial, startColumn);
      return;
    }
    this.values(key, inArray, startColumn, false);
  }

  private requirements(partial: string, startColumn: number): void {
    const extrasMatch = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*\[([A-Za-z0-9._,\s-]*)$/.exec(partial);
    if (extrasMatch) {
      const known = findKnownPackage(extrasMatch[1]);
      const typed = extrasMatch[2];
      const tokenStart = startColumn + partial.length - (typed.length - Math.max(typed.lastIndexOf(',') + 1, 0));
      const chosen = new Set(typed.split(',').map((s) => s.trim()));
      for (const extra of known?.extras ?? []) {
        if (chosen.has(extra.name)) continue;
        this.push({
          label: extra.name,
          kind: 'extra',
          detail: extra.summary,
          newText: extra.name,
          snippet: false,
          range: this.rangeFrom(tokenStart),
        });
      }
      return;
    }
    if (!/^\s*[A-Za-z0-9._-]*$/.test(partial)) return;
    const leading = partial.length - partial.trimStart().length;
    const range = this.rangeFrom(startColumn + leading);
    const listed = new Set(this.facts.dependencies.map(normalizePackageName));
    for (const pkg of KNOWN_PACKAGES) {
      if (listed.has(pkg.name)) continue;
      this.push({ label: pkg.name, kind: 'package', detail: pkg.summary, newText: pkg.name, snippet: false, range });
      for (const extra of pkg.extras ?? []) {
        if (!/^(cuda|and-cuda)/.test(extra.name)) continue; // GPU variants are worth a line of their own
        const label = `${pkg.name}[${extra.name}]`;
        this.push({ label, kind: 'package', detail: `${pkg.summary} — ${extra.summary}`, newText: label, snippet: false, range });
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------------------------

  /** What completePixi.ts needs of this builder. */
  private sink(): PixiCandidateSink {
    return {
      push: (c) => this.push(c),
      rangeFrom: (column, overBrackets) => this.rangeFrom(column, overBrackets),
      valueSnippet: (key) => this.valueSnippet(key),
      eol: this.eol,
    };
  }

  /** Range from a TOML column of the cursor line to the cursor (past auto-closed `]` when asked). */
  private rangeFrom(tomlColumn: number, overClosingBrackets = false): Range {
    const line = this.header.body[this.header.cursorIndex];
    let end = this.position.character;
    if (overClosingBrackets) {
      const rest = line.toml.slice(this.header.cursorColumn);
      end += /^\]*/.exec(rest)![0].length;
    }
    return { start: { line: line.scriptLine, character: line.prefixLength + tomlColumn }, end: { line: line.scriptLine, character: end } };
  }

  private push(candidate: Omit<CompletionCandidate, 'sortText'>): void {
    // On a bare `#` line the TOML text must still be separated from the `#` by a space.
    const line = this.header.body[this.header.cursorIndex];
    const newText = line.prefixLength === 1 && candidate.range.start.character === 1 ? ' ' + candidate.newText : candidate.newText;
    this.out.push({ ...candidate, newText, sortText: String(this.out.length).padStart(4, '0') });
  }
}

function escapeChoice(value: string): string {
  return value.replace(/[$}\\,|]/g, (c) => '\\' + c);
}
