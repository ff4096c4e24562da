// The `[tool.uv]` settings uv reads from a script's metadata block. uv rejects any other key there
// (its settings struct denies unknown fields), so this list is what the checker and completion use.
// Source: uv's `ToolUv` for scripts = global options + resolver/installer options + the dependency overrides.

export type UvValueType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'string-array'
  | 'requirement-array'
  | 'table'
  | 'table-array'
  | 'string-or-false'
  | 'any';

export interface UvSetting {
  key: string;
  type: UvValueType;
  /** Allowed values, for settings that take one of a few words. */
  values?: readonly string[];
  /** One line in our words, for hovers and completion. */
  doc: string;
}

export const UV_SCRIPT_SETTINGS: readonly UvSetting[] = [
  { key: 'index', type: 'table-array', doc: 'Package indexes to resolve from, in priority order (`[[tool.uv.index]]` with `url`, optional `name`, `explicit`, `default`).' },
  { key: 'sources', type: 'table', doc: 'Where particular packages come from: a named index, a Git repository, a URL or a local path.' },
  { key: 'index-url', type: 'string', doc: 'Replaces PyPI as the default index (older form; prefer `[[tool.uv.index]]` with `default = true`).' },
  { key: 'extra-index-url', type: 'string-array', doc: 'Additional indexes searched before the default one (older form; prefer `[[tool.uv.index]]`).' },
  { key: 'find-links', type: 'string-array', doc: 'Extra places (folders or HTML pages of links) to find wheels and source archives.' },
  { key: 'no-index', type: 'boolean', doc: 'Use no package index at all: only `find-links` and direct URLs.' },
  { key: 'index-strategy', type: 'string', values: ['first-index', 'unsafe-first-match', 'unsafe-best-match'], doc: 'How uv chooses between indexes that both have a package.' },
  { key: 'keyring-provider', type: 'string', values: ['disabled', 'subprocess'], doc: 'Whether to ask the `keyring` program for index credentials.' },
  { key: 'resolution', type: 'string', values: ['highest', 'lowest', 'lowest-direct'], doc: 'Pick the newest (`highest`) or oldest compatible versions.' },
  { key: 'prerelease', type: 'string', values: ['disallow', 'allow', 'if-necessary', 'explicit', 'if-necessary-or-explicit'], doc: 'When pre-release versions may be chosen.' },
  { key: 'prerelease-package', type: 'table', doc: 'Pre-release policy for particular packages.' },
  { key: 'fork-strategy', type: 'string', values: ['fewest', 'requires-python'], doc: 'How versions are chosen across Python versions and platforms.' },
  { key: 'dependency-metadata', type: 'table-array', doc: 'Declared metadata for packages whose own metadata is missing or wrong.' },
  { key: 'config-settings', type: 'table', doc: 'Settings passed to build backends when building from source.' },
  { key: 'config-settings-package', type: 'table', doc: 'Build-backend settings for particular packages.' },
  { key: 'no-build-isolation', type: 'boolean', doc: 'Build source packages in the current environment instead of an isolated one.' },
  { key: 'no-build-isolation-package', type: 'string-array', doc: 'Packages built without isolation.' },
  { key: 'extra-build-dependencies', type: 'table', doc: 'Extra packages to install when building particular packages.' },
  { key: 'extra-build-variables', type: 'table', doc: 'Environment variables set when building particular packages.' },
  { key: 'exclude-newer', type: 'string-or-false', doc: 'Ignore files uploaded after this date or duration (e.g. `"2025-01-01T00:00:00Z"`, `"7 days"`): reproducible resolutions.' },
  { key: 'exclude-newer-package', type: 'table', doc: '`exclude-newer` for particular packages.' },
  { key: 'link-mode', type: 'string', values: ['clone', 'copy', 'hardlink', 'symlink'], doc: 'How packages are placed from the cache into the environment.' },
  { key: 'compile-bytecode', type: 'boolean', doc: 'Compile installed packages to `.pyc` files (slower install, faster start).' },
  { key: 'no-sources', type: 'boolean', doc: 'Ignore `[tool.uv.sources]`.' },
  { key: 'no-sources-package', type: 'string-array', doc: 'Ignore `[tool.uv.sources]` for these packages.' },
  { key: 'upgrade', type: 'boolean', doc: 'Allow upgrading every package.' },
  { key: 'upgrade-package', type: 'string-array', doc: 'Allow upgrading these packages.' },
  { key: 'reinstall', type: 'boolean', doc: 'Reinstall every package.' },
  { key: 'reinstall-package', type: 'string-array', doc: 'Reinstall these packages.' },
  { key: 'no-build', type: 'boolean', doc: 'Never build from source; use wheels only.' },
  { key: 'no-build-package', type: 'string-array', doc: 'Never build these packages from source.' },
  { key: 'no-binary', type: 'boolean', doc: 'Never use pre-built wheels; build everything from source.' },
  { key: 'no-binary-package', type: 'string-array', doc: 'Build these packages from source.' },
  { key: 'torch-backend', type: 'string', doc: 'PyTorch backend for `uv pip` (e.g. `auto`, `cpu`, `cu126`); in preview.' },
  { key: 'override-dependencies', type: 'requirement-array', doc: 'Requirements that replace whatever any package asks for (PEP 508 strings).' },
  { key: 'constraint-dependencies', type: 'requirement-array', doc: 'Extra version limits applied when a package is installed (PEP 508 strings).' },
  { key: 'build-constraint-dependencies', type: 'requirement-array', doc: 'Version limits for build-time dependencies (PEP 508 strings).' },
  { key: 'required-version', type: 'string', doc: 'The uv versions allowed to run this script, as a PEP 440 specifier (e.g. `">=0.5"`).' },
  { key: 'offline', type: 'boolean', doc: 'Use only cached packages; no network.' },
  { key: 'no-cache', type: 'boolean', doc: 'Use a temporary cache for this run only.' },
  { key: 'cache-dir', type: 'string', doc: 'Where uv keeps its cache.' },
  { key: 'preview', type: 'boolean', doc: 'Turn on uv features still in preview.' },
  { key: 'python-preference', type: 'string', values: ['only-managed', 'managed', 'system', 'only-system'], doc: 'Prefer Pythons installed by uv or those already on the system.' },
  { key: 'python-downloads', type: 'string', values: ['automatic', 'manual', 'never'], doc: 'Whether uv may download a Python that matches `requires-python`.' },
  { key: 'concurrent-downloads', type: 'integer', doc: 'Most downloads at once.' },
  { key: 'concurrent-builds', type: 'integer', doc: 'Most source builds at once.' },
  { key: 'concurrent-installs', type: 'integer', doc: 'Threads used to install packages.' },
  { key: 'allow-insecure-host', type: 'string-array', doc: 'Hosts whose TLS certificates are not verified (use only on trusted networks).' },
  { key: 'native-tls', type: 'boolean', doc: 'Use the system certificate store (older name of `system-certs`).' },
  { key: 'system-certs', type: 'boolean', doc: 'Use the system certificate store.' },
  { key: 'http-proxy', type: 'string', doc: 'HTTP proxy URL.' },
  { key: 'https-proxy', type: 'string', doc: 'HTTPS proxy URL.' },
  { key: 'no-proxy', type: 'string-array', doc: 'Hosts reached without the proxy.' },
];

