// The `[tool.pixi]` keys pixi reads from a script's metadata block, each described here and nowhere else: the
// checker, completion and hover all use these lists. Source: pixi 0.77.0, `crates/pixi_manifest/src/script.rs`
// (`validate_subset`: the keys a script may hold; any other key makes pixi refuse the script) and the manifest
// readers under `crates/pixi_manifest/src/toml/` (each table denies fields it does not know). docs/pixi.md has the
// details and the commit.
import type { KeyDescription } from './uvSettings';

export type PixiValueType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'string-array'
  | 'table'
  /** A conda version spec string (`">=2.1"`, `"12.*"`). */
  | 'version-spec'
  /** A conda version string (`"12.0"`). */
  | 'version'
  /** A string or a table; the checker looks inside. */
  | 'string-or-table'
  | 'array'
  | 'boolean-or-string-array'
  | 'any';

export interface PixiKey extends KeyDescription {
  key: string;
  type: PixiValueType;
  /** Allowed values, for keys that take one of a few words. */
  values?: readonly string[];
  /** pixi reads the key but warns that it is deprecated; the text says what to write instead. */
  deprecated?: string;
}

/** The `[tool.pixi]` table itself. */
export const PIXI_TABLE: KeyDescription = {
  summary: "pixi's part of the header: conda packages, channels, platforms and CUDA, read by `pixi run --script`.",
  details:
    'PEP 723 only knows Python and PyPI; pixi reads a short list of tables here for the rest. uv ignores `[tool.pixi]`, and ' +
    'pixi refuses a script whose `[tool.pixi]` holds a table a script cannot have (features, tasks, environments, …).',
};

/** Keys of `[tool.pixi]` in a script (pixi 0.77.0 `validate_subset`). */
export const PIXI_SCRIPT_KEYS: readonly PixiKey[] = [
  {
    key: 'workspace',
    type: 'table',
    summary: 'Where the conda packages come from and what they are solved for: channels, platforms, resolver options.',
    details:
      'Without `channels`, pixi uses its default channels (conda-forge unless configured otherwise); without `platforms`, ' +
      'the platform it runs on.',
  },
  {
    key: 'dependencies',
    type: 'table',
    summary: 'Conda packages for the script, each with a conda version spec: `pytorch-gpu = "*"`, `cuda-version = "12.8.*"`.',
    details:
      'A table value gives more: `{ version = "*", build = "*cuda*" }` chooses a build, `channel = "…"` a channel. An explicit ' +
      '`python` here takes precedence over `requires-python`.',
  },
  {
    key: 'pypi-dependencies',
    type: 'table',
    summary: 'PyPI packages that need more than a PEP 508 string: an index, an editable local path, a Git source.',
    details: 'Plain PyPI requirements belong in `dependencies` at the top of the header, which uv reads too.',
  },
  {
    key: 'constraints',
    type: 'table',
    summary: 'Version limits for conda packages that are used only if something else pulls the package in.',
  },
  {
    key: 'system-requirements',
    type: 'table',
    summary: 'What the machine provides, such as `cuda = "12"` (older form of a CUDA platform entry).',
    details:
      'pixi still reads it, with a deprecation warning: declare CUDA on the platform instead, ' +
      '`platforms = [{ platform = "linux-64", cuda = "12.0" }]` in `[tool.pixi.workspace]`.',
    deprecated: 'declare it on a `platforms` entry of `[tool.pixi.workspace]`',
  },
  {
    key: 'activation',
    type: 'table',
    summary: 'Environment variables (`env`) and scripts (`scripts`) applied when the environment is activated.',
  },
  {
    key: 'target',
    type: 'table',
    summary: 'Per-platform additions: `[tool.pixi.target.linux-64.dependencies]` applies on linux-64 only.',
    details: 'A target may hold `dependencies`, `pypi-dependencies`, `constraints` and `activation`.',
  },
];

