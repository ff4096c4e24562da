// The keys a script header may hold, as completion and hover see them: which keys exist and what each one does
// come from the checker's lists (so that completion, hover and the checker always agree); this file adds only how
// a value is completed, and the fields of a `[tool.uv.sources]` entry, which the checker does not list.
import { SCRIPT_KEYS } from '#core/pep723/scriptKeys';
import { KeyDescription, UV_INDEX_FIELDS, UV_SCRIPT_SETTINGS, UV_TABLE, UvSetting } from '#core/pep723/uvSettings';

export { UV_TABLE };

export type ValueShape =
  | { kind: 'string'; values?: readonly string[] }
  | { kind: 'string-array' }
  | { kind: 'requirement-array' }
  | { kind: 'bool' }
  | { kind: 'table' }
  | { kind: 'array-of-tables' }
  | { kind: 'other' };

export interface HeaderKey extends KeyDescription {
  name: string;
  shape: ValueShape;
  /** Snippet inserted after the key when completed (LSP snippet syntax, one TOML line); else one follows from `shape`. */
  valueSnippet?: string;
}

/** The whole description of a key, in Markdown: its summary, then its details. */
export function describeKey(key: KeyDescription): string {
  return key.details ? `${key.summary}\n\n${key.details}` : key.summary;
}

/** The summary as plain text, for the one-line detail beside a completion (no Markdown there). */
export function plainSummary(key: KeyDescription): string {
  return key.summary.replace(/`/g, '');
}

/** Value snippets with a useful placeholder, where the value's shape alone gives none. */
const VALUE_SNIPPETS: Readonly<Record<string, string>> = {
  'requires-python': '"${1:>=3.11}"',
  'exclude-newer': '"${1:2025-01-01T00:00:00Z}"',
  'required-version': '"${1:>=0.5}"',
  'ignore-error-codes': '[${1:403}]',
};

/** Keys PEP 723 defines at the top of the `script` block. */
export const TOP_LEVEL_KEYS: readonly HeaderKey[] = SCRIPT_KEYS.map((k) => ({
  name: k.key,
  summary: k.summary,
  details: k.details,
  shape: k.key === 'dependencies' ? { kind: 'requirement-array' } : k.key === 'tool' ? { kind: 'table' } : { kind: 'string' },
  valueSnippet: VALUE_SNIPPETS[k.key],
}));

/** Fields of one entry in `[tool.uv.sources]` (an inline table). */
export const SOURCE_FIELDS: readonly HeaderKey[] = [
  { name: 'index', summary: 'Take this package from the `[[tool.uv.index]]` with this `name`.', shape: { kind: 'string' } },
  { name: 'git', summary: 'Install this package from a Git repository URL.', shape: { kind: 'string' } },
  { name: 'rev', summary: 'The Git commit (or any revision) to check out.', shape: { kind: 'string' } },
  { name: 'tag', summary: 'The Git tag to check out.', shape: { kind: 'string' } },
  { name: 'branch', summary: 'The Git branch to check out.', shape: { kind: 'string' } },
  { name: 'subdirectory', summary: 'The folder inside the repository or archive that holds the package.', shape: { kind: 'string' } },
  { name: 'url', summary: 'Install this package from a wheel or source archive at this URL.', shape: { kind: 'string' } },
  { name: 'path', summary: 'Install this package from a local folder, wheel or archive.', shape: { kind: 'string' } },
  {
    name: 'editable',
    summary: 'With `path`: install the folder in editable mode, so changes apply without reinstalling.',
    shape: { kind: 'bool' },
  },
  {
    name: 'marker',
    summary: 'Use this source only where the marker holds, e.g. `"sys_platform == \'linux\'"`.',
    shape: { kind: 'string' },
  },
];

/** How a value of the checker's type is completed. */
function shapeOf(setting: UvSetting): ValueShape {
  switch (setting.type) {
    case 'string':
    case 'string-or-false':
      return setting.values ? { kind: 'string', values: setting.values } : { kind: 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'string-array':
      return { kind: 'string-array' };
    case 'requirement-array':
      return { kind: 'requirement-array' };
    case 'table':
      return { kind: 'table' };
    case 'table-array':
      return { kind: 'array-of-tables' };
    default:
      return { kind: 'other' };
  }
}

/** A setting of the checker's list, as completion and hover use it. */
function fromChecker(setting: UvSetting): HeaderKey {
  return {
    name: setting.key,
    summary: setting.summary,
    details: setting.details,
    shape: shapeOf(setting),
    valueSnippet: VALUE_SNIPPETS[setting.key],
  };
}

/** The `[tool.uv]` settings uv accepts in a script. */
export const UV_KEYS: readonly HeaderKey[] = UV_SCRIPT_SETTINGS.map(fromChecker);
/** The fields of one `[[tool.uv.index]]` table. */
export const INDEX_FIELDS: readonly HeaderKey[] = UV_INDEX_FIELDS.map(fromChecker);

const TOP = new Map(TOP_LEVEL_KEYS.map((k) => [k.name, k]));
const UV = new Map(UV_KEYS.map((k) => [k.name, k]));
const INDEX = new Map(INDEX_FIELDS.map((k) => [k.name, k]));
const SOURCE = new Map(SOURCE_FIELDS.map((k) => [k.name, k]));

export const findTopLevelKey = (name: string) => TOP.get(name);
export const findUvKey = (name: string) => UV.get(name);
export const findIndexField = (name: string) => INDEX.get(name);
export const findSourceField = (name: string) => SOURCE.get(name);

/** Values offered for `requires-python`, most common first. */
export const REQUIRES_PYTHON_VALUES: readonly { value: string; doc: string }[] = [
  { value: '>=3.11', doc: 'Python 3.11 or newer' },
  { value: '>=3.12', doc: 'Python 3.12 or newer' },
  { value: '>=3.10', doc: 'Python 3.10 or newer' },
  { value: '>=3.13', doc: 'Python 3.13 or newer' },
  { value: '>=3.10,<3.13', doc: 'Python 3.10, 3.11 or 3.12 (a common range for GPU wheels)' },
  { value: '>=3.11,<3.13', doc: 'Python 3.11 or 3.12' },
  { value: '==3.11.*', doc: 'Any Python 3.11 release' },
  { value: '==3.12.*', doc: 'Any Python 3.12 release' },
];
