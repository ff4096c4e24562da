// Imports against `dependencies`: an import no declared distribution provides (uv run then stops with
// ModuleNotFoundError, after resolving and downloading everything else), a declared distribution nothing imports,
// and a standard-library module missing from a Python version `requires-python` admits.
import type { CoreDiagnostic, QuickFix } from '#core/diagnostic';
import { KNOWN_REQUIREMENTS } from '#core/data/knownRequirements';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import type { DependencyItem } from '#core/pep723/metadata';
import { WRONG_DISTRIBUTION_NAMES } from '#core/pep723/wrongNames';
import type { CodeFacts, ScriptImport } from '#core/python/readCode';
import { addDependenciesEdits, removeDependencyEdit } from './dependencyEdits';
import { distributionFor, DistributionGuess, isKnownDistribution, normalizeDistribution, provides } from './providers';
import { admittedMinors, describeMinors, isStdlibSomewhere, stdlibHistory, stdlibMissingIn } from './pythonVersions';

export const UNDECLARED_IMPORT = 'deps/undeclared-import';
export const UNUSED_DEPENDENCY = 'deps/unused-dependency';
export const MISSING_STDLIB_MODULE = 'deps/missing-stdlib-module';

/** Distributions that scripts use without importing them by name: plugins, backends, engines, CUDA libraries. */
const USED_WITHOUT_IMPORT = new Set([
  'openpyxl',
  'xlrd',
  'xlsxwriter',
  'odfpy',
  'pyxlsb',
  'calamine',
  'python-calamine',
  'pyarrow',
  'fastparquet',
  'tables',
  'h5netcdf',
  'netcdf4',
  'tabulate',
  'lxml',
  'html5lib',
  'jinja2',
  'fsspec',
  's3fs',
  'gcsfs',
  'adlfs',
  'psycopg2',
  'psycopg2-binary',
  'pymysql',
  'mysqlclient',
  'kaleido',
  'ipykernel',
  'ipywidgets',
  'jupyter',
  'notebook',
  'tensorboard',
  'sentencepiece',
  'protobuf',
  'tiktoken',
  'accelerate',
  'bitsandbytes',
  'safetensors',
  'einops',
  'flash-attn',
  'soundfile',
  'pillow',
  'scipy',
  'nvidia-ml-py',
  'pynvml',
  'triton',
  'jaxlib',
  'ml-dtypes',
  'setuptools',
  'wheel',
  'pip',
  'uv',
  'numba',
  'gunicorn',
  'uvicorn',
  'python-multipart',
  'email-validator',
  'pytest',
  'rich',
  'shellingham',
  'colorama',
  'tzdata',
  'certifi',
  'torchvision',
  'torchaudio',
]);

export interface ImportCheckOptions {
  /** Modules importable from the script's folder (`utils` for utils.py, `data` for a data/ folder). */
  localModules?: ReadonlySet<string>;
  /** Declared items already reported as a standard-library name or a typo (of the distribution given). */
  suspects?: ReadonlyMap<DependencyItem, string | undefined>;
}

export function importDiagnostics(
  text: string,
  analysis: ScriptAnalysis,
  code: CodeFacts,
  options: ImportCheckOptions = {},
): CoreDiagnostic[] {
  const metadata = analysis.metadata;
  if (!metadata) return [];
  const out: CoreDiagnostic[] = [];
  const suspects = options.suspects ?? new Map<DependencyItem, string | undefined>();
  const declared = metadata.dependencies.filter((d) => d.requirement && d.path.length === 2 && !suspects.has(d));
  const typoTargets = new Set([...suspects.values()].filter((v) => v !== undefined));
  const minors = admittedMinors(metadata.requiresPython?.valid ? metadata.requiresPython.text : undefined);
  /** Normalized names of the declared distributions an import uses (a name listed twice is used twice). */
  const usedNames = new Set<string>();
  const undeclared: { imp: ScriptImport; guess: DistributionGuess; requiredBy?: string }[] = [];

  for (const imp of code.imports) {
    if (imp.typeOnly) continue;
    const top = imp.module.split('.')[0];
    if (options.localModules?.has(top)) continue;
    const modules = candidateModules(imp);
    const provider = declared.find((d) => modules.some((m) => provides(d.requirement!.name.text, m)));
    if (provider) {
      usedNames.add(normalizeDistribution(provider.requirement!.name.text));
      continue;
    }
    if (isStdlibSomewhere(top)) {
      // Without `requires-python`, only a module that newer versions dropped counts: uv picks a recent Python.
      const missing = imp.conditional || imp.optional ? [] : stdlibMissingIn(top, minors, !metadata.requiresPython);
      if (missing.length > 0) out.push(missingStdlib(imp, top, missing, metadata.requiresPython?.text));
      continue;
    }
    const guess = distributionFor(modules[modules.length - 1]);
    // `reqeusts` declared and `requests` imported: the typo warning says it all.
    if (typoTargets.has(guess.distribution)) continue;
    // A declared distribution the tables do not know may well provide the module (a fork, a build variant):
    // rather than risk a false warning, say nothing when its name contains the module's or the guess's name.
    const maybe = declared.find((d) => {
      const name = normalizeDistribution(d.requirement!.name.text);
      return !isKnownDistribution(name) && (name.includes(normalizeDistribution(top)) || name.includes(guess.distribution));
    });
    if (maybe) {
      usedNames.add(normalizeDistribution(maybe.requirement!.name.text));
      continue;
    }
    const requiredBy = declared.find((d) =>
      KNOWN_REQUIREMENTS.get(normalizeDistribution(d.requirement!.name.text))?.includes(guess.distribution),
    );
    undeclared.push({ imp, guess, requiredBy: requiredBy?.requirement!.name.text });
  }

  const missingNames = [
    ...new Set(undeclared.filter((u) => u.guess.source !== 'guess' && !u.imp.optional).map((u) => u.guess.distribution)),
  ];
  const addAll =
    missingNames.length > 1
      ? addFix(text, analysis, missingNames, `Add all ${missingNames.length} missing dependencies`, false)
      : undefined;
  for (const u of undeclared) out.push(undeclaredDiagnostic(text, analysis, u.imp, u.guess, u.requiredBy, addAll));

  // Unused: only when every statement that might import was read.
  if (!code.incomplete) {
    for (const d of declared) {
      const name = normalizeDistribution(d.requirement!.name.text);
      if (usedNames.has(name) || USED_WITHOUT_IMPORT.has(name) || name.startsWith('nvidia-')) continue;
      // A marker limits it to some machines; a wrong name is deps/wrong-name's to report.
      if (d.requirement!.marker || WRONG_DISTRIBUTION_NAMES.has(name)) continue;
      // A distribution another used one requires (torch beside torchvision) is not unused.
      if ([...usedNames].some((u) => KNOWN_REQUIREMENTS.get(u)?.includes(name))) continue;
      out.push(unusedDiagnostic(text, analysis, d));
    }
  }
  return out;
}

