// Checks the values of a parsed `script` block the way uv reads them: `requires-python` (a PEP 440 specifier
// set), `dependencies` (PEP 508 strings), `tool` (a table) and `[tool.uv]` (see ./toolUv.ts), plus unknown
// top-level keys that uv silently ignores.
import type { CoreDiagnostic, QuickFix, Range } from '#core/diagnostic';
import { checkSpecifierSet } from '#core/pep440/specifier';
import { normalizeName, parseRequirement, Requirement } from '#core/pep508/requirement';
import type { AST } from '#core/toml/parser';
import { describeView, TomlMember, TomlTableView, TomlView } from '#core/toml/tree';
import type { MetadataBlock } from './blocks';
import { SCRIPT_KEYS } from './scriptKeys';
import { BlockRanges } from './stringRanges';
import { checkToolUv, UvIndex, UvSource } from './toolUv';
import { checkToolPixi, PixiScript, pixiMemberOf } from './toolPixi';
import { WRONG_DISTRIBUTION_NAMES } from './wrongNames';
import { closestWord } from './similar';

/** One PEP 508 string of `dependencies` (or of a `[tool.uv]` dependency list). */
export interface DependencyItem {
  /** The string's value. */
  text: string;
  /** Key path of the item, e.g. `['dependencies', 0]`. */
  path: (string | number)[];
  /** Script range of the whole string, quotes included. */
  range: Range;
  /** Script range of the value without quotes (the whole string when written with escapes or on several lines). */
  contentRange: Range;
  node: AST.TOMLStringValue;
  /** The parsed requirement, when valid. */
  requirement?: Requirement;
}

export interface ScriptMetadata {
  requiresPython?: { text: string; range: Range; contentRange: Range; valid: boolean };
  /** True when the block has a `dependencies` key. */
  hasDependencies: boolean;
  /** Items of `dependencies` that are strings, valid or not. */
  dependencies: DependencyItem[];
  /** Items of `[tool.uv]` `constraint-dependencies`, `override-dependencies`, `build-constraint-dependencies`. */
  uvDependencies: DependencyItem[];
  /** `[[tool.uv.index]]` entries. */
  indexes: UvIndex[];
  /** `[tool.uv.sources]` entries. */
  sources: UvSource[];
  /** What `[tool.pixi]` declares, when the header has one (then `pixi run --script` can run it). */
  pixi?: PixiScript;
}

export interface MetadataCheck {
  metadata: ScriptMetadata;
  diagnostics: CoreDiagnostic[];
}

const TOP_LEVEL = SCRIPT_KEYS.map((k) => k.key);
/** Frequent wrong spellings of the top-level keys. */
const TOP_LEVEL_ALIASES: Record<string, string> = {
  requires_python: 'requires-python',
  python_requires: 'requires-python',
  'python-requires': 'requires-python',
  python: 'requires-python',
  'python-version': 'requires-python',
  requirements: 'dependencies',
  dependency: 'dependencies',
  deps: 'dependencies',
  requires: 'dependencies',
  'install-requires': 'dependencies',
  install_requires: 'dependencies',
};

export function checkMetadata(tree: TomlTableView, block: MetadataBlock): MetadataCheck {
  const r = new BlockRanges(block);
  const diagnostics: CoreDiagnostic[] = [];
  const metadata: ScriptMetadata = { hasDependencies: false, dependencies: [], uvDependencies: [], indexes: [], sources: [] };

  // With `[tool.pixi]`, pixi refuses other top-level keys: toolPixi.ts reports them as errors instead.
  const pixiReads = pixiMemberOf(tree) !== undefined;
  for (const [key, member] of tree.entries) {
    if (TOP_LEVEL.includes(key) || pixiReads) continue;
    const guess = TOP_LEVEL_ALIASES[key] ?? TOP_LEVEL_ALIASES[key.toLowerCase()] ?? closestWord(key, TOP_LEVEL, key.length < 6 ? 1 : 2);
    const fixes: QuickFix[] | undefined =
      guess && !tree.entries.has(guess)
        ? [{ title: `Rename to \`${guess}\``, edits: [{ range: r.node(member.keyNode), newText: guess }], isPreferred: true }]
        : undefined;
    diagnostics.push({
      range: r.node(member.keyNode),
      severity: 'warning',
      code: 'pep723/unknown-key',
      message:
        `\`${key}\` is not a PEP 723 key, so uv ignores it` +
        (guess ? `; did you mean \`${guess}\`?` : '. The keys are `requires-python`, `dependencies` and `tool`.'),
      fixes,
    });
  }

  const rp = tree.entries.get('requires-python');
  if (rp) checkRequiresPython(rp, r, diagnostics, metadata);

  const deps = tree.entries.get('dependencies');
  if (deps) {
    metadata.hasDependencies = true;
    checkDependencyList(deps, ['dependencies'], r, diagnostics, metadata.dependencies, true);
  }

  const tool = tree.entries.get('tool');
  if (tool) {
    if (tool.value.kind !== 'table') {
      diagnostics.push(typeError(r, tool, '`tool` must be a table (`[tool.uv]` …)'));
    } else {
      const uv = tool.value.entries.get('uv');
      if (uv) {
        if (uv.value.kind !== 'table') diagnostics.push(typeError(r, uv, '`tool.uv` must be a table'));
        else
          checkToolUv(uv.value, r, diagnostics, metadata, (m, path, out, onTable) =>
            checkDependencyList(m, path, r, diagnostics, out, false, onTable),
          );
      }
      metadata.pixi = checkToolPixi(tree, block, diagnostics);
    }
  }
  return { metadata, diagnostics };
}

