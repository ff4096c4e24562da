// `[tool.uv]` in a script: uv validates its own settings and refuses unknown ones, so these are errors.
// Also checks `[[tool.uv.index]]` entries and that `[tool.uv.sources]` only name declared indexes.
import type { CoreDiagnostic, QuickFix, Range } from '#core/diagnostic';
import { isValidSpecifierSet } from '#core/pep440/specifier';
import { parseRequirement } from '#core/pep508/requirement';
import { describeView, stringOf, TomlMember, TomlTableView, TomlView } from '#core/toml/tree';
import { asValueShape, fitsShape, shapeInWords } from '#core/toml/valueShape';
import type { DependencyItem, ScriptMetadata } from './metadata';
import { closestWord } from './similar';
import { BlockRanges } from './stringRanges';
import { UV_INDEX_FIELDS, UV_SCRIPT_SETTING_BY_KEY, UV_SCRIPT_SETTINGS, UvSetting } from './uvSettings';

export interface UvIndex {
  name?: string;
  url?: string;
  explicit: boolean;
  default: boolean;
  /** Position in `tool.uv.index`. */
  position: number;
  /** Script range of the entry's header (`[[tool.uv.index]]`) or inline table. */
  range: Range;
  urlRange?: Range;
}

export interface UvSource {
  /** The package name (the key under `[tool.uv.sources]`). */
  package: string;
  /** The index it is pinned to, when it names one. */
  index?: string;
  range: Range;
}

/** Settings that only a project's pyproject.toml (or uv.toml) accepts. */
const PROJECT_ONLY = new Set([
  'dev-dependencies',
  'default-groups',
  'dependency-groups',
  'managed',
  'package',
  'workspace',
  'conflicts',
  'environments',
  'required-environments',
  'cache-keys',
  'pip',
  'build-backend',
  'python-install-mirror',
  'pypy-install-mirror',
  'python-downloads-json-url',
  'publish-url',
  'trusted-publishing',
  'check-url',
  'add-bounds',
  'audit',
]);

const SETTING_KEYS = UV_SCRIPT_SETTINGS.map((s) => s.key);
const INDEX_KEYS = UV_INDEX_FIELDS.map((s) => s.key);
const INDEX_FIELD_BY_KEY = new Map(UV_INDEX_FIELDS.map((s) => [s.key, s]));
const INDEX_NAME = /^[A-Za-z0-9._-]+$/;

type DependencyChecker = (
  member: TomlMember,
  path: (string | number)[],
  items: DependencyItem[],
  onTable?: (item: TomlView, index: number) => void,
) => void;

export function checkToolUv(
  uv: TomlTableView,
  r: BlockRanges,
  out: CoreDiagnostic[],
  metadata: ScriptMetadata,
  checkDeps: DependencyChecker,
): void {
  for (const [key, member] of uv.entries) {
    const setting = UV_SCRIPT_SETTING_BY_KEY.get(key);
    if (!setting) {
      out.push(unknownSetting(key, member, r));
      continue;
    }
    if (setting.type === 'requirement-array') {
      checkDeps(member, ['tool', 'uv', key], metadata.uvDependencies);
      continue;
    }
    if (setting.type === 'override-array') {
      // Requirement strings, or (uv 0.11.25+) tables that override the dependencies of one package.
      checkDeps(member, ['tool', 'uv', key], metadata.uvDependencies, (item) => checkScopedTable(item, key, 'requirements', r, out));
      continue;
    }
    if (setting.type === 'exclude-array') {
      checkExcludeList(member, key, r, out);
      continue;
    }
    if (!checkType(setting, member.value, `tool.uv.${key}`, r, out)) continue;
    if (key === 'required-version') {
      const s = stringOf(member.value);
      if (s !== undefined && !isValidSpecifierSet(s)) {
        out.push({
          range: r.node(member.value.anchor),
          severity: 'error',
          code: 'uv/invalid-value',
          message: '`required-version` must be a PEP 440 specifier set such as `">=0.5"`.',
        });
      }
    }
  }
  const index = uv.entries.get('index');
  if (index && index.value.kind === 'array') checkIndexes(index.value.items, r, out, metadata);
  const sources = uv.entries.get('sources');
  if (sources && sources.value.kind === 'table') checkSources(sources.value, r, out, metadata);
  for (const ix of metadata.indexes) {
    if (!ix.explicit || !ix.name) continue;
    if (metadata.sources.some((s) => s.index === ix.name)) continue;
    out.push({
      range: ix.range,
      severity: 'warning',
      code: 'uv/unused-explicit-index',
      message:
        `The index \`${ix.name}\` is \`explicit = true\`, so uv uses it only for packages that name it in ` +
        `\`[tool.uv.sources]\`, and none does: add e.g. \`torch = { index = "${ix.name}" }\` under \`[tool.uv.sources]\`, or drop \`explicit\`.`,
    });
  }
}

