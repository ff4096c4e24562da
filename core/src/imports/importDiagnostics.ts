// Imports against what the header declares: an import no declared distribution provides (uv run, or pixi run
// --script, then stops with ModuleNotFoundError, after resolving and downloading everything else), a declared
// distribution nothing imports, and a standard-library module missing from a Python version `requires-python`
// admits. In a pixi script the conda and PyPI packages of `[tool.pixi]` count as declared (declaredDistributions.ts).
import type { CoreDiagnostic, QuickFix } from '#core/diagnostic';
import { KNOWN_REQUIREMENTS } from '#core/data/knownRequirements';
import type { Runner } from '#core/launch/launchCommand';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import type { DependencyItem } from '#core/pep723/metadata';
import type { CodeFacts, ScriptImport } from '#core/python/readCode';
import { addDependenciesEdits } from './dependencyEdits';
import { DeclaredDistribution, declaredDistributions } from './declaredDistributions';
import { distributionFor, DistributionGuess, normalizeDistribution } from './providers';
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
  /** What runs the script (the launcher's `auto` rule, scriptRunner.ts): the messages name it. Default: uv. */
  runner?: Runner;
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
  const runner = options.runner ?? 'uv';
  const declared = declaredDistributions(analysis, suspects);
  const typoTargets = new Set([...suspects.values()].filter((v) => v !== undefined));
  const minors = admittedMinors(metadata.requiresPython?.valid ? metadata.requiresPython.text : undefined);
  /** The declared distributions an import uses: every one that provides it (a name listed twice is used twice). */
  const used = new Set<DeclaredDistribution>();
  const undeclared: { imp: ScriptImport; guess: DistributionGuess; requiredBy?: string }[] = [];

  for (const imp of code.imports) {
    if (imp.typeOnly) continue;
    const top = imp.module.split('.')[0];
    if (options.localModules?.has(top)) continue;
    const modules = candidateModules(imp);
    const providers = declared.filter((d) => modules.some((m) => d.provides(m)));
    if (providers.length > 0) {
      for (const p of providers) used.add(p);
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
      const name = normalizeDistribution(d.name);
      return !d.known && (name.includes(normalizeDistribution(top)) || name.includes(guess.distribution));
    });
    if (maybe) {
      used.add(maybe);
      continue;
    }
    const requiredBy = declared.find((d) => d.key !== undefined && KNOWN_REQUIREMENTS.get(d.key)?.includes(guess.distribution));
    undeclared.push({ imp, guess, requiredBy: requiredBy?.name });
  }

  const missingNames = [
    ...new Set(undeclared.filter((u) => u.guess.source !== 'guess' && !u.imp.optional).map((u) => u.guess.distribution)),
  ];
  const addAll =
    missingNames.length > 1
      ? addFix(text, analysis, missingNames, `Add all ${missingNames.length} missing dependencies`, false)
      : undefined;
  for (const u of undeclared) out.push(undeclaredDiagnostic(text, analysis, u.imp, u.guess, u.requiredBy, addAll, runner));

  // Unused: only when every statement that might import was read.
  if (!code.incomplete) {
    const usedKeys = new Set([...used].flatMap((d) => d.key ?? []));
    for (const d of declared) {
      const key = d.key;
      if (!d.mayBeUnused || key === undefined || used.has(d)) continue;
      if (usedKeys.has(key) || USED_WITHOUT_IMPORT.has(key) || key.startsWith('nvidia-')) continue;
      // A distribution another used one requires (torch beside torchvision) is not unused.
      if ([...usedKeys].some((u) => KNOWN_REQUIREMENTS.get(u)?.includes(key))) continue;
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
  runner: Runner,
): CoreDiagnostic {
  const name = '`' + imp.module + '`';
  const dist = '`' + guess.distribution + '`';
  let message: string;
  if (imp.optional) {
    message = `${name} is imported inside \`try\` with an \`except ImportError\`, and no dependency provides it: the script runs without it. Add ${dist} to \`dependencies\` if it should be there.`;
  } else if (requiredBy) {
    message = `No dependency in the header provides ${name}: it is installed today only because \`${requiredBy}\` requires it. Declare ${dist} too, so that the script does not depend on what \`${requiredBy}\` happens to pull in.`;
  } else {
    let what =
      guess.source === 'guess'
        ? `Add the distribution that provides it to \`dependencies\` (on PyPI it may be called ${dist}, or something else).`
        : `Add ${dist} to \`dependencies\`.`;
    if (runner === 'pixi-script') what = what.replace(/\.$/, ', or its conda package to `[tool.pixi.dependencies]`.');
    const under = imp.conditional ? ' (under a version or platform test)' : '';
    message =
      runner === 'pixi'
        ? `No dependency in the header provides ${name}${under}. The script runs with \`pixi run python\` in the environment of its pixi manifest, which does not read the header; the header should still say what the script imports (\`uv run\` would stop with ModuleNotFoundError). ${what}`
        : `No dependency in the header provides ${name}${under}, so ${runner === 'pixi-script' ? '`pixi run --script`' : '`uv run`'} stops with ModuleNotFoundError when it is imported. ${what}`;
  }
  const fixes: QuickFix[] = [];
  const one = addFix(text, analysis, [guess.distribution], `Add \`${guess.distribution}\` to dependencies`, guess.source !== 'guess');
  if (one) fixes.push(one);
  if (addAll && guess.source !== 'guess' && !imp.optional) fixes.push(addAll);
  return {
    range: imp.range,
    // With a pixi manifest the header is not what the run reads: nothing fails for want of it.
    severity: imp.optional || imp.conditional ? 'hint' : requiredBy || runner === 'pixi' ? 'information' : 'warning',
    code: UNDECLARED_IMPORT,
    message,
    fixes: fixes.length ? fixes : undefined,
  };
}

function addFix(text: string, analysis: ScriptAnalysis, names: string[], title: string, isPreferred: boolean): QuickFix | undefined {
  const edits = addDependenciesEdits(text, analysis, names);
  return edits ? { title, edits, isPreferred } : undefined;
}

function unusedDiagnostic(text: string, analysis: ScriptAnalysis, d: DeclaredDistribution): CoreDiagnostic {
  const name = d.name;
  const edit = d.removal(text, analysis);
  return {
    range: d.range,
    severity: 'hint',
    code: UNUSED_DEPENDENCY,
    unnecessary: true,
    message:
      `Nothing in this script imports \`${name}\`. If it is used without an import of its own (a plugin, a backend, ` +
      'a file format engine) keep it; otherwise remove it, since experiment scripts list only what they use.',
    fixes: edit
      ? [{ title: `Remove \`${name}\` from ${d.declaredIn === 'dependencies' ? 'dependencies' : `[${d.declaredIn}]`}`, edits: [edit] }]
      : undefined,
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
