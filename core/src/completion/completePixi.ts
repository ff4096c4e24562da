// Completion for `[tool.pixi]`: its keys (from the checker's lists, with the same descriptions as hover), its tables,
// common channels and platforms, conda packages with their CUDA builds first, and CUDA versions. completeHeader.ts
// hands the cursor context over; the candidates go back through `sink`.
import type { Range } from '#core/diagnostic';
import { CONDA_CHANNELS } from '#core/data/condaChannels';
import { CONDA_PACKAGES } from '#core/data/condaPackages';
import { CONDA_PLATFORMS, PLATFORM_DESCRIPTIONS, PLATFORM_FAMILIES } from '#core/data/condaPlatforms';
import { HeaderKey, plainSummary } from '#core/data/headerKeys';
import { CUDA_DRIVER_VERSIONS, CUDA_VERSION_PINS, findPixiKey, pixiKeyPlace, pixiKeysAt } from '#core/data/pixiKeys';
import { PIXI_SCRIPT_KEY_BY_NAME } from '#core/pep723/pixiSettings';
import type { CandidateKind, CompletionCandidate } from './completeHeader';

export interface PixiCandidateSink {
  push(candidate: Omit<CompletionCandidate, 'sortText'>): void;
  /** Range from a TOML column of the cursor line to the cursor (past auto-closed `]` when asked). */
  rangeFrom(tomlColumn: number, overClosingBrackets?: boolean): Range;
  /** The value snippet completeHeader writes after a key of this shape. */
  valueSnippet(key: HeaderKey): string;
  eol: string;
}