/**
 * `exclude-dependencies` (uv 0.9.8+): package names never installed, or (like scoped overrides) tables
 * `{ package = { name = "flask", version = "3.0.0" }, dependencies = ["itsdangerous"] }`.
 */
function checkExcludeList(member: TomlMember, key: string, r: BlockRanges, out: CoreDiagnostic[]): void {
  const v = member.value;
  const label = `tool.uv.${key}`;
  if (v.kind !== 'array') {
    out.push({
      range: r.node(v.anchor),
      severity: 'error',
      code: 'uv/invalid-type',
      message: `\`${label}\` must be an array of package names (or of tables naming a package and its dependencies), not ${describeView(v)}; uv refuses the script.`,
    });
    return;
  }
  for (const item of v.items) {
    if (item.kind === 'table') checkScopedTable(item, key, 'names', r, out);
    else checkPackageName(item, `an item of \`${label}\``, r, out);
  }
}

/** A scoped table of `override-dependencies` or `exclude-dependencies`: `package = { name, version? }`, `dependencies = [...]`. */
function checkScopedTable(item: TomlView, key: string, kind: 'requirements' | 'names', r: BlockRanges, out: CoreDiagnostic[]): void {
  if (item.kind !== 'table') return;
  const label = `tool.uv.${key}`;
  const error = (range: Range, message: string, code = 'uv/invalid-type') => out.push({ range, severity: 'error', code, message });
  for (const [field, m] of item.entries) {
    if (field === 'package') {
      if (m.value.kind !== 'table') {
        error(
          r.node(m.value.anchor),
          `\`package\` in \`${label}\` must be a table such as \`{ name = "flask", version = "3.0.0" }\`; uv refuses the script.`,
        );
        continue;
      }
      for (const [f, p] of m.value.entries) {
        if (f === 'name') checkPackageName(p.value, '`package.name`', r, out);
        else if (f === 'version') {
          if (!(p.value.kind === 'scalar' && p.value.node.kind === 'string'))
            error(r.node(p.value.anchor), '`package.version` must be a string such as `"3.0.0"`; uv refuses the script.');
        } else
          error(
            r.node(p.keyNode),
            `\`${f}\` is not a field of \`package\` (only \`name\` and \`version\`); uv refuses the script.`,
            'uv/unknown-setting',
          );
      }
      if (!m.value.entries.has('name')) error(r.node(m.keyNode), '`package` needs a `name`; uv refuses the script.');
    } else if (field === 'dependencies') {
      const deps = m.value;
      if (deps.kind !== 'array') {
        error(r.node(deps.anchor), `\`dependencies\` in \`${label}\` must be an array of strings; uv refuses the script.`);
        continue;
      }
      for (const d of deps.items) {
        if (kind === 'names') checkPackageName(d, 'an item of `dependencies`', r, out);
        else if (!(d.kind === 'scalar' && d.node.kind === 'string'))
          error(r.node(d.anchor), 'Each item of `dependencies` must be a requirement string; uv refuses the script.');
        else {
          const parsed = parseRequirement(d.node.value);
          if (!parsed.ok)
            error(
              r.stringPart(d.node, parsed.problem.start, parsed.problem.end),
              `\`${d.node.value}\`: ${parsed.problem.message}`,
              'pep508/invalid-requirement',
            );
        }
      }
    } else {
      error(
        r.node(m.keyNode),
        `\`${field}\` is not a field of a \`${label}\` table (only \`package\` and \`dependencies\`); uv refuses the script.`,
        'uv/unknown-setting',
      );
    }
  }
  for (const needed of ['package', 'dependencies']) {
    if (!item.entries.has(needed)) error(r.node(item.anchor), `A \`${label}\` table needs \`${needed}\`; uv refuses the script.`);
  }
}

/** A PEP 508 package name, as uv reads one (no version, no extras). */
const PACKAGE_NAME = /^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/;

