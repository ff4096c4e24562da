// Which tool runs a script, as the checks see it: the launcher's own rule for the default setting (`auto`,
// core/src/launch/launchCommand.ts): `pixi run --script` for a header with `[tool.pixi]`, `pixi run python` in an
// experiment with a pixi manifest, else `uv run`. Some hints give advice that only uv follows (`[[tool.uv.index]]`,
// `[tool.uv.sources]`), or read a header that `pixi run python` never reads: they are kept for the runs they fit.
import type { CoreDiagnostic } from '#core/diagnostic';
import { findCondaPackage } from '#core/data/condaPackages';
import { resolveRunner, Runner } from '#core/launch/launchCommand';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import { TORCH_WITHOUT_CUDA_INDEX } from './codeConventions';

/** The runner `auto` chooses for the script; `pixiManifest`: the manifest that applies to its experiment, if any. */
export function scriptRunner(analysis: ScriptAnalysis, pixiManifest: string | undefined): Runner {
  return resolveRunner('auto', pixiManifest, analysis.metadata?.pixi !== undefined);
}

/** Hints about where PyTorch comes from, answered with uv's index settings, which pixi does not read. */
const UV_INDEX_HINTS: ReadonlySet<string> = new Set([TORCH_WITHOUT_CUDA_INDEX, 'conventions/torch-cpu-index']);
/** The hint that plain `jax` from PyPI is CPU-only (fix: `jax[cuda12]`). */
const JAX_WITHOUT_GPU = 'conventions/jax-without-gpu';

/**
 * Whether a diagnostic's advice holds for the runner. The uv index hints hold only for uv; with a pixi manifest no
 * header GPU hint holds (the manifest's environment is what runs); in a pixi script, the PyPI `jax` hint gives way
 * to the pixi GPU hint (conventions/pixi-without-gpu) when the script takes JAX from conda, and holds otherwise:
 * pixi installs `dependencies` from PyPI too, where `jax[cuda12]` is the GPU build.
 */
export function holdsForRunner(diagnostic: Pick<CoreDiagnostic, 'code'>, runner: Runner, analysis: ScriptAnalysis): boolean {
  const code = diagnostic.code;
  if (runner === 'uv' || runner === 'python') return true;
  if (UV_INDEX_HINTS.has(code)) return false;
  if (code !== JAX_WITHOUT_GPU) return true;
  if (runner === 'pixi') return false;
  return !(analysis.metadata?.pixi?.condaDependencies ?? []).some((d) => findCondaPackage(d.name)?.framework === 'jax');
}