/** Keys of the pixi table at `container`; false when `container` is not a pixi table. */
export function pixiKeys(
  sink: PixiCandidateSink,
  container: readonly string[],
  present: ReadonlySet<string>,
  startColumn: number,
  keyOnly: boolean,
): boolean {
  const place = pixiKeyPlace(container);
  if (!place) return false;
  const range = sink.rangeFrom(startColumn);
  const key = (label: string, detail: string | undefined, documentation: string | undefined, value: string, kind: CandidateKind = 'key') =>
    sink.push({ label, kind, detail, documentation, newText: keyOnly ? label : `${label} = ${value}`, snippet: !keyOnly, range });
  if (place === 'conda-packages') {
    for (const pkg of CONDA_PACKAGES) {
      if (present.has(pkg.name)) continue;
      const value = pkg.name === 'cuda-version' ? '"${1:12.8.*}"' : pkg.name === 'python' ? '"${1:3.12.*}"' : '"${1:*}"';
      key(pkg.name, pkg.summary.replace(/`/g, ''), undefined, value, 'package');
      if (pkg.cudaForm && pkg.cudaForm.name === pkg.name) {
        // The CUDA build of a package whose name alone does not choose it (jaxlib).
        sink.push({
          label: `${pkg.name} (CUDA build)`,
          kind: 'package',
          detail: `${pkg.name} = ${pkg.cudaForm.value}`,
          documentation: pkg.summary,
          newText: `${pkg.name} = ${pkg.cudaForm.value}`,
          snippet: false,
          range,
          filterText: `${pkg.name} cuda`,
        });
      }
    }
    return true;
  }
  if (place === 'targets') {
    for (const p of PLATFORM_DESCRIPTIONS) key(p.name, p.summary, undefined, '{ $1 }');
    for (const [family, what] of Object.entries(PLATFORM_FAMILIES)) if (family !== 'macos') key(family, what, undefined, '{ $1 }');
    return true;
  }
  if (place === 'pypi-packages') return true;
  for (const k of pixiKeysAt(place)) {
    if (present.has(k.name)) continue;
    key(k.name, plainSummary(k), k.details, sink.valueSnippet(k));
  }
  return true;
}

/** `[tool.pixi…]` table headers, and a workspace preset with a CUDA platform. */
export function pixiTables(sink: PixiCandidateSink, startColumn: number, typedBracket: boolean, has: (path: string) => boolean): void {
  const range = sink.rangeFrom(startColumn, true);
  const eol = sink.eol;
  const filter = (header: string, words: string) => (typedBracket ? `${header} ${words}` : `${words} ${header}`);
  if (!has('tool.pixi.workspace')) {
    sink.push({
      label: '[tool.pixi.workspace] conda-forge, linux-64 with CUDA',
      kind: 'table',
      detail: 'channels = ["conda-forge"], platforms = [{ platform = "linux-64", cuda = "12.0" }]',
      documentation:
        'Takes conda packages from conda-forge and declares CUDA on linux-64, so the solver can choose CUDA builds ' +
        '(`pytorch-gpu`, `jaxlib` `*cuda*` builds). Set `cuda` to the version the driver supports (`nvidia-smi` shows it).',
      newText: `[tool.pixi.workspace]${eol}# channels = ["conda-forge"]${eol}# platforms = [{ platform = "linux-64", cuda = "\${1:12.0}" }]`,
      snippet: true,
      range,
      filterText: filter('[tool.pixi.workspace]', 'pixi workspace cuda gpu'),
    });
  }
  for (const table of ['workspace', 'dependencies', 'pypi-dependencies', 'constraints', 'activation', 'system-requirements']) {
    const path = `tool.pixi.${table}`;
    if (has(path)) continue;
    const key = PIXI_SCRIPT_KEY_BY_NAME.get(table)!;
    sink.push({
      label: `[${path}]`,
      kind: 'table',
      detail: plainSummary(key),
      documentation: key.details,
      newText: `[${path}]${eol}# $0`,
      snippet: true,
      range,
      filterText: filter(`[${path}]`, `pixi ${table}`),
    });
  }
  sink.push({
    label: '[tool.pixi.target.linux-64.dependencies]',
    kind: 'table',
    detail: plainSummary(PIXI_SCRIPT_KEY_BY_NAME.get('target')!),
    newText: `[tool.pixi.target.\${1:linux-64}.dependencies]${eol}# $0`,
    snippet: true,
    range,
    filterText: filter('[tool.pixi.target]', 'pixi target'),
  });
}

/** Values under pixi keys; false when `key` is not a pixi value. */
export function pixiValues(
  sink: PixiCandidateSink,
  key: readonly string[],
  inArray: boolean,
  startColumn: number,
  quoted: boolean,
): boolean {
  if (key[0] !== 'tool' || key[1] !== 'pixi') return false;
  const range = sink.rangeFrom(startColumn);
  const q = (v: string) => (quoted ? JSON.stringify(v) : v);
  const value = (v: string, detail?: string) =>
    sink.push({ label: q(v), kind: 'value', detail, newText: q(v), snippet: false, range, filterText: q(v) });
  const path = key.join('.');
  const name = key[key.length - 1];
  const table = key.slice(0, -1);
  if (path === 'tool.pixi.workspace.channels' && inArray) {
    for (const c of CONDA_CHANNELS) value(c.name, c.summary);
    return true;
  }
  if (path === 'tool.pixi.workspace.platforms' && inArray) {
    for (const p of PLATFORM_DESCRIPTIONS) value(p.name, p.summary);
    if (quoted) {
      sink.push({
        label: '{ platform = "linux-64", cuda = "12.0" }',
        kind: 'value',
        detail: 'linux-64 with CUDA declared, so CUDA builds can be chosen',
        newText: '{ platform = "${1:linux-64}", cuda = "${2:12.0}" }',
        snippet: true,
        range,
      });
    }
    for (const p of CONDA_PLATFORMS) if (!PLATFORM_DESCRIPTIONS.some((d) => d.name === p)) value(p);
    return true;
  }
  if (name === 'cuda' || (name === 'driver' && key[key.length - 2] === 'cuda')) {
    for (const v of CUDA_DRIVER_VERSIONS) value(v.value, v.doc);
    return true;
  }
  const place = pixiKeyPlace(table);
  if (
    (place === 'conda-packages' && name === 'cuda-version') ||
    (place === 'conda-spec' && table[table.length - 1] === 'cuda-version' && name === 'version')
  ) {
    for (const v of CUDA_VERSION_PINS) value(v.value, v.doc);
    return true;
  }
  if (place === 'conda-packages' || (place === 'conda-spec' && name === 'version')) {
    value('*', 'any version');
    return true;
  }
  if (place === 'conda-spec' && name === 'build') {
    value('*cuda*', 'the CUDA builds');
    value('*cpu*', 'the CPU builds');
    return true;
  }
  const field = findPixiKey(table, name);
  if (!field) return true;
  if (field.shape.kind === 'bool' && quoted)
    for (const v of ['true', 'false']) sink.push({ label: v, kind: 'value', newText: v, snippet: false, range });
  else if (field.shape.kind === 'string' && field.shape.values) for (const v of field.shape.values) value(v);
  return true;
}