function checkPackageName(v: TomlView, what: string, r: BlockRanges, out: CoreDiagnostic[]): void {
  if (v.kind === 'scalar' && v.node.kind === 'string' && PACKAGE_NAME.test(v.node.value)) return;
  const shown = v.kind === 'scalar' && v.node.kind === 'string' ? `\`${v.node.value}\`` : describeView(v);
  out.push({
    range: r.node(v.anchor),
    severity: 'error',
    code: v.kind === 'scalar' && v.node.kind === 'string' ? 'uv/invalid-value' : 'uv/invalid-type',
    message: `${what} must be a package name such as \`"werkzeug"\` (no version or extras), not ${shown}; uv refuses the script.`,
  });
}

function unknownSetting(key: string, member: TomlMember, r: BlockRanges): CoreDiagnostic {
  const range = r.node(member.keyNode);
  const guess = key === 'indexes' ? 'index' : closestWord(key, SETTING_KEYS, 2);
  let message = `uv does not accept \`${key}\` in \`[tool.uv]\` and refuses to run the script`;
  if (PROJECT_ONLY.has(key)) message += `: \`${key}\` is a project setting (pyproject.toml or uv.toml), not a script one.`;
  else if (guess) message += `; did you mean \`${guess}\`?`;
  else message += '.';
  const fixes: QuickFix[] | undefined =
    guess && !PROJECT_ONLY.has(key)
      ? [{ title: `Rename to \`${guess}\``, edits: [{ range, newText: guess }], isPreferred: true }]
      : undefined;
  return { range, severity: 'error', code: 'uv/unknown-setting', message, fixes };
}

/** Reports a value of the wrong type; returns false when it did. */
function checkType(setting: UvSetting, v: TomlView, label: string, r: BlockRanges, out: CoreDiagnostic[]): boolean {
  // The array types of requirements, overrides and exclusions are checked item by item by their own code.
  const shape = asValueShape(setting.type);
  if (shape && !fitsShape(shape, v)) {
    out.push({
      range: r.node(v.anchor),
      severity: 'error',
      code: 'uv/invalid-type',
      message: `\`${label}\` must be ${shapeInWords(shape, label)}, not ${describeView(v)}; uv refuses the script.`,
    });
    return false;
  }
  if (setting.values && v.kind === 'scalar' && v.node.kind === 'string' && !setting.values.includes(v.node.value)) {
    const guess = closestWord(v.node.value, setting.values, 3);
    out.push({
      range: r.node(v.anchor),
      severity: 'error',
      code: 'uv/invalid-value',
      message: `\`${label}\` must be one of ${setting.values.map((x) => `\`${x}\``).join(', ')}; uv refuses \`${v.node.value}\`.`,
      fixes: guess ? [r.replaceString(v.node, guess, `Change to \`${guess}\``)] : undefined,
    });
    return false;
  }
  return true;
}

function checkIndexes(items: TomlView[], r: BlockRanges, out: CoreDiagnostic[], metadata: ScriptMetadata): void {
  const names = new Map<string, UvIndex>();
  items.forEach((item, position) => {
    if (item.kind !== 'table') return;
    const entry: UvIndex = { explicit: false, default: false, position, range: r.node(item.anchor) };
    for (const [key, member] of item.entries) {
      const field = INDEX_FIELD_BY_KEY.get(key);
      if (!field) {
        const guess = closestWord(key, INDEX_KEYS, 2);
        out.push({
          range: r.node(member.keyNode),
          severity: 'warning',
          code: 'uv/unknown-index-field',
          message: `\`${key}\` is not a field of \`[[tool.uv.index]]\`` + (guess ? `; did you mean \`${guess}\`?` : '.'),
          fixes: guess
            ? [{ title: `Rename to \`${guess}\``, edits: [{ range: r.node(member.keyNode), newText: guess }], isPreferred: true }]
            : undefined,
        });
        continue;
      }
      checkType(field, member.value, `tool.uv.index.${key}`, r, out);
    }
    const url = item.entries.get('url');
    const urlValue = url ? stringOf(url.value) : undefined;
    if (!url) {
      out.push({
        range: entry.range,
        severity: 'error',
        code: 'uv/index-missing-url',
        message:
          'This `[[tool.uv.index]]` entry has no `url`, which uv requires; add e.g. `url = "https://download.pytorch.org/whl/cu121"`.',
      });
    } else if (urlValue !== undefined && url.value.kind === 'scalar' && url.value.node.kind === 'string') {
      entry.url = urlValue;
      entry.urlRange = r.stringContent(url.value.node);
      checkIndexUrl(urlValue, url.value.node, r, out);
    }
    const name = item.entries.get('name');
    const nameValue = name ? stringOf(name.value) : undefined;
    if (name && nameValue !== undefined) {
      entry.name = nameValue;
      if (!INDEX_NAME.test(nameValue)) {
        out.push({
          range: r.node(name.value.anchor),
          severity: 'error',
          code: 'uv/invalid-index-name',
          message: 'An index name may contain only ASCII letters, digits, `-`, `_` and `.`; uv refuses this one.',
        });
      } else if (names.has(nameValue)) {
        out.push({
          range: r.node(name.value.anchor),
          severity: 'warning',
          code: 'uv/duplicate-index-name',
          message: `Another \`[[tool.uv.index]]\` (line ${names.get(nameValue)!.range.start.line + 1}) is already named \`${nameValue}\`: give each index its own name.`,
        });
      } else {
        names.set(nameValue, entry);
      }
    }
    const explicit = item.entries.get('explicit');
    entry.explicit = !!explicit && explicit.value.kind === 'scalar' && explicit.value.node.value === true;
    const dflt = item.entries.get('default');
    entry.default = !!dflt && dflt.value.kind === 'scalar' && dflt.value.node.value === true;
    metadata.indexes.push(entry);
  });
}

