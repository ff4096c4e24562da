// The keys a script header may hold, with what each one does in plain words (hover) and what kind of value it takes
// (completion). Texts are ours; which keys exist comes from the checker's lists, so that completion and the
// checker always agree.
import { UV_INDEX_FIELDS, UV_SCRIPT_SETTINGS, UvSetting } from '../pep723/uvSettings';

export type ValueShape =
  | { kind: 'string'; values?: readonly string[] }
  | { kind: 'string-array' }
  | { kind: 'requirement-array' }
  | { kind: 'bool' }
  | { kind: 'table' }
  | { kind: 'array-of-tables' }
  | { kind: 'other' };

export interface HeaderKey {
  name: string;
  /** Markdown, one or two short paragraphs. */
  doc: string;
  shape: ValueShape;
  /** Snippet inserted after the key when completed (LSP snippet syntax, one TOML line). */
  valueSnippet?: string;
}

/** Keys PEP 723 defines at the top of the `script` block. */
export const TOP_LEVEL_KEYS: readonly HeaderKey[] = [
  {
    name: 'requires-python',
    doc:
      'The Python versions this script runs on, as a PEP 440 version specifier set such as `">=3.11"`.\n\n' +
      'uv picks (and if needed downloads) an interpreter that satisfies it before running the script.',
    shape: { kind: 'string' },
    valueSnippet: '"${1:>=3.11}"',
  },
  {
    name: 'dependencies',
    doc:
      'The packages the script needs, as a list of PEP 508 requirement strings such as `"numpy>=2"` or `"jax[cuda12]"`.\n\n' +
      '`uv run` installs exactly these into a cached environment for the script; list only what the script imports.',
    shape: { kind: 'requirement-array' },
    valueSnippet: '["$1"]',
  },
  {
    name: 'tool',
    doc:
      'Settings for individual tools, one table per tool (`[tool.uv]`, …). PEP 723 reserves it for tools; its content ' +
      'is not part of the standard.',
    shape: { kind: 'table' },
  },
];

/** Our own words (and value snippets) for a key the checker lists; its value shape comes from the checker's type. */
type KeyText = Omit<HeaderKey, 'shape'>;

