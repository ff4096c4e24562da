// Which distribution provides an imported module, both ways: the distribution to add for `import cv2`, and
// whether a declared `opencv-python-headless` provides it. The table in data/importNames.ts covers the names that
// differ; otherwise a distribution provides the module spelled like its normalized name (`typing-extensions` →
// `typing_extensions`), and a namespace distribution the dotted path spelled like it (`google-cloud-storage` →
// `google.cloud.storage`). Conda packages (pixi scripts) go through data/condaImportNames.ts first, for the names
// conda-forge spells differently.
import { condaImportEntry } from '#core/data/condaImportNames';
import { knownImportEntry, knownProvidedModules } from '#core/data/importNames';
import { POPULAR_DISTRIBUTIONS } from '#core/data/popularDistributions';

const POPULAR_RANK = new Map(POPULAR_DISTRIBUTIONS.map((name, i) => [name, i]));

/** PEP 503 normalization. */
export function normalizeDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The rank of a distribution among PyPI's most downloaded (0 = most), or undefined when not among them. */
export function popularityRank(distribution: string): number | undefined {
  return POPULAR_RANK.get(normalizeDistribution(distribution));
}

/** True when `distribution` provides `module` (a dotted import path), by the table or by its name. */
export function provides(distribution: string, module: string): boolean {
  const known = knownProvidedModules(distribution);
  if (known) {
    for (const m of known) if (module === m || module.startsWith(m + '.')) return true;
  }
  // `typing-extensions` provides `typing_extensions`; `google-cloud-storage` provides `google.cloud.storage…`
  // (whole segments: `torch` does not provide `torch_geometric`).
  const name = normalizeDistribution(distribution);
  const parts = module.split('.').map(normalizeDistribution);
  let path = '';
  for (const part of parts) {
    path = path ? `${path}-${part}` : part;
    if (path === name) return true;
    if (path.length >= name.length) return false;
  }
  return false;
}

export type DistributionGuess =
  /** From the table of differing names. */
  | { distribution: string; source: 'table'; alternatives: readonly string[] }
  /** The module's own name is a popular distribution (`requests`). */
  | { distribution: string; source: 'popular' }
  /** Nothing known: the module's own name, which may not exist on PyPI or may be another project. */
  | { distribution: string; source: 'guess' };

/** The distribution to add for an imported module. */
export function distributionFor(module: string): DistributionGuess {
  const entry = knownImportEntry(module);
  if (entry) return { distribution: entry.distribution, source: 'table', alternatives: entry.alternatives };
  const top = module.split('.')[0];
  const name = normalizeDistribution(top);
  if (POPULAR_RANK.has(name)) return { distribution: name, source: 'popular' };
  return { distribution: name, source: 'guess' };
}

/** True when the tables know what the distribution provides, or it is popular enough that its name is its import. */
export function isKnownDistribution(distribution: string): boolean {
  return knownProvidedModules(distribution) !== undefined || POPULAR_RANK.has(normalizeDistribution(distribution));
}

/** True when the conda package provides `module`: by the conda table, else as the PyPI distribution of its name. */
export function condaProvides(name: string, module: string): boolean {
  const entry = condaImportEntry(name);
  if (!entry) return provides(name, module);
  return entry.modules.some((m) => module === m || module.startsWith(m + '.'));
}

/** The PyPI distribution a conda package stands for (normalized), or undefined for one that provides no module. */
export function condaPypiEquivalent(name: string): string | undefined {
  const entry = condaImportEntry(name);
  if (!entry) return normalizeDistribution(name);
  return entry.modules.length > 0 ? normalizeDistribution(entry.pypi ?? name) : undefined;
}

/** True when the tables say what the conda package provides (its own entry, or the PyPI knowledge of its name). */
export function isKnownCondaPackage(name: string): boolean {
  const entry = condaImportEntry(name);
  return entry ? entry.modules.length > 0 : isKnownDistribution(name);
}