/** The module paths an import may be provided under: `from google.cloud import storage` → `google.cloud.storage`. */
function candidateModules(imp: ScriptImport): string[] {
  if (imp.kind !== 'from' || imp.names.length === 0) return [imp.module];
  return [imp.module, ...imp.names.filter((n) => n !== '*').map((n) => `${imp.module}.${n}`)];
}

function undeclaredDiagnostic(
  text: string,
  analysis: ScriptAnalysis,
  imp: ScriptImport,
  guess: DistributionGuess,
  requiredBy: string | undefined,
  addAll: QuickFix | undefined,
): CoreDiagnostic {
  const name = '`' + imp.module + '`';
  const dist = '`' + guess.distribution + '`';
  let message: string;
  if (imp.optional) {
    message = `${name} is imported inside \`try\` with an \`except ImportError\`, and no dependency provides it: the script runs without it. Add ${dist} to \`dependencies\` if it should be there.`;
  } else if (requiredBy) {
    message = `No dependency in the header provides ${name}: it is installed today only because \`${requiredBy}\` requires it. Declare ${dist} too, so that the script does not depend on what \`${requiredBy}\` happens to pull in.`;
  } else {
    const what =
      guess.source === 'guess'
        ? `Add the distribution that provides it to \`dependencies\` (on PyPI it may be called ${dist}, or something else).`
        : `Add ${dist} to \`dependencies\`.`;
    const under = imp.conditional ? ' (under a version or platform test)' : '';
    message = `No dependency in the header provides ${name}${under}, so \`uv run\` stops with ModuleNotFoundError when it is imported. ${what}`;
  }
  const fixes: QuickFix[] = [];
  const one = addFix(text, analysis, [guess.distribution], `Add \`${guess.distribution}\` to dependencies`, guess.source !== 'guess');
  if (one) fixes.push(one);
  if (addAll && guess.source !== 'guess' && !imp.optional) fixes.push(addAll);
  return {
    range: imp.range,
    severity: imp.optional || imp.conditional ? 'hint' : requiredBy ? 'information' : 'warning',
    code: UNDECLARED_IMPORT,
    message,
    fixes: fixes.length ? fixes : undefined,
  };
}

function addFix(text: string, analysis: ScriptAnalysis, names: string[], title: string, isPreferred: boolean): QuickFix | undefined {
  const edits = addDependenciesEdits(text, analysis, names);
  return edits ? { title, edits, isPreferred } : undefined;
}

function unusedDiagnostic(text: string, analysis: ScriptAnalysis, d: DependencyItem): CoreDiagnostic {
  const name = d.requirement!.name.text;
  const edit = removeDependencyEdit(text, analysis, d);
  return {
    range: d.contentRange,
    severity: 'hint',
    code: UNUSED_DEPENDENCY,
    unnecessary: true,
    message:
      `Nothing in this script imports \`${name}\`. If it is used without an import of its own (a plugin, a backend, ` +
      'a file format engine) keep it; otherwise remove it, since experiment scripts list only what they use.',
    fixes: edit ? [{ title: `Remove \`${name}\` from dependencies`, edits: [edit] }] : undefined,
  };
}

function missingStdlib(imp: ScriptImport, top: string, missing: number[], requiresPython: string | undefined): CoreDiagnostic {
  const history = stdlibHistory(top);
  const allowed =
    requiresPython === undefined
      ? 'the script does not limit the Python version (`requires-python`)'
      : `\`requires-python = "${requiresPython}"\` allows them`;
  return {
    range: imp.range,
    severity: 'warning',
    code: MISSING_STDLIB_MODULE,
    message:
      `\`${top}\` is not in the standard library of Python ${describeMinors(missing)}${history ? ` (${history})` : ''}, and ${allowed}. ` +
      'Narrow `requires-python`, or depend on a distribution that provides the module on those versions.',
  };
}
