// The `[tool.uv]` settings uv reads from a script's metadata block. uv rejects any other key there
// (its settings struct denies unknown fields), so this list is what the checker, completion and hover use:
// each setting is described here and nowhere else.
//
// It mirrors uv 0.12.5 (the latest release when it was checked): the `ToolUv` struct of crates/uv-scripts, which is
// `GlobalOptions` (read through `GlobalOptionsWire`) + `ResolverInstallerSchema` from crates/uv-settings, plus
// `override-dependencies`, `exclude-dependencies`, `constraint-dependencies`, `build-constraint-dependencies`,
// `extra-build-dependencies` and `sources` — 55 keys, the same as the settings reference lists for them. Keys newer
// than some uv releases say since when in their description (`exclude-dependencies` 0.9.8, scoped
// `override-dependencies` tables 0.11.25, `preview-features` 0.11.22); test/unit/uv-settings.test.ts checks every
// key with the example of uv's own settings reference.

export type UvValueType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'string-array'
  | 'requirement-array'
  | 'override-array'
  | 'exclude-array'
  | 'boolean-or-string-array'
  | 'table'
  | 'table-array'
  | 'string-or-false'
  | 'any';

/** What a header key does, in our words (Markdown). */
export interface KeyDescription {
  /** One line: shown beside the key in completion and first in its hover. */
  summary: string;
  /** More, when one line is not enough: the rest of the hover and of the completion documentation. */
  details?: string;
}

export interface UvSetting extends KeyDescription {
  key: string;
  type: UvValueType;
  /** Allowed values, for settings that take one of a few words. */
  values?: readonly string[];
}

/** The `[tool.uv]` table itself. */
export const UV_TABLE: KeyDescription = {
  summary: "uv's own settings for this script: package indexes, where packages come from, resolution options.",
  details: 'uv refuses the script when this table holds a key it does not know.',
};

