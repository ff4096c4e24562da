// The distributions a header declares, wherever the tool that runs the script reads them: PEP 723 `dependencies`
// (uv and pixi alike, from PyPI) and, in a pixi script, the conda packages of `[tool.pixi.dependencies]` and the
// PyPI ones of `[tool.pixi.pypi-dependencies]`, targets included (pixi 0.77 reads all three; docs/pixi.md). The import
// checks and the import hover ask this one list which declared distribution provides a module.
import type { Range, TextEdit } from '#core/diagnostic';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import type { DependencyItem } from '#core/pep723/metadata';
import type { PixiCondaDependency, PixiPypiDependency } from '#core/pep723/toolPixi';
import { WRONG_DISTRIBUTION_NAMES } from '#core/pep723/wrongNames';
import { removeDependencyEdit } from './dependencyEdits';
import { condaProvides, condaPypiEquivalent, isKnownCondaPackage, isKnownDistribution, normalizeDistribution, provides } from './providers';

export type DeclaredIn = 'dependencies' | 'tool.pixi.dependencies' | 'tool.pixi.pypi-dependencies';

export interface DeclaredDistribution {
  /** The name as written. */
  name: string;
  /**
   * The normalized PyPI name it stands for in the tables (what other distributions require, what is used without an
   * import): `torch` for `pytorch-gpu`. Undefined for a conda package that provides no module (`cuda-version`).
   */
  key: string | undefined;
  declaredIn: DeclaredIn;
  /** What the unused hint marks: the requirement string, or the package's key in a pixi table. */
  range: Range;
  /** How a hover names it: the requirement as written, or the package name of a pixi table. */
  shown: string;
  /** For a pixi table's package: the table (`tool.pixi.target.linux-64.dependencies`) and where its packages come from. */
  pixiTable?: { path: string; registry: 'conda' | 'PyPI' };
  /** Whether the tables say what it provides (a declared unknown may provide a module of a similar name). */
  known: boolean;
  /**
   * Whether the unused hint may name it: not when it is declared for some machines only (a PEP 508 marker, a pixi
   * target), has a name deps/wrong-name reports, or is a conda package the tables do not know (conda also packages
   * tools and C libraries, which nothing imports).
   */
  mayBeUnused: boolean;
  provides(module: string): boolean;
  /** The edit that removes it from the header, when one is safe. */
  removal(text: string, analysis: ScriptAnalysis): TextEdit | undefined;
}

/** The distributions `analysis` declares, `dependencies` first. `suspects`: items reported as a wrong name. */
export function declaredDistributions(analysis: ScriptAnalysis, suspects?: ReadonlyMap<DependencyItem, unknown>): DeclaredDistribution[] {
  const metadata = analysis.metadata;
  if (!metadata) return [];
  const out: DeclaredDistribution[] = [];
  for (const d of metadata.dependencies) {
    const req = d.requirement;
    if (!req || d.path.length !== 2 || suspects?.has(d)) continue;
    const name = req.name.text;
    const key = normalizeDistribution(name);
    out.push({
      name,
      key,
      declaredIn: 'dependencies',
      range: d.contentRange,
      shown: d.text,
      known: isKnownDistribution(name),
      mayBeUnused: !req.marker && !WRONG_DISTRIBUTION_NAMES.has(key),
      provides: (module) => provides(name, module),
      removal: (text, a) => removeDependencyEdit(text, a, d),
    });
  }
  const pixi = metadata.pixi;
  if (!pixi) return out;
  for (const dep of pixi.condaDependencies) out.push(fromConda(dep));
  for (const dep of pixi.pypiDependencies) out.push(fromPixiPypi(dep));
  return out;
}

function fromConda(dep: PixiCondaDependency): DeclaredDistribution {
  return {
    name: dep.name,
    key: condaPypiEquivalent(dep.name),
    declaredIn: 'tool.pixi.dependencies',
    range: dep.keyRange,
    shown: dep.name,
    pixiTable: { path: `tool.pixi.${dep.target ? `target.${dep.target}.` : ''}dependencies`, registry: 'conda' },
    known: isKnownCondaPackage(dep.name),
    mayBeUnused: dep.target === undefined && isKnownCondaPackage(dep.name),
    provides: (module) => condaProvides(dep.name, module),
    removal: () => (dep.plainLine ? wholeLine(dep.keyRange) : undefined),
  };
}

function fromPixiPypi(dep: PixiPypiDependency): DeclaredDistribution {
  return {
    name: dep.name,
    key: normalizeDistribution(dep.name),
    declaredIn: 'tool.pixi.pypi-dependencies',
    range: dep.keyRange,
    shown: dep.name,
    pixiTable: { path: `tool.pixi.${dep.target ? `target.${dep.target}.` : ''}pypi-dependencies`, registry: 'PyPI' },
    known: isKnownDistribution(dep.name),
    mayBeUnused: dep.target === undefined,
    provides: (module) => provides(dep.name, module),
    removal: () => (dep.plainLine ? wholeLine(dep.keyRange) : undefined),
  };
}

/** Deletes the line `range` starts on (a `# name = …` line of a pixi table). */
function wholeLine(range: Range): TextEdit {
  return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } }, newText: '' };
}