export const UV_SCRIPT_SETTING_BY_KEY: ReadonlyMap<string, UvSetting> = new Map(UV_SCRIPT_SETTINGS.map((s) => [s.key, s]));

/** Keys of a `[[tool.uv.index]]` entry. */
export const UV_INDEX_FIELDS: readonly UvSetting[] = [
  { key: 'url', type: 'string', doc: 'The index URL (a PEP 503 simple index, or a folder/page of links with `format = "flat"`). Required.' },
  { key: 'name', type: 'string', doc: 'A name, so that `[tool.uv.sources]` can pin packages to this index.' },
  { key: 'explicit', type: 'boolean', doc: 'Use this index only for packages that name it in `[tool.uv.sources]`.' },
  { key: 'default', type: 'boolean', doc: 'Make this the lowest-priority default index, replacing PyPI.' },
  { key: 'format', type: 'string', values: ['simple', 'flat'], doc: '`simple` (PEP 503, the default) or `flat` (a page or folder of links).' },
  { key: 'publish-url', type: 'string', doc: 'Where `uv publish` uploads (not used by scripts).' },
  { key: 'authenticate', type: 'string', values: ['auto', 'always', 'never'], doc: 'When to send credentials to this index.' },
  { key: 'ignore-error-codes', type: 'any', doc: 'HTTP status codes that mean "not here, try the next index".' },
  { key: 'cache-control', type: 'table', doc: 'Cache-Control headers to use for this index.' },
];
