// Declared names that cannot be right: a standard-library module (`"argparse"`, `"sys"`: PyPI has no such
// distribution, or an unrelated old one), and a name one or two keystrokes from a popular distribution that is not
// popular itself (`numpyy`, `reqeusts`, `scikitlearn`) — the names typosquatters register to get malware
// installed. Popularity comes from PyPI's download ranking (data/popularDistributions.ts); an import of the
// popular name in the same script (`import requests` beside `"reqeusts"`) makes the typo certain.
import type { CoreDiagnostic, QuickFix } from '#core/diagnostic';
import { knownProvidedModules } from '#core/data/importNames';
import { POPULAR_DISTRIBUTIONS } from '#core/data/popularDistributions';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import type { DependencyItem } from '#core/pep723/metadata';
import { BlockRanges } from '#core/pep723/stringRanges';
import { WRONG_DISTRIBUTION_NAMES } from '#core/pep723/wrongNames';
import type { CodeFacts } from '#core/python/readCode';
import { removeDependencyEdit } from './dependencyEdits';
import { distributionFor, normalizeDistribution, popularityRank, provides } from './providers';
import { admittedMinors, stdlibMissingIn } from './pythonVersions';

export const STDLIB_MODULE = 'deps/stdlib-module';
export const POSSIBLE_TYPO = 'deps/possible-typo';

/** A name one edit from a distribution this popular (rank below it) is suspicious; two edits only with more evidence. */
const ONE_EDIT_RANK = 1000;
const TWO_EDITS_RANK = 300;

export interface DependencyNameFindings {
  diagnostics: CoreDiagnostic[];
  /**
   * Declared items found wrong here, with the distribution a typo stands for: the import checks neither call them
   * unused nor report the imports they were meant to provide.
   */
  suspects: Map<DependencyItem, string | undefined>;
}

export function dependencyNameDiagnostics(text: string, analysis: ScriptAnalysis, code: CodeFacts | undefined): DependencyNameFindings {
  const metadata = analysis.metadata;
  const block = analysis.block;
  const suspects = new Map<DependencyItem, string | undefined>();
  if (!metadata || !block) return { diagnostics: [], suspects };
  const r = new BlockRanges(block);
  const out: CoreDiagnostic[] = [];
  const minors = admittedMinors(metadata.requiresPython?.valid ? metadata.requiresPython.text : undefined);
  const fromSources = new Set(metadata.sources.map((s) => normalizeDistribution(s.package)));
  const imports = code?.imports ?? [];
  for (const d of metadata.dependencies) {
    const req = d.requirement;
    if (!req || d.path.length !== 2) continue;
    const name = normalizeDistribution(req.name.text);
    if (WRONG_DISTRIBUTION_NAMES.has(name)) continue; // deps/wrong-name says it better
    const module = name.replace(/-/g, '_');
    // A backport pinned to old Pythons (`dataclasses; python_version < "3.7"`) is deliberate.
    if (!req.marker && !req.url && stdlibMissingIn(module, minors).length === 0 && module !== 'typing_extensions') {
      const edit = removeDependencyEdit(text, analysis, d);
      out.push({
        range: r.stringPart(d.node, req.name.start, req.name.end),
        severity: 'warning',
        code: STDLIB_MODULE,
        message:
          `\`${req.name.text}\` is part of Python's standard library, not a distribution to install: PyPI has none by that ` +
          'name, or an unrelated (often ancient) one that may break the script. Remove it from `dependencies`.',
        fixes: edit ? [{ title: `Remove \`${req.name.text}\``, edits: [edit], isPreferred: true }] : undefined,
      });
      suspects.set(d, undefined);
      continue;
    }
    if (req.url || fromSources.has(name) || popularityRank(name) !== undefined || knownProvidedModules(name)) continue;
    // Used by an import of its own name: whatever it is, the script means it.
    if (imports.some((i) => provides(name, i.module))) continue;
    const suggestion = typoOf(
      name,
      imports
        .map((i) => distributionFor(i.module))
        .filter((g) => g.source !== 'guess')
        .map((g) => g.distribution),
    );
    if (!suggestion) continue;
    out.push(typoDiagnostic(r, d, suggestion.name, suggestion.imported));
    suspects.set(d, suggestion.name);
  }
  return { diagnostics: out, suspects };
}

/** The popular (or imported) distribution `name` is probably a mistyping of. */
function typoOf(name: string, importedDistributions: string[]): { name: string; imported: boolean } | undefined {
  for (const imported of importedDistributions) {
    if (imported !== name && typoDistance(name, imported, 2) <= 2) return { name: imported, imported: true };
  }
  const sameLetters = squeezedPopular().get(name.replace(/-/g, ''));
  if (sameLetters && sameLetters !== name) return { name: sameLetters, imported: false };
  if (name.length < 5) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  const limit = Math.min(POPULAR_DISTRIBUTIONS.length, ONE_EDIT_RANK);
  for (let rank = 0; rank < limit; rank++) {
    const candidate = POPULAR_DISTRIBUTIONS[rank];
    const allowed = rank < TWO_EDITS_RANK && name.length >= 10 ? 2 : 1;
    if (Math.abs(candidate.length - name.length) > allowed) continue;
    const d = typoDistance(name, candidate, allowed);
    if (d <= allowed && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? { name: best, imported: false } : undefined;
}

function typoDiagnostic(r: BlockRanges, d: DependencyItem, suggestion: string, imported: boolean): CoreDiagnostic {
  const req = d.requirement!;
  const title = `Replace \`${req.name.text}\` with \`${suggestion}\``;
  const fix: QuickFix =
    r.replaceStringPart(d.node, req.name.start, req.name.end, suggestion, title) ??
    r.replaceString(d.node, suggestion + d.node.value.slice(req.name.end), title);
  fix.isPreferred = imported;
  const why = imported
    ? `the script imports \`${suggestion}\`'s module, and \`${req.name.text}\` is not a distribution anyone downloads much`
    : `\`${suggestion}\` is one of the most downloaded distributions on PyPI and \`${req.name.text}\` is not`;
  return {
    range: r.stringPart(d.node, req.name.start, req.name.end),
    severity: 'warning',
    code: POSSIBLE_TYPO,
    message:
      `\`${req.name.text}\` looks like a typo of \`${suggestion}\`: ${why}. Names a keystroke away from popular ones are ` +
      `registered on PyPI to get malware installed; did you mean \`${suggestion}\`?`,
    fixes: [fix],
  };
}

let squeezed: Map<string, string> | undefined;

/** The most popular names without their hyphens (`scikitlearn` → `scikit-learn`), built on first use. */
function squeezedPopular(): Map<string, string> {
  if (!squeezed) {
    squeezed = new Map();
    for (const name of POPULAR_DISTRIBUTIONS.slice(0, ONE_EDIT_RANK)) {
      const key = name.replace(/-/g, '');
      if (!squeezed.has(key)) squeezed.set(key, name);
    }
  }
  return squeezed;
}

/** Edit distance counting a swap of two neighbouring letters as one edit; `limit + 1` once it exceeds `limit`. */
export function typoDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}