export const UV_SCRIPT_SETTINGS: readonly UvSetting[] = [
  {
    key: 'index',
    type: 'table-array',
    summary: 'Package indexes to resolve from, as `[[tool.uv.index]]` tables with a `url` and usually a `name`.',
    details:
      'They are consulted in the order written, before the default index (PyPI, unless one is marked `default = true`).\n\n' +
      'An index marked `explicit = true` is used only for the packages that name it in `[tool.uv.sources]` — the usual ' +
      'way to take `torch` from a PyTorch CUDA index and everything else from PyPI.',
  },
  {
    key: 'sources',
    type: 'table',
    summary: 'Where particular packages come from instead of the indexes: a named index, a Git repository, a URL or a local path.',
    details: 'For example `torch = { index = "pytorch-cu128" }` takes `torch` from the `[[tool.uv.index]]` named `pytorch-cu128`.',
  },
  {
    key: 'index-url',
    type: 'string',
    summary: 'Replaces PyPI as the default index (older form).',
    details: 'Prefer `[[tool.uv.index]]` with `default = true`, which does the same and gives the index a name.',
  },
  {
    key: 'extra-index-url',
    type: 'string-array',
    summary: 'Additional indexes, consulted before the default one (older form).',
    details: 'Prefer `[[tool.uv.index]]` tables, which also allow `explicit`.',
  },
  {
    key: 'find-links',
    type: 'string-array',
    summary: 'Extra places to find wheels and source archives, besides the indexes: folders, or HTML pages of links.',
  },
  { key: 'no-index', type: 'boolean', summary: 'Use no package index at all, PyPI included: only `find-links` and direct URLs.' },
  {
    key: 'index-strategy',
    type: 'string',
    values: ['first-index', 'unsafe-first-match', 'unsafe-best-match'],
    summary: 'How uv chooses among several indexes that have the same package.',
    details:
      '`first-index` (the default) takes the package from the first index that has it, which protects against a ' +
      'same-named package on another index; the `unsafe-*` strategies also look at the other indexes.',
  },
  {
    key: 'keyring-provider',
    type: 'string',
    values: ['disabled', 'subprocess'],
    summary: 'Whether to ask the `keyring` program for index credentials (`subprocess`) or not (`disabled`, the default).',
  },
  {
    key: 'resolution',
    type: 'string',
    values: ['highest', 'lowest', 'lowest-direct'],
    summary: 'Which versions the resolver prefers: `highest` (the default), `lowest`, or `lowest-direct`.',
    details: '`lowest-direct` takes the lowest versions for the listed dependencies only, and the highest for the packages they pull in.',
  },
  {
    key: 'prerelease',
    type: 'string',
    values: ['disallow', 'allow', 'if-necessary', 'explicit', 'if-necessary-or-explicit'],
    summary: 'When pre-release versions may be chosen.',
    details:
      'The default, `if-necessary-or-explicit`, takes one only when a requirement asks for a pre-release or when every ' +
      'version of the package is one; `allow` always may, `disallow` never does.',
  },
  { key: 'prerelease-package', type: 'table', summary: 'Pre-release policy for particular packages.' },
  {
    key: 'fork-strategy',
    type: 'string',
    values: ['fewest', 'requires-python'],
    summary: 'How versions are chosen across Python versions and platforms.',
    details:
      '`requires-python` (the default) prefers the newest version for each Python version; `fewest` uses as few versions of each package as it can.',
  },
  { key: 'dependency-metadata', type: 'table-array', summary: 'Declared metadata for packages whose own metadata is missing or wrong.' },
  { key: 'config-settings', type: 'table', summary: 'Settings passed to build backends when building from source.' },
  { key: 'config-settings-package', type: 'table', summary: 'Build-backend settings for particular packages.' },
  { key: 'no-build-isolation', type: 'boolean', summary: 'Build source packages in the current environment instead of an isolated one.' },
  {
    key: 'no-build-isolation-package',
    type: 'string-array',
    summary: "Packages built in the script's environment instead of an isolated one.",
    details: 'Needed by some CUDA extensions such as `flash-attn`, whose build imports `torch`.',
  },
  { key: 'extra-build-dependencies', type: 'table', summary: 'Extra packages to install when building particular packages.' },
  { key: 'extra-build-variables', type: 'table', summary: 'Environment variables set when building particular packages.' },
  {
    key: 'exclude-newer',
    type: 'string-or-false',
    summary: 'Ignore files uploaded after this moment, which keeps the resolution reproducible months later.',
    details: 'An RFC 3339 timestamp such as `"2025-01-31T00:00:00Z"`, or, with a recent uv, a duration such as `"7 days"`.',
  },
  { key: 'exclude-newer-package', type: 'table', summary: '`exclude-newer` for particular packages.' },
  {
    key: 'link-mode',
    type: 'string',
    values: ['clone', 'copy', 'hardlink', 'symlink'],
    summary: "How files go from uv's cache into the environment: `clone`, `copy`, `hardlink` or `symlink`.",
  },
  {
    key: 'compile-bytecode',
    type: 'boolean',
    summary: 'Compile installed packages to `.pyc` files at install time: slower installs, faster first start.',
  },
  { key: 'no-sources', type: 'boolean', summary: 'Ignore `[tool.uv.sources]`.' },
  { key: 'no-sources-package', type: 'string-array', summary: 'Ignore `[tool.uv.sources]` for these packages.' },
  {
    key: 'upgrade',
    type: 'boolean',
    summary: 'Allow upgrading every package: previously resolved versions are not kept, the newest allowed ones are taken.',
  },
  { key: 'upgrade-package', type: 'string-array', summary: 'Allow upgrading these packages.' },
  { key: 'reinstall', type: 'boolean', summary: 'Reinstall every package instead of reusing installed ones.' },
  { key: 'reinstall-package', type: 'string-array', summary: 'Reinstall these packages.' },
  { key: 'no-build', type: 'boolean', summary: 'Never build from source: install wheels only.' },
  { key: 'no-build-package', type: 'string-array', summary: 'Packages that must come as wheels, never built from source.' },
  { key: 'no-binary', type: 'boolean', summary: 'Never use pre-built wheels: build every package from source.' },
  { key: 'no-binary-package', type: 'string-array', summary: 'Packages built from source even when a wheel exists.' },
  { key: 'torch-backend', type: 'string', summary: 'PyTorch backend for `uv pip` (e.g. `auto`, `cpu`, `cu126`).' },
  {
    key: 'override-dependencies',
    type: 'override-array',
    summary: 'Requirements that replace whatever any package asks for that dependency (PEP 508 strings).',
    details:
      'A forced version, used to work around a bad pin upstream. Since uv 0.11.25 an item may also be a table that ' +
      'overrides only what one package asks for: `{ package = { name = "flask", version = "3.0.0" }, dependencies = ["itsdangerous==2.1.2"] }`.',
  },
  {
    key: 'exclude-dependencies',
    type: 'exclude-array',
    summary: 'Packages never installed, whoever asks for them (package names; uv 0.9.8 or newer).',
    details:
      'An item may also be a table that drops dependencies of one package only: ' +
      '`{ package = { name = "flask", version = "3.0.0" }, dependencies = ["itsdangerous"] }`.',
  },
  {
    key: 'constraint-dependencies',
    type: 'requirement-array',
    summary: 'Extra version limits applied whenever a package is resolved (PEP 508 strings).',
    details: 'They never add a package by themselves.',
  },
  {
    key: 'build-constraint-dependencies',
    type: 'requirement-array',
    summary: 'Version limits for build-time dependencies (PEP 508 strings).',
  },
  {
    key: 'required-version',
    type: 'string',
    summary: 'The uv versions allowed to run this script, as a PEP 440 specifier set such as `">=0.5"`.',
  },
  { key: 'offline', type: 'boolean', summary: 'Never touch the network: use only packages already in the cache.' },
  {
    key: 'no-cache',
    type: 'boolean',
    summary: "Neither read nor write uv's cache: use a temporary one for this run, so everything is downloaded again.",
  },
  { key: 'cache-dir', type: 'string', summary: "A folder to use instead of uv's usual cache." },
  { key: 'preview', type: 'boolean', summary: 'Turn on uv features still in preview (older form of `preview-features = true`).' },
  {
    key: 'preview-features',
    type: 'boolean-or-string-array',
    summary: 'Turn on all uv features still in preview (`true`), or the ones named (`["json-output"]`); uv 0.11.22 or newer.',
  },
  {
    key: 'python-preference',
    type: 'string',
    values: ['only-managed', 'managed', 'system', 'only-system'],
    summary: 'Whether uv prefers Pythons it installed itself or those already on the system.',
  },
  {
    key: 'python-downloads',
    type: 'string',
    values: ['automatic', 'manual', 'never'],
    summary: 'Whether uv may download a Python when none installed satisfies `requires-python`.',
  },
  { key: 'concurrent-downloads', type: 'integer', summary: 'Most downloads at once.' },
  { key: 'concurrent-builds', type: 'integer', summary: 'Most source builds at once.' },
  { key: 'concurrent-installs', type: 'integer', summary: 'Threads used to install packages.' },
  {
    key: 'allow-insecure-host',
    type: 'string-array',
    summary: 'Hosts whose TLS certificates are not verified: only for trusted internal mirrors.',
  },
  {
    key: 'native-tls',
    type: 'boolean',
    summary: "Trust the operating system's certificate store (older name of `system-certs`).",
  },
  {
    key: 'system-certs',
    type: 'boolean',
    summary: "Trust the operating system's certificate store instead of the certificates bundled with uv.",
    details: 'Useful behind a corporate proxy whose root certificate is installed on the system.',
  },
  { key: 'http-proxy', type: 'string', summary: 'HTTP proxy URL.' },
  { key: 'https-proxy', type: 'string', summary: 'HTTPS proxy URL.' },
  { key: 'no-proxy', type: 'string-array', summary: 'Hosts reached without the proxy.' },
];