/** Our longer texts for the `[tool.uv]` settings scripts use most (the checker's `UV_SCRIPT_SETTINGS` has them all). */
const UV_KEY_TEXTS: readonly KeyText[] = [
  {
    name: 'index',
    doc:
      'Extra package indexes, written as `[[tool.uv.index]]` tables with a `name` and a `url`. They are tried in the ' +
      'order written, before PyPI.\n\nAn index marked `explicit = true` is only used for the packages that name it in ' +
      '`[tool.uv.sources]` — the usual way to take `torch` from a PyTorch CUDA index and everything else from PyPI.',
  },
  {
    name: 'sources',
    doc:
      'Where particular dependencies come from instead of the default indexes: a named index (`torch = { index = "pytorch-cu128" }`), ' +
      'a Git repository, a URL or a local path.',
  },
  {
    name: 'exclude-newer',
    doc:
      'Ignore every distribution uploaded after this moment (an RFC 3339 timestamp such as `"2025-01-31T00:00:00Z"`). ' +
      'Pinning it makes the resolution of a script reproducible months later.',
    valueSnippet: '"${1:2025-01-01T00:00:00Z}"',
  },
  {
    name: 'index-url',
    doc: 'Replaces PyPI as the default index. Prefer `[[tool.uv.index]]` with `default = true`, which does the same with a name.',
    valueSnippet: '"$1"',
  },
  {
    name: 'extra-index-url',
    doc: 'Additional indexes used besides the default one. Prefer `[[tool.uv.index]]` tables, which also allow `explicit`.',
    valueSnippet: '["$1"]',
  },
  {
    name: 'find-links',
    doc: 'Directories or HTML pages with links to wheels and source archives, searched in addition to the indexes.',
    valueSnippet: '["$1"]',
  },
  {
    name: 'no-index',
    doc: 'When `true`, ignore every index (PyPI included) and use only `find-links`.',
  },
  {
    name: 'index-strategy',
    doc:
      'How uv looks for a package across several indexes. `first-index` (the default) stops at the first index that has the ' +
      'package, which protects against a same-named package on another index; the `unsafe-*` strategies look further.',
  },
  {
    name: 'resolution',
    doc: 'Which versions the resolver prefers: `highest` (default), `lowest`, or `lowest-direct` (lowest for the listed dependencies only).',
  },
  {
    name: 'prerelease',
    doc:
      'Whether pre-releases may be chosen. The default, `if-necessary-or-explicit`, takes one only when a requirement asks ' +
      'for it or nothing else fits.',
  },
  {
    name: 'override-dependencies',
    doc: 'Requirements that replace whatever any package asks for that dependency — a forced version, used to work around a bad pin upstream.',
    valueSnippet: '["$1"]',
  },
  {
    name: 'constraint-dependencies',
    doc: 'Extra version limits applied whenever a dependency is resolved; they never add a package by themselves.',
    valueSnippet: '["$1"]',
  },
  {
    name: 'python-preference',
    doc: 'Whether uv prefers interpreters it manages itself or those installed on the system.',
  },
  {
    name: 'python-downloads',
    doc: 'Whether uv may download a Python interpreter when none installed satisfies `requires-python`.',
  },
  {
    name: 'native-tls',
    doc: "When `true`, trust the operating system's certificate store (useful behind a corporate proxy).",
  },
  {
    name: 'offline',
    doc: 'When `true`, never touch the network: use only what is already cached.',
  },
  {
    name: 'no-build',
    doc: 'When `true`, install wheels only and never build a package from source.',
  },
  {
    name: 'no-build-package',
    doc: 'Packages that must come as wheels (never built from source).',
    valueSnippet: '["$1"]',
  },
  {
    name: 'no-binary',
    doc: 'When `true`, ignore wheels and build every package from source.',
  },
  {
    name: 'no-binary-package',
    doc: 'Packages that must be built from source even when a wheel exists.',
    valueSnippet: '["$1"]',
  },
  {
    name: 'no-build-isolation-package',
    doc: 'Packages built in the script environment itself rather than in an isolated one (needed by some CUDA extensions such as `flash-attn`).',
    valueSnippet: '["$1"]',
  },
  {
    name: 'compile-bytecode',
    doc: 'When `true`, compile installed packages to `.pyc` files at install time: slower installs, faster first start.',
  },
  {
    name: 'link-mode',
    doc: 'How files go from the cache into the environment: `clone`, `copy`, `hardlink` or `symlink`.',
  },
  {
    name: 'keyring-provider',
    doc: 'Whether to ask the `keyring` tool for index credentials (`subprocess`) or not (`disabled`).',
  },
  {
    name: 'allow-insecure-host',
    doc: 'Hosts whose TLS certificates are not verified. Only for trusted internal mirrors.',
    valueSnippet: '["$1"]',
  },
  {
    name: 'required-version',
    doc: 'The uv versions allowed to run this script, as a version specifier such as `">=0.5"`.',
    valueSnippet: '"${1:>=0.5}"',
  },
  {
    name: 'cache-dir',
    doc: "A directory to use instead of uv's usual cache.",
    valueSnippet: '"$1"',
  },
  {
    name: 'no-cache',
    doc: 'When `true`, do not read or write the cache (everything is downloaded again).',
  },
  {
    name: 'upgrade',
    doc: 'When `true`, ignore previously resolved versions and take the newest allowed ones.',
  },
  {
    name: 'reinstall',
    doc: 'When `true`, reinstall every package instead of reusing installed ones.',
  },
];

