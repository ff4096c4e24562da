// Experiment conventions read from the code: Typer rather than argparse, a pinned CUDA build of PyTorch for train
// and eval scripts, run paths that are real run names, and only train creating run folders. All are hints or
// warnings about the experiment's shape; uv runs these scripts either way.
import type { CoreDiagnostic, QuickFix } from '#core/diagnostic';
import { PYTORCH_INDEXES } from '#core/data/pytorchIndexes';
import { findHeaderAtCursor, linesOfText } from '#core/completion/headerAtCursor';
import { headerFacts } from '#core/completion/headerFacts';
import { pytorchIndexTable } from '#core/completion/pytorchIndexTable';
import { normalizeName } from '#core/pep508/requirement';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import type { CodeFacts, ScriptRunPath } from '#core/python/readCode';
import { explainNotARunName, parseRunDirName } from '#core/runs/runName';
import { pytorchCudaVersionFor } from '#core/templates/driverCuda';
import { detectEol, textUpToLine } from '#core/imports/dependencyEdits';
import { ScriptRole } from './scriptRole';

export const ARGPARSE = 'conventions/argparse';
export const TORCH_WITHOUT_CUDA_INDEX = 'conventions/torch-without-cuda-index';
export const EVAL_CREATES_RUN = 'conventions/eval-creates-run';
export const INVALID_RUN_NAME = 'runs/invalid-run-name';
export const MISSING_RUN = 'runs/missing-run';

/** `[tool.uv]` settings that choose where packages come from. */
const INDEX_SETTINGS = ['torch-backend', 'index-url', 'extra-index-url', 'find-links', 'index'];

export function codeConventionDiagnostics(analysis: ScriptAnalysis, code: CodeFacts, role: ScriptRole | undefined): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const argparse = code.imports.find((i) => i.module.split('.')[0] === 'argparse' && !i.typeOnly);
  if (argparse) {
    out.push({
      range: argparse.range,
      severity: 'information',
      code: ARGPARSE,
      message:
        'Experiment scripts take their arguments through Typer (`typer.Argument` / `typer.Option` on the command ' +
        'function), not argparse: the same `--help`, types and errors, with the parameters written once.',
    });
  }
  const torch = torchWithoutIndex(analysis, role);
  if (torch) out.push(torch);
  if (role === 'eval' || role === 'plot') {
    for (const range of code.timedRunPaths) {
      out.push({
        range,
        severity: 'warning',
        code: EVAL_CREATES_RUN,
        message:
          `Only the train script creates run folders; this ${role} script builds a new \`runs/…\` path from the current time. ` +
          'Take the run folder as a Typer argument (`run_path: str = typer.Argument(…)`) and work inside it.',
      });
    }
  }
  for (const p of code.runPaths) {
    const dirName = runDirOf(p);
    if (!dirName || !/^\d{4}/.test(dirName) || parseRunDirName(dirName)) continue;
    out.push({
      range: p.range,
      severity: 'warning',
      code: INVALID_RUN_NAME,
      message:
        `\`runs/${dirName}\` is not a run folder name (${explainNotARunName(dirName)}); run folders are named ` +
        '`YYYY-MM-DDTHH-MM-SS-<name>`, e.g. `runs/2025-02-02T14-30-00-de-risk`.',
    });
  }
  return out;
}

/** The run folder a run path names: `runs/<this>/logs/…`. */
export function runDirOf(p: ScriptRunPath): string | undefined {
  const m = /^(?:\.\/)?runs\/([^/]+)/.exec(p.value);
  return m?.[1];
}

/** The experiment's runs, for `runs/missing-run`. */
export interface RunListing {
  /** Names of the entries of `runs/` that are run folders. */
  runDirNames: ReadonlySet<string>;
}

