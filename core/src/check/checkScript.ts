// The whole check of one script: its PEP 723 header (pep723/analyze.ts), and, when a Python parser is at hand,
// its imports against the header and the experiment conventions read from its code. What lies on disk (the files
// beside the script, the experiment's runs and pixi manifest) comes in as options, so the check itself stays pure.
// Which tool runs the script (uv, or pixi with the header's or a manifest's environment) decides how the import
// findings are worded and which convention hints hold (conventions/scriptRunner.ts).
import type { CoreDiagnostic } from '#core/diagnostic';
import { analyzeScript, ScriptAnalysis } from '#core/pep723/analyze';
import type { CodeFacts, PythonCodeReader } from '#core/python/readCode';
import { importDiagnostics } from '#core/imports/importDiagnostics';
import { dependencyNameDiagnostics } from '#core/imports/dependencyNames';
import { missingHeaderDiagnostic } from '#core/imports/missingHeader';
import { codeConventionDiagnostics, missingRunDiagnostics, RunListing } from '#core/conventions/codeConventions';
import { scriptRole } from '#core/conventions/scriptRole';
import { holdsForRunner, scriptRunner } from '#core/conventions/scriptRunner';
import { readScriptSlurmDefaults } from '#core/slurm/scriptDefaults';

const MAIN_GUARD = /__name__\s*==\s*['"]__main__['"]/;

export interface CheckOptions {
  /** The script's file name (`train.py`): its role decides a few checks. */
  fileName?: string;
  /** Reads the code; without one, only the header is checked. */
  reader?: PythonCodeReader;
  /** Modules importable from the script's folder (`utils` for utils.py). */
  localModules?: ReadonlySet<string>;
  /** The script lives in an experiment folder (one with `train.py` or `runs/`). */
  inExperiment?: boolean;
  /** The experiment's runs, when known: run paths in code are checked against them. */
  runs?: RunListing;
  /** The pixi manifest (`pixi.toml`, or `pyproject.toml` with `[tool.pixi]`) that applies to the experiment, if any. */
  pixiManifest?: string;
  /** The newest CUDA version the machine's driver runs, when known. */
  driverCuda?: string;
}

export interface ScriptCheck {
  analysis: ScriptAnalysis;
  /** What was read from the code (absent without a reader). */
  code?: CodeFacts;
  /** Every finding, sorted by position. */
  diagnostics: CoreDiagnostic[];
}

export function checkScript(text: string, options: CheckOptions = {}): ScriptCheck {
  const analysis = analyzeScript(text, { fileName: options.fileName });
  let diagnostics = [...analysis.diagnostics];
  const role = scriptRole(options.fileName);
  const runner = scriptRunner(analysis, options.pixiManifest);
  const code = options.reader?.read(text);
  // An experiment script: named for its role, or a runnable script (`if __name__ == "__main__":`) in an experiment
  // folder; a helper module beside them is not one.
  const experimentScript = role !== undefined || (options.inExperiment === true && MAIN_GUARD.test(text));
  // The SLURM defaults table: values a launch would ignore are warnings where they are written (uv ignores the table).
  diagnostics.push(...readScriptSlurmDefaults(analysis).problems);
  const names = dependencyNameDiagnostics(text, analysis, code);
  diagnostics.push(...names.diagnostics);
  if (code) {
    const headerless = !analysis.primary && !diagnostics.some((d) => d.code === 'pep723/ignored-tag');
    if (headerless && experimentScript) {
      diagnostics.push(
        missingHeaderDiagnostic(text, code, { role, localModules: options.localModules, driverCuda: options.driverCuda, runner }),
      );
    }
    if (analysis.metadata) {
      diagnostics.push(
        ...importDiagnostics(text, analysis, code, { localModules: options.localModules, suspects: names.suspects, runner }),
      );
    }
    if (analysis.metadata || experimentScript) {
      diagnostics.push(...codeConventionDiagnostics(analysis, code, role));
      if (options.runs) diagnostics.push(...missingRunDiagnostics(code, options.runs));
    }
  }
  diagnostics = diagnostics.filter((d) => holdsForRunner(d, runner, analysis));
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { analysis, code, diagnostics };
}