function checkIndexUrl(url: string, node: import('#core/toml/parser').AST.TOMLStringValue, r: BlockRanges, out: CoreDiagnostic[]): void {
  const range = r.stringContent(node);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (!scheme || /^[A-Za-z]:[\\/]/.test(url)) {
    if (/^(\.{1,2}[\\/]|[\\/]|~|[A-Za-z]:[\\/])/.test(url)) return; // a local folder, which uv accepts
    const looksLikeHost = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\/|$)/.test(url);
    out.push({
      range,
      severity: 'error',
      code: 'uv/invalid-index-url',
      message:
        url.trim() === ''
          ? 'The index `url` is empty: give the address of the index, e.g. `https://download.pytorch.org/whl/cu128`.'
          : looksLikeHost
            ? `\`${url}\` has no scheme; write \`https://${url}\`.`
            : `\`${url}\` is neither a URL nor a local folder path.`,
      fixes: looksLikeHost ? [r.replaceString(node, `https://${url}`, 'Add `https://`')] : undefined,
    });
    return;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && !parsed.hostname)) {
    out.push({ range, severity: 'error', code: 'uv/invalid-index-url', message: `\`${url}\` is not a valid URL.` });
    return;
  }
  if (parsed.protocol === 'http:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(parsed.hostname)) {
    out.push({
      range,
      severity: 'warning',
      code: 'uv/insecure-index-url',
      message: 'Plain `http://`: packages from this index can be altered in transit. Use `https://` if the index offers it.',
      fixes: [r.replaceString(node, 'https://' + url.slice('http://'.length), 'Use `https://`')],
    });
  }
}

function checkSources(sources: TomlTableView, r: BlockRanges, out: CoreDiagnostic[], metadata: ScriptMetadata): void {
  const declared = metadata.indexes.map((i) => i.name).filter((n): n is string => !!n);
  for (const [pkg, member] of sources.entries) {
    const entries: TomlView[] = member.value.kind === 'array' ? member.value.items : [member.value];
    for (const e of entries) {
      if (e.kind !== 'table') {
        out.push({
          range: r.node(e.anchor),
          severity: 'error',
          code: 'uv/invalid-type',
          message: `\`tool.uv.sources.${pkg}\` must be a table such as \`{ index = "pytorch" }\`, not ${describeView(e)}; uv refuses the script.`,
        });
        continue;
      }
      const ix = e.entries.get('index');
      const name = ix ? stringOf(ix.value) : undefined;
      const source: UvSource = { package: pkg, index: name, range: r.node(member.keyNode) };
      metadata.sources.push(source);
      if (!ix || name === undefined || ix.value.kind !== 'scalar' || ix.value.node.kind !== 'string') continue;
      if (declared.includes(name)) continue;
      const guess = declared.length === 1 ? declared[0] : closestWord(name, declared, 3);
      out.push({
        range: r.stringContent(ix.value.node),
        severity: 'error',
        code: 'uv/unknown-index',
        message:
          `No \`[[tool.uv.index]]\` is named \`${name}\`, so uv refuses the script. ` +
          (declared.length
            ? `Declared: ${declared.map((d) => `\`${d}\``).join(', ')}.`
            : `Declare it: \`[[tool.uv.index]]\` with \`name = "${name}"\` and its \`url\`.`),
        fixes: guess ? [r.replaceString(ix.value.node, guess, `Change to \`${guess}\``)] : undefined,
      });
    }
  }
}