/** Keys of `[tool.pixi.workspace]` in a script. */
export const PIXI_WORKSPACE_KEYS: readonly PixiKey[] = [
  {
    key: 'channels',
    type: 'array',
    summary: 'Conda channels to take packages from, highest priority first: names (`"conda-forge"`) or URLs.',
    details: 'An entry may also be a table, `{ channel = "nvidia", priority = 1 }`.',
  },
  {
    key: 'platforms',
    type: 'array',
    summary:
      'Platforms the environment is solved for (`"linux-64"`); an entry may declare CUDA: `{ platform = "linux-64", cuda = "12.0" }`.',
    details:
      'CUDA builds of PyTorch, JAX and TensorFlow need the solver to know CUDA is there: declare it on the platform. ' +
      '`pixi lock --script` locks exactly these platforms.',
  },
  {
    key: 'channel-priority',
    type: 'string',
    values: ['strict', 'flexible', 'disabled'],
    summary: 'How channel order is used: `strict` (the default) takes a package only from the first channel that has it.',
  },
  {
    key: 'solve-strategy',
    type: 'string',
    values: ['highest', 'lowest', 'lowest-direct'],
    summary: 'Which versions the conda solver prefers: `highest` (the default), `lowest`, or `lowest-direct`.',
  },
  {
    key: 'requires-pixi',
    type: 'version-spec',
    summary: 'The pixi versions allowed to run this script, as a conda version spec such as `">=0.76"`.',
  },
  {
    key: 'preview',
    type: 'boolean-or-string-array',
    summary: 'pixi features still in preview to turn on: a list such as `["pixi-build"]`, or `true` for all.',
  },
  {
    key: 'pypi-options',
    type: 'table',
    summary: 'How PyPI packages are resolved: `index-url`, `extra-index-urls`, `find-links`, `index-strategy`, …',
  },
];

/** Keys of `[tool.pixi.target.<selector>]` in a script. */
export const PIXI_TARGET_KEYS: readonly PixiKey[] = [
  { key: 'dependencies', type: 'table', summary: 'Conda packages added on this platform only.' },
  { key: 'pypi-dependencies', type: 'table', summary: 'PyPI packages (with pixi-specific fields) added on this platform only.' },
  { key: 'constraints', type: 'table', summary: 'Conda version limits on this platform only.' },
  { key: 'activation', type: 'table', summary: 'Activation variables and scripts on this platform only.' },
];

/** Keys of `[tool.pixi.system-requirements]`. */
export const PIXI_SYSTEM_REQUIREMENT_KEYS: readonly PixiKey[] = [
  {
    key: 'cuda',
    type: 'version',
    summary: 'The CUDA version the NVIDIA driver supports, e.g. `"12"`: lets the solver choose CUDA builds.',
    details:
      'pixi reads it with a deprecation warning since 0.71.1; the current form is a platform entry, ' +
      '`platforms = [{ platform = "linux-64", cuda = "12.0" }]` in `[tool.pixi.workspace]`.',
  },
  { key: 'linux', type: 'version', summary: 'The oldest Linux kernel the environment supports, e.g. `"4.18"`.' },
  { key: 'macos', type: 'version', summary: 'The oldest macOS the environment supports, e.g. `"13.0"`.' },
  {
    key: 'libc',
    type: 'string-or-table',
    summary: 'The C library: a glibc version such as `"2.28"`, or `{ family = "glibc", version = "2.28" }`.',
  },
  { key: 'archspec', type: 'string', summary: 'A CPU microarchitecture; pixi ignores it (deprecated).' },
];

/** Fields of a platform entry written as a table in `platforms`. */
export const PIXI_PLATFORM_FIELDS: readonly PixiKey[] = [
  { key: 'platform', type: 'string', summary: 'The conda platform (subdir) of the entry, e.g. `"linux-64"`.' },
  {
    key: 'name',
    type: 'string',
    summary: 'A name for the entry (letters, digits and `-`); derived from the platform and its virtual packages when absent.',
  },
  {
    key: 'cuda',
    type: 'string-or-table',
    summary: 'The CUDA version the driver supports on this platform (`"12.0"`), or `{ driver = "12.0", arch = "8.6" }`.',
    details: 'With it, the solver may choose CUDA builds (`pytorch-gpu`, `jaxlib` `*cuda*` builds) for this platform.',
  },
  { key: 'glibc', type: 'version', summary: 'The glibc version of the machines this entry stands for.' },
  { key: 'linux', type: 'version', summary: 'The Linux kernel version of the machines this entry stands for.' },
  { key: 'macos', type: 'version', summary: 'The macOS version of the machines this entry stands for (also `osx`).' },
  { key: 'osx', type: 'version', summary: 'Another name for `macos`.' },
  { key: 'windows', type: 'version', summary: 'The Windows version of the machines this entry stands for.' },
  { key: 'archspec', type: 'string', summary: 'The CPU microarchitecture of the machines this entry stands for, e.g. `"x86_64_v3"`.' },
];