/** Run paths in code that name a run the experiment does not have. */
export function missingRunDiagnostics(code: CodeFacts, listing: RunListing): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  for (const p of code.runPaths) {
    const dirName = runDirOf(p);
    const parsed = dirName ? parseRunDirName(dirName) : undefined;
    if (!dirName || !parsed || listing.runDirNames.has(dirName)) continue;
    const sameName = [...listing.runDirNames]
      .filter((d) => parseRunDirName(d)?.name === parsed.name)
      .sort()
      .reverse()
      .slice(0, 3);
    const start = p.range.start;
    const replaceRange = { start, end: { line: start.line, character: start.character + p.value.indexOf(dirName) + dirName.length } };
    const prefix = p.value.slice(0, p.value.indexOf(dirName));
    out.push({
      range: p.range,
      severity: 'information',
      code: MISSING_RUN,
      message:
        `No run folder \`runs/${dirName}\` in this experiment: the script fails when it gets there. ` +
        (sameName.length
          ? `Runs named ${parsed.name}: ${sameName.map((d) => '`' + d + '`').join(', ')}.`
          : 'Completion after `runs/` lists the runs there are.'),
      fixes: sameName.map((d, i) => ({
        title: `Use \`runs/${d}\``,
        edits: [{ range: replaceRange, newText: prefix + d }],
        isPreferred: i === 0 && sameName.length === 1,
      })),
    });
  }
  return out;
}

/**
 * A train or eval script that takes `torch` from wherever the installer looks first: on Linux x86-64 that is
 * PyPI's build with the CUDA version of PyTorch's default (often not the one the driver runs best), on macOS and
 * Windows a CPU-only build. Pinning PyTorch's index for the machine's CUDA version makes `uv run` install the same
 * build every time.
 */
function torchWithoutIndex(analysis: ScriptAnalysis, role: ScriptRole | undefined): CoreDiagnostic | undefined {
  if (role !== 'train' && role !== 'eval') return undefined;
  const metadata = analysis.metadata;
  if (!metadata) return undefined;
  const torch = metadata.dependencies.find(
    (d) => d.requirement && normalizeName(d.requirement.name.text) === 'torch' && d.path.length === 2,
  );
  if (!torch || torch.requirement?.url) return undefined;
  // Any index, a torch source or an index setting means the author already chose where packages come from.
  if (metadata.indexes.length > 0 || metadata.sources.some((s) => normalizeName(s.package) === 'torch')) return undefined;
  const tool = analysis.tree?.entries.get('tool')?.value;
  const uv = tool?.kind === 'table' ? tool.entries.get('uv')?.value : undefined;
  if (uv?.kind === 'table' && INDEX_SETTINGS.some((k) => uv.entries.has(k))) return undefined;
  return {
    range: torch.contentRange,
    severity: 'information',
    code: TORCH_WITHOUT_CUDA_INDEX,
    message:
      `This ${role} script takes \`torch\` from PyPI. PyPI's Linux x86-64 wheels bundle one CUDA build (the one that ` +
      'PyTorch release defaults to), its macOS and Windows wheels are CPU-only. Pin the PyTorch index for the CUDA ' +
      "version of the machine's driver (`[[tool.uv.index]]` plus `[tool.uv.sources]`) so that `uv run` installs the same GPU build every time.",
  };
}

/**
 * Fixes for `conventions/torch-without-cuda-index`: the index pair for the CUDA version the driver runs (one
 * preferred fix), or one fix per CUDA version PyTorch publishes when the driver's is unknown.
 */
export function torchIndexFixes(text: string, analysis: ScriptAnalysis, driverCuda: string | undefined): QuickFix[] {
  const block = analysis.block;
  if (!block || block.closeLine <= block.openLine + 1) return [];
  const lines = linesOfText(textUpToLine(text, block.closeLine));
  const header = findHeaderAtCursor(lines, { line: block.openLine + 1, character: 2 });
  if (!header || header.closeLine === undefined) return [];
  const facts = headerFacts(header.body);
  const eol = detectEol(text);
  const wanted = driverCuda ? pytorchCudaVersionFor(driverCuda) : undefined;
  const indexes = wanted ? PYTORCH_INDEXES.filter((i) => i.cudaVersion === wanted) : PYTORCH_INDEXES.filter((i) => i.cudaVersion).reverse();
  const at = { line: header.closeLine, character: 0 };
  return indexes.flatMap((index) => {
    const name = `pytorch-${index.tag}`;
    if (facts.indexNames.includes(name)) return [];
    const table = pytorchIndexTable(index, name, header.body, facts, eol);
    return [
      {
        title: driverCuda
          ? `Pin torch to PyTorch's CUDA ${index.cudaVersion} index (the driver runs CUDA ${driverCuda})`
          : `Pin torch to PyTorch's CUDA ${index.cudaVersion} index`,
        edits: [{ range: { start: at, end: at }, newText: `# ${table.text}${eol}` }, ...(table.additionalEdits ?? [])],
        isPreferred: wanted !== undefined,
      },
    ];
  });
}