function typeError(r: BlockRanges, member: TomlMember, what: string, fixes?: QuickFix[]): CoreDiagnostic {
  return {
    range: r.node(member.value.anchor),
    severity: 'error',
    code: 'pep723/invalid-type',
    message: `${what}, not ${describeView(member.value)}; uv refuses the script.`,
    fixes,
  };
}

function rawText(r: BlockRanges, node: { range: [number, number] }): string {
  return r.block.payload.slice(node.range[0], node.range[1]);
}

function checkRequiresPython(member: TomlMember, r: BlockRanges, out: CoreDiagnostic[], metadata: ScriptMetadata): void {
  const v = member.value;
  if (v.kind !== 'scalar' || v.node.kind !== 'string') {
    let fixes: QuickFix[] | undefined;
    if (v.kind === 'scalar' && (v.node.kind === 'float' || v.node.kind === 'integer')) {
      const raw = rawText(r, v.node);
      fixes = [
        { title: `Write \`requires-python = ">=${raw}"\``, edits: [{ range: r.node(v.node), newText: `">=${raw}"` }], isPreferred: true },
      ];
    }
    out.push(typeError(r, member, '`requires-python` must be a string such as `">=3.11"`', fixes));
    return;
  }
  const node = v.node;
  const problem = checkSpecifierSet(node.value, 'Python');
  metadata.requiresPython = { text: node.value, range: r.node(node), contentRange: r.stringContent(node), valid: !problem };
  if (!problem) return;
  out.push({
    range: r.stringPart(node, problem.start, problem.end),
    severity: 'error',
    code: 'pep440/invalid-specifier',
    message: `\`requires-python\`: ${problem.message}`,
    fixes:
      problem.suggestion !== undefined ? [r.replaceString(node, problem.suggestion, `Change to \`${problem.suggestion}\``)] : undefined,
  });
}

/**
 * Checks an array of PEP 508 strings; collects the string items into `items`. Lists that may also hold tables
 * (uv's scoped overrides) hand each table item, with its index, to `onTable` instead of reporting it.
 */
export function checkDependencyList(
  member: TomlMember,
  path: (string | number)[],
  r: BlockRanges,
  out: CoreDiagnostic[],
  items: DependencyItem[],
  checkNames: boolean,
  onTable?: (item: TomlView, index: number) => void,
): void {
  const v = member.value;
  const label = path.join('.');
  if (v.kind !== 'array' || (v.ofTables && !onTable)) {
    let fixes: QuickFix[] | undefined;
    if (v.kind === 'scalar' && v.node.kind === 'string') {
      fixes = [
        { title: 'Make it a one-item array', edits: [{ range: r.node(v.node), newText: `[${rawText(r, v.node)}]` }], isPreferred: true },
      ];
    }
    out.push(typeError(r, member, `\`${label}\` must be an array of strings such as \`["numpy", "torch>=2.1"]\``, fixes));
    return;
  }
  const seen = new Map<string, DependencyItem>();
  v.items.forEach((item: TomlView, i) => {
    if (item.kind === 'table' && onTable) return onTable(item, i);
    if (item.kind !== 'scalar' || item.node.kind !== 'string') {
      out.push({
        range: r.node(item.anchor),
        severity: 'error',
        code: 'pep723/invalid-type',
        message: `Each item of \`${label}\` must be a string (a PEP 508 requirement such as \`"numpy>=2"\`), not ${describeView(item)}; uv refuses the script.`,
      });
      return;
    }
    const node = item.node;
    const dep: DependencyItem = {
      text: node.value,
      path: [...path, i],
      range: r.node(node),
      contentRange: r.stringContent(node),
      node,
    };
    items.push(dep);
    const parsed = parseRequirement(node.value);
    if (!parsed.ok) {
      const p = parsed.problem;
      out.push({
        range: r.stringPart(node, p.start, p.end),
        severity: 'error',
        code: 'pep508/invalid-requirement',
        message: `\`${node.value}\`: ${p.message}`,
        fixes: p.suggestion !== undefined ? [r.replaceString(node, p.suggestion, `Change to \`${p.suggestion}\``)] : undefined,
      });
      return;
    }
    dep.requirement = parsed.requirement;
    if (!checkNames) return;
    const name = parsed.requirement.name;
    const norm = normalizeName(name.text);
    const wrong = WRONG_DISTRIBUTION_NAMES.get(norm);
    if (wrong) {
      const fix = r.replaceStringPart(
        node,
        name.start,
        name.end,
        wrong.replacement,
        `Replace \`${name.text}\` with \`${wrong.replacement}\``,
      );
      out.push({
        range: r.stringPart(node, name.start, name.end),
        severity: 'warning',
        code: 'deps/wrong-name',
        message: `\`${name.text}\`: ${wrong.reason}. Depend on \`${wrong.replacement}\` instead.`,
        fixes: fix
          ? [fix]
          : [
              r.replaceString(
                node,
                wrong.replacement + node.value.slice(name.end),
                `Replace \`${name.text}\` with \`${wrong.replacement}\``,
              ),
            ],
      });
    }
    const key = norm + '\u0000' + node.value.slice(name.end).replace(/\s+/g, '');
    const earlier = seen.get(key);
    if (earlier) {
      out.push({
        range: r.node(node),
        severity: 'warning',
        code: 'deps/duplicate',
        message: `\`${node.value}\` is listed twice in \`${label}\` (also line ${earlier.range.start.line + 1}). Remove one.`,
      });
    } else {
      seen.set(key, dep);
    }
  });
}