/** Which state of a `git` source to take, the same for conda and PyPI packages. */
const GIT_REF_FIELDS: readonly PixiKey[] = [
  { key: 'branch', type: 'string', summary: 'With `git`: the branch.' },
  { key: 'tag', type: 'string', summary: 'With `git`: the tag.' },
  { key: 'rev', type: 'string', summary: 'With `git`: the commit.' },
  { key: 'lfs', type: 'boolean', summary: 'With `git`: fetch Git LFS files too.' },
];

/** Fields of a conda dependency written as a table (`pixi_spec::TomlSpec`). */
export const PIXI_CONDA_SPEC_FIELDS: readonly PixiKey[] = [
  { key: 'version', type: 'version-spec', summary: 'A conda version spec, e.g. `">=2.1"` or `"12.*"`.' },
  { key: 'build', type: 'string', summary: 'A build string or pattern, e.g. `"*cuda*"` for the CUDA builds.' },
  { key: 'build-number', type: 'string', summary: 'A build number or a comparison such as `">=2"`.' },
  { key: 'channel', type: 'string', summary: 'Take this package only from this channel (a name or a URL).' },
  { key: 'subdir', type: 'string', summary: 'Take this package from this platform folder of the channel, e.g. `"noarch"`.' },
  { key: 'license', type: 'string', summary: 'Only builds with this license.' },
  { key: 'license-family', type: 'string', summary: 'Only builds with this license family.' },
  { key: 'file-name', type: 'string', summary: 'Exactly this package file.' },
  { key: 'md5', type: 'string', summary: 'The MD5 checksum the package file must have.' },
  { key: 'sha256', type: 'string', summary: 'The SHA-256 checksum the package file must have.' },
  { key: 'url', type: 'string', summary: 'Install the package file at this URL.' },
  { key: 'path', type: 'string', summary: 'Install the package from this local path (relative to the script).' },
  { key: 'git', type: 'string', summary: 'Build the package from this Git repository (needs the `pixi-build` preview).' },
  ...GIT_REF_FIELDS,
  { key: 'subdirectory', type: 'string', summary: 'With `git` or `url`: the folder that holds the recipe.' },
  { key: 'extras', type: 'string-array', summary: 'Optional parts of the package to install too.' },
  { key: 'flags', type: 'string-array', summary: 'Package flags the build must have.' },
  { key: 'when', type: 'any', summary: 'Install the package only when this condition on other packages holds.' },
  { key: 'track-features', type: 'string-array', summary: 'Track features the build must have.' },
];

/** Fields of a PyPI dependency written as a table in `pypi-dependencies` (`pixi_pypi_spec`). */
export const PIXI_PYPI_SPEC_FIELDS: readonly PixiKey[] = [
  { key: 'version', type: 'string', summary: 'A PEP 440 version specifier set, e.g. `">=2.1"`, or `"*"` for any version.' },
  { key: 'extras', type: 'string-array', summary: 'Extras of the package to install, e.g. `["cuda12"]`.' },
  { key: 'index', type: 'string', summary: 'Take this package only from the index at this URL.' },
  { key: 'path', type: 'string', summary: 'Install the package from this local path (relative to the script).' },
  { key: 'editable', type: 'boolean', summary: 'With `path`: install in editable mode.' },
  { key: 'git', type: 'string', summary: 'Install the package from this Git repository.' },
  ...GIT_REF_FIELDS,
  { key: 'url', type: 'string', summary: 'Install the wheel or source archive at this URL.' },
  { key: 'subdirectory', type: 'string', summary: 'The folder inside the repository or archive that holds the package.' },
  { key: 'env-markers', type: 'string', summary: 'Install only where this PEP 508 marker holds.' },
];

/** Fields of a channel written as a table in `channels`. */
export const PIXI_CHANNEL_FIELDS: readonly PixiKey[] = [
  { key: 'channel', type: 'string', summary: 'The channel name or URL.' },
  { key: 'priority', type: 'integer', summary: 'A priority: a higher number is consulted before a lower one.' },
  { key: 'exclude-newer', type: 'string', summary: 'Ignore packages from this channel published after this date.' },
];

/** Keys of `[tool.pixi.activation]`. */
export const PIXI_ACTIVATION_KEYS: readonly PixiKey[] = [
  {
    key: 'env',
    type: 'table',
    summary: 'Environment variables set in the environment, e.g. `{ XLA_PYTHON_CLIENT_PREALLOCATE = "false" }`.',
  },
  { key: 'scripts', type: 'string-array', summary: 'Shell scripts run when the environment is activated.' },
];