export const UV_SCRIPT_SETTING_BY_KEY: ReadonlyMap<string, UvSetting> = new Map(UV_SCRIPT_SETTINGS.map((s) => [s.key, s]));

/** Keys of a `[[tool.uv.index]]` entry. */
export const UV_INDEX_FIELDS: readonly UvSetting[] = [
  {
    key: 'url',
    type: 'string',
    summary:
      'Where the index lives: a PEP 503 simple-index URL such as `https://download.pytorch.org/whl/cu128`, or a local folder. Required.',
    details: 'With `format = "flat"`, a page or folder of links to distribution files.',
  },
  {
    key: 'name',
    type: 'string',
    summary: 'A name, so that `[tool.uv.sources]` can pin packages to this index (`torch = { index = "pytorch-cu128" }`).',
    details: 'ASCII letters, digits, `-`, `_` and `.` only.',
  },
  {
    key: 'explicit',
    type: 'boolean',
    summary: 'Use this index only for the packages that name it in `[tool.uv.sources]`.',
    details:
      'Every other package keeps coming from the other indexes. Recommended for the PyTorch indexes, which also host copies of common packages.',
  },
  {
    key: 'default',
    type: 'boolean',
    summary: 'Make this the default index, replacing PyPI: the lowest priority, tried after all other indexes.',
  },
  {
    key: 'format',
    type: 'string',
    values: ['simple', 'flat'],
    summary: '`simple` (a PEP 503 index, the default) or `flat` (a page or folder of links to distribution files).',
  },
  {
    key: 'publish-url',
    type: 'string',
    summary: 'Where `uv publish` uploads when it targets this index; running a script does not use it.',
  },
  {
    key: 'authenticate',
    type: 'string',
    values: ['auto', 'always', 'never'],
    summary: 'When uv sends credentials to this index: `auto` (the default), `always` or `never`.',
  },
  {
    key: 'ignore-error-codes',
    type: 'any',
    summary: 'HTTP status codes that mean "not on this index, try the next one" rather than an error.',
  },
  {
    key: 'cache-control',
    type: 'table',
    summary: 'HTTP cache headers to use for this index instead of the ones it sends.',
    details: 'For example `{ api = "max-age=600", files = "max-age=3600" }`.',
  },
];