/** Our texts for the fields of one `[[tool.uv.index]]` table. */
const INDEX_FIELD_TEXTS: readonly KeyText[] = [
  {
    name: 'name',
    doc: 'A short name for this index, used to pin packages to it from `[tool.uv.sources]` (`torch = { index = "pytorch-cu128" }`).',
    valueSnippet: '"$1"',
  },
  {
    name: 'url',
    doc: 'Where the index lives: a simple-repository URL (PEP 503) such as `https://download.pytorch.org/whl/cu128`, or a local directory.',
    valueSnippet: '"$1"',
  },
  {
    name: 'explicit',
    doc:
      'When `true`, this index is used only for the packages that name it in `[tool.uv.sources]`; every other package keeps ' +
      'coming from PyPI. Recommended for the PyTorch indexes, which also host copies of common packages.',
  },
  {
    name: 'default',
    doc: 'When `true`, this index replaces PyPI as the fallback tried after all other indexes.',
  },
  {
    name: 'format',
    doc: '`simple` (a PEP 503 index, the default) or `flat` (a page or folder of links to distribution files).',
  },
  {
    name: 'authenticate',
    doc: 'When uv sends credentials to this index: `auto` (default), `always`, or `never`.',
  },
  {
    name: 'ignore-error-codes',
    doc: 'HTTP status codes that mean "not on this index, try the next one" rather than an error.',
    valueSnippet: '[${1:403}]',
  },
  {
    name: 'publish-url',
    doc: 'Where `uv publish` uploads to when it targets this index.',
    valueSnippet: '"$1"',
  },
  {
    name: 'cache-control',
    doc: 'HTTP cache headers to use for this index instead of the ones it sends (`{ api = "max-age=600", files = "max-age=3600" }`).',
  },
];

/** Fields of one entry in `[tool.uv.sources]` (an inline table). */
export const SOURCE_FIELDS: readonly HeaderKey[] = [
  { name: 'index', doc: 'Take this package from the `[[tool.uv.index]]` with this `name`.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'git', doc: 'Install this package from a Git repository URL.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'rev', doc: 'The Git commit (or any revision) to check out.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'tag', doc: 'The Git tag to check out.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'branch', doc: 'The Git branch to check out.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'subdirectory', doc: 'The folder inside the repository or archive that holds the package.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'url', doc: 'Install this package from a wheel or source archive at this URL.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'path', doc: 'Install this package from a local folder, wheel or archive.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
  { name: 'editable', doc: 'With `path`: install the folder in editable mode, so changes apply without reinstalling.', shape: { kind: 'bool' } },
  { name: 'marker', doc: 'Use this source only where the marker holds, e.g. `"sys_platform == \'linux\'"`.', shape: { kind: 'string' }, valueSnippet: '"$1"' },
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

/**
 * Every key the checker accepts (so completion never offers one that uv would refuse), with our longer text where
 * we have one and the checker's one-liner otherwise.
 */
function mergeWithChecker(settings: readonly UvSetting[], texts: readonly KeyText[]): HeaderKey[] {
  const accepted = new Map(settings.map((s) => [s.key, s]));
  const ours = new Set(texts.map((k) => k.name));
  // Ours first, in our order (the common ones), then the rest in the checker's order.
  return [
    ...texts.flatMap((k): HeaderKey[] => {
      const setting = accepted.get(k.name);
      return setting ? [{ ...k, shape: shapeOf(setting) }] : [];
    }),
    ...settings
      .filter((s) => !ours.has(s.key))
      .map((s): HeaderKey => ({ name: s.key, doc: s.doc, shape: shapeOf(s), valueSnippet: s.type === 'string' && !s.values ? '"$1"' : undefined })),
  ];
}

/** The `[tool.uv]` settings uv accepts in a script. */
export const UV_KEYS: readonly HeaderKey[] = mergeWithChecker(UV_SCRIPT_SETTINGS, UV_KEY_TEXTS);
/** The fields of one `[[tool.uv.index]]` table. */
export const INDEX_FIELDS: readonly HeaderKey[] = mergeWithChecker(UV_INDEX_FIELDS, INDEX_FIELD_TEXTS);

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