/** Keys of `[tool.pixi.workspace.pypi-options]`. */
export const PIXI_PYPI_OPTIONS: readonly PixiKey[] = [
  { key: 'index-url', type: 'string', summary: 'Replaces PyPI as the index for PyPI packages.' },
  { key: 'extra-index-urls', type: 'string-array', summary: 'More indexes for PyPI packages, e.g. a PyTorch wheel index.' },
  { key: 'find-links', type: 'array', summary: 'Folders or pages of links to wheels: `[{ path = "./wheels" }]` or `[{ url = "…" }]`.' },
  { key: 'no-build-isolation', type: 'any', summary: 'Build these PyPI packages (or all, with `true`) in the environment itself.' },
  {
    key: 'index-strategy',
    type: 'string',
    values: ['first-index', 'unsafe-first-match', 'unsafe-best-match'],
    summary: 'How a package found on several indexes is chosen (as in uv).',
  },
  {
    key: 'prerelease-mode',
    type: 'string',
    values: ['disallow', 'allow', 'if-necessary', 'explicit', 'if-necessary-or-explicit'],
    summary: 'When pre-release versions of PyPI packages may be chosen (as in uv).',
  },
  { key: 'no-build', type: 'any', summary: 'Never build PyPI packages from source: `true`, or a list of packages.' },
  { key: 'no-binary', type: 'any', summary: 'Build these PyPI packages from source even when a wheel exists.' },
  { key: 'dependency-overrides', type: 'table', summary: 'PyPI requirements that replace what any package asks for.' },
  { key: 'skip-wheel-filename-check', type: 'boolean', summary: 'Accept wheels whose file name does not match their metadata.' },
];

/** Keys pixi accepts in a pixi.toml or pyproject.toml but refuses in a script, and why (for the message). */
export const PIXI_WORKSPACE_ONLY: Readonly<Record<string, string>> = {
  feature: 'a script has one environment, so no features',
  environments: 'a script has one environment',
  tasks: 'a script has no tasks; `pixi run --script` runs the script itself',
  project: '`[tool.pixi.project]` is the old name of `[tool.pixi.workspace]`',
  package: 'a script is not a package',
  'host-dependencies': 'a script has no build step: use `dependencies`',
  'build-dependencies': 'a script has no build step: use `dependencies`',
  'run-dependencies': 'use `dependencies`',
  'exclude-newer': 'not read from a script',
  'pypi-options': 'write it under `[tool.pixi.workspace]`',
  name: 'a script is named after its file',
  version: 'a script has no version',
  description: 'not read from a script',
  authors: 'not read from a script',
  license: 'not read from a script',
  'license-file': 'not read from a script',
  readme: 'not read from a script',
  homepage: 'not read from a script',
  repository: 'not read from a script',
  documentation: 'not read from a script',
  'conda-pypi-map': 'not read from a script',
  's3-options': 'not read from a script',
  'build-variants': 'a script is not built',
  'build-variants-files': 'a script is not built',
  dev: 'a script has no development dependencies',
};

const byKey = (keys: readonly PixiKey[]) => new Map(keys.map((k) => [k.key, k]));
export const PIXI_SCRIPT_KEY_BY_NAME = byKey(PIXI_SCRIPT_KEYS);
export const PIXI_WORKSPACE_KEY_BY_NAME = byKey(PIXI_WORKSPACE_KEYS);
export const PIXI_TARGET_KEY_BY_NAME = byKey(PIXI_TARGET_KEYS);
export const PIXI_SYSTEM_REQUIREMENT_BY_NAME = byKey(PIXI_SYSTEM_REQUIREMENT_KEYS);
export const PIXI_PLATFORM_FIELD_BY_NAME = byKey(PIXI_PLATFORM_FIELDS);
export const PIXI_CONDA_SPEC_FIELD_BY_NAME = byKey(PIXI_CONDA_SPEC_FIELDS);
export const PIXI_PYPI_SPEC_FIELD_BY_NAME = byKey(PIXI_PYPI_SPEC_FIELDS);
export const PIXI_CHANNEL_FIELD_BY_NAME = byKey(PIXI_CHANNEL_FIELDS);
export const PIXI_ACTIVATION_KEY_BY_NAME = byKey(PIXI_ACTIVATION_KEYS);
export const PIXI_PYPI_OPTION_BY_NAME = byKey(PIXI_PYPI_OPTIONS);
