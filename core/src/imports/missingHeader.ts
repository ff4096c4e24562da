// An experiment script without a `# /// script` header: `uv run` then runs it with no dependencies at all. The fix
// writes one from the script's imports, with the GPU build of the framework for train and eval scripts (the CUDA
// wheel index of PyTorch for the driver's CUDA version, `jax[cuda12]`), as the experiment conventions ask.
import type { CoreDiagnostic, TextEdit } from '#core/diagnostic';
import { PYTORCH_INDEXES } from '#core/data/pytorchIndexes';
import { pytorchCudaVersionFor } from '#core/templates/driverCuda';
import { DEFAULT_REQUIRES_PYTHON } from '#core/templates/newExperiment';
import type { Runner } from '#core/launch/launchCommand';
import type { CodeFacts } from '#core/python/readCode';
import { detectEol } from './dependencyEdits';
import { distributionFor } from './providers';
import { isStdlibSomewhere } from './pythonVersions';

export const MISSING_HEADER = 'pep723/missing-header';

export interface MissingHeaderOptions {
  /** `train` and `eval` scripts get the GPU build of their framework. */
  role?: 'train' | 'eval' | 'plot' | 'data';
  localModules?: ReadonlySet<string>;
  /** The newest CUDA version the machine's driver runs (nvidia-smi), when known. */
  driverCuda?: string;
  /** What runs the script (default: uv); with a pixi manifest, `pixi run python` needs no header to run it. */
  runner?: Runner;
}

export function missingHeaderDiagnostic(text: string, code: CodeFacts, options: MissingHeaderOptions): CoreDiagnostic {
  const dependencies = headerDependencies(code, options);
  const header = headerText(dependencies, options, detectEol(text));
  const at = insertionLine(text);
  const edit: TextEdit = { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: header };
  return {
    range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } },
    severity: 'information',
    code: MISSING_HEADER,
    message:
      (options.runner === 'pixi'
        ? 'This experiment script has no `# /// script` header. `pixi run python` runs it in the environment of its pixi manifest, but the header is where an experiment script says what it imports (`uv run` would run it without any of those packages). '
        : 'This experiment script has no `# /// script` header, so `uv run` runs it without any of the packages it imports. ') +
      (dependencies.length
        ? `Add a header that declares ${dependencies.map((d) => '`' + d + '`').join(', ')}.`
        : 'Add a header with `requires-python` and its dependencies.'),
    fixes: [{ title: 'Add a `# /// script` header with the imported packages', edits: [edit], isPreferred: true }],
  };
}

/** Distributions for the script's third-party imports, in the order they are imported (GPU builds for train/eval). */
function headerDependencies(code: CodeFacts, options: MissingHeaderOptions): string[] {
  const gpu = options.role === 'train' || options.role === 'eval';
  const out: string[] = [];
  for (const imp of code.imports) {
    if (imp.typeOnly || imp.optional) continue;
    const top = imp.module.split('.')[0];
    if (isStdlibSomewhere(top) || options.localModules?.has(top)) continue;
    const guess = distributionFor(imp.module);
    if (guess.source === 'guess') continue;
    let name = guess.distribution;
    if (gpu && name === 'jax') name = 'jax[cuda12]';
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function headerText(dependencies: string[], options: MissingHeaderOptions, eol: string): string {
  const lines = ['# /// script', `# requires-python = "${DEFAULT_REQUIRES_PYTHON}"`];
  if (dependencies.length === 0) lines.push('# dependencies = []');
  else lines.push('# dependencies = [', ...dependencies.map((d) => `#     "${d}",`), '# ]');
  const gpu = options.role === 'train' || options.role === 'eval';
  const cuda = gpu && dependencies.includes('torch') && options.driverCuda ? pytorchCudaVersionFor(options.driverCuda) : undefined;
  const index = cuda ? PYTORCH_INDEXES.find((i) => i.cudaVersion === cuda) : undefined;
  if (index) {
    const name = `pytorch-${index.tag}`;
    const pinned = ['torch', 'torchvision', 'torchaudio'].filter((p) => dependencies.includes(p));
    lines.push('#', '# [[tool.uv.index]]', `# name = "${name}"`, `# url = "${index.url}"`, '# explicit = true', '#', '# [tool.uv.sources]');
    for (const p of pinned) lines.push(`# ${p} = { index = "${name}" }`);
  }
  lines.push('# ///');
  return lines.join(eol) + eol;
}

/** The header goes first, after a `#!` line and an encoding declaration, which must stay on the first lines. */
function insertionLine(text: string): number {
  let line = 0;
  let offset = 0;
  for (;;) {
    const nl = text.indexOf('\n', offset);
    const current = text.slice(offset, nl < 0 ? text.length : nl);
    const keep =
      (line === 0 && current.replace(/^\uFEFF/, '').startsWith('#!')) || (line < 2 && /^[ \t\f]*#.*coding[:=][ \t]*[-\w.]+/.test(current));
    if (!keep || nl < 0) return line;
    line++;
    offset = nl + 1;
  }
}
