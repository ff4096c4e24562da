// The `[tool.pixi]` keys as completion and hover see them: which keys exist at each place and what each one does
// come from the checker's lists (core/src/pep723/pixiSettings.ts), so completion, hover and the checker agree; this
// file only maps a key path to its list and adds how a value is completed.
import {
  PIXI_ACTIVATION_KEYS,
  PIXI_CHANNEL_FIELDS,
  PIXI_CONDA_SPEC_FIELDS,
  PIXI_PLATFORM_FIELDS,
  PIXI_PYPI_OPTIONS,
  PIXI_PYPI_SPEC_FIELDS,
  PIXI_SCRIPT_KEYS,
  PIXI_SYSTEM_REQUIREMENT_KEYS,
  PIXI_TARGET_KEYS,
  PIXI_WORKSPACE_KEYS,
  PixiKey,
} from '#core/pep723/pixiSettings';
import type { HeaderKey, ValueShape } from './headerKeys';

/** Value snippets with a useful placeholder, where the value's type alone gives none. */
const VALUE_SNIPPETS: Readonly<Record<string, string>> = {
  channels: '["${1:conda-forge}"]',
  platforms: '[{ platform = "${1:linux-64}", cuda = "${2:12.0}" }]',
  'requires-pixi': '"${1:>=0.76}"',
  cuda: '"${1:12.0}"',
  version: '"${1:*}"',
  build: '"${1:*cuda*}"',
  preview: '["${1:pixi-build}"]',
  env: '{ ${1:NAME} = "$2" }',
};

function shapeOf(key: PixiKey): ValueShape {
  switch (key.type) {
    case 'string':
    case 'version':
    case 'version-spec':
      return key.values ? { kind: 'string', values: key.values } : { kind: 'string' };
    case 'boolean':
      return { kind: 'bool' };
    case 'string-array':
      return { kind: 'string-array' };
    case 'table':
      return { kind: 'table' };
    default:
      return { kind: 'other' };
  }
}

function toHeaderKeys(keys: readonly PixiKey[]): HeaderKey[] {
  return keys.map((k) => ({ name: k.key, summary: k.summary, details: k.details, shape: shapeOf(k), valueSnippet: VALUE_SNIPPETS[k.key] }));
}

const SCRIPT = toHeaderKeys(PIXI_SCRIPT_KEYS);
const WORKSPACE = toHeaderKeys(PIXI_WORKSPACE_KEYS);
const TARGET = toHeaderKeys(PIXI_TARGET_KEYS);
const SYSTEM = toHeaderKeys(PIXI_SYSTEM_REQUIREMENT_KEYS);
const PLATFORM = toHeaderKeys(PIXI_PLATFORM_FIELDS);
const CONDA_SPEC = toHeaderKeys(PIXI_CONDA_SPEC_FIELDS);
const PYPI_SPEC = toHeaderKeys(PIXI_PYPI_SPEC_FIELDS);
const CHANNEL = toHeaderKeys(PIXI_CHANNEL_FIELDS);
const ACTIVATION = toHeaderKeys(PIXI_ACTIVATION_KEYS);
const PYPI_OPTIONS = toHeaderKeys(PIXI_PYPI_OPTIONS);

export type PixiKeyPlace =
  | 'script'
  | 'workspace'
  | 'target'
  | 'system-requirements'
  | 'platform'
  | 'channel'
  | 'conda-spec'
  | 'pypi-spec'
  | 'activation'
  | 'pypi-options'
  /** Keys are conda package names (`[tool.pixi.dependencies]`, `constraints`). */
  | 'conda-packages'
  /** Keys are PyPI package names. */
  | 'pypi-packages'
  /** Keys are platform selectors. */
  | 'targets';

/** What the keys of the table at `path` (string parts only, e.g. `tool.pixi.workspace`) are; undefined outside pixi. */
export function pixiKeyPlace(path: readonly string[]): PixiKeyPlace | undefined {
  if (path[0] !== 'tool' || path[1] !== 'pixi') return undefined;
  let rest = path.slice(2);
  if (rest.length === 0) return 'script';
  if (rest[0] === 'target') {
    if (rest.length === 1) return 'targets';
    if (rest.length === 2) return 'target';
    rest = rest.slice(2);
    if (!['dependencies', 'pypi-dependencies', 'constraints', 'activation'].includes(rest[0])) return undefined;
  }
  switch (rest[0]) {
    case 'workspace':
      if (rest.length === 1) return 'workspace';
      if (rest[1] === 'platforms' && rest.length === 2) return 'platform';
      if (rest[1] === 'channels' && rest.length === 2) return 'channel';
      if (rest[1] === 'pypi-options' && rest.length === 2) return 'pypi-options';
      return undefined;
    case 'dependencies':
    case 'constraints':
      return rest.length === 1 ? 'conda-packages' : rest.length === 2 ? 'conda-spec' : undefined;
    case 'pypi-dependencies':
      return rest.length === 1 ? 'pypi-packages' : rest.length === 2 ? 'pypi-spec' : undefined;
    case 'system-requirements':
      return rest.length === 1 ? 'system-requirements' : undefined;
    case 'activation':
      return rest.length === 1 ? 'activation' : undefined;
    default:
      return undefined;
  }
}

/** The keys known at a place (for places whose keys are fixed words). */
export function pixiKeysAt(place: PixiKeyPlace): readonly HeaderKey[] {
  switch (place) {
    case 'script':
      return SCRIPT;
    case 'workspace':
      return WORKSPACE;
    case 'target':
      return TARGET;
    case 'system-requirements':
      return SYSTEM;
    case 'platform':
      return PLATFORM;
    case 'channel':
      return CHANNEL;
    case 'conda-spec':
      return CONDA_SPEC;
    case 'pypi-spec':
      return PYPI_SPEC;
    case 'activation':
      return ACTIVATION;
    case 'pypi-options':
      return PYPI_OPTIONS;
    default:
      return [];
  }
}

/** The key `name` in the table at `path`, with its description. */
export function findPixiKey(path: readonly string[], name: string): HeaderKey | undefined {
  const place = pixiKeyPlace(path);
  return place ? pixiKeysAt(place).find((k) => k.name === name) : undefined;
}

/** CUDA versions offered for `cuda` (the version the driver supports; `nvidia-smi` prints it). */
export const CUDA_DRIVER_VERSIONS: readonly { value: string; doc: string }[] = [
  { value: '12.0', doc: 'any CUDA 12 driver (what pixi’s own examples declare)' },
  { value: '12', doc: 'any CUDA 12 driver' },
  { value: '13.0', doc: 'a CUDA 13 driver' },
  { value: '11.8', doc: 'a CUDA 11.8 driver (older GPUs and clusters)' },
];

/** Values offered for `cuda-version` (the CUDA release the conda packages are built for). */
export const CUDA_VERSION_PINS: readonly { value: string; doc: string }[] = [
  { value: '12.8.*', doc: 'packages built for CUDA 12.8' },
  { value: '12.6.*', doc: 'packages built for CUDA 12.6' },
  { value: '12.*', doc: 'any CUDA 12 release the solver prefers' },
  { value: '13.*', doc: 'packages built for CUDA 13 (needs a CUDA 13 driver)' },
  { value: '11.8.*', doc: 'packages built for CUDA 11.8' },
];
