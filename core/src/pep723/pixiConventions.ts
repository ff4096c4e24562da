// The GPU convention for pixi scripts: a train or eval script should get the CUDA build of its framework from
// conda-forge, and the solver can only choose CUDA builds when the header declares CUDA for the platform. Without
// both, pixi quietly installs CPU builds (or cannot solve). Information hints, with quick fixes: pixi runs the
// script either way.
import type { CoreDiagnostic, QuickFix } from '#core/diagnostic';
import { CondaPackage, findCondaPackage } from '#core/data/condaPackages';
import { DEFAULT_PIXI_CUDA } from './pixiEdits';
import type { PixiCondaDependency, PixiScript } from './toolPixi';

type Framework = NonNullable<CondaPackage['framework']>;

const FRAMEWORK_NAMES: Readonly<Record<Framework, string>> = { pytorch: 'PyTorch', jax: 'JAX', tensorflow: 'TensorFlow' };

/** Hints for a train or eval script run by `pixi run --script`. */
export function pixiGpuHints(pixi: PixiScript, role: 'train' | 'eval'): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const byFramework = new Map<Framework, PixiCondaDependency[]>();
  for (const dep of pixi.condaDependencies) {
    const framework = findCondaPackage(dep.name)?.framework;
    if (framework) byFramework.set(framework, [...(byFramework.get(framework) ?? []), dep]);
  }
  const cudaDeclared = pixi.systemCuda !== undefined || pixi.platforms.some((p) => p.cuda !== undefined);
  const declare = cudaDeclared ? undefined : pixi.declareCuda(DEFAULT_PIXI_CUDA);
  for (const [framework, deps] of byFramework) {
    const cudaBuild = deps.some((d) => asksForCudaBuild(d));
    if (cudaBuild && cudaDeclared) continue;
    const anchor = deps.find((d) => findCondaPackage(d.name)?.gpu !== undefined) ?? deps[0];
    const name = FRAMEWORK_NAMES[framework];
    const missing: string[] = [];
    const fixes: QuickFix[] = [];
    if (!cudaBuild) {
      missing.push(`asks for no CUDA build of ${name} (${cudaBuildWords(framework)})`);
      const fix = cudaBuildFix(framework, deps, pixi);
      if (fix) fixes.push(fix);
    }
    if (!cudaDeclared) {
      missing.push(
        cudaBuild
          ? 'declares no CUDA for its platform, which the CUDA build needs to be installed'
          : 'declares no CUDA for its platform, so the solver can only choose CPU builds',
      );
      if (declare) fixes.push({ title: `Declare CUDA ${DEFAULT_PIXI_CUDA} on linux-64`, edits: declare });
    }
    if (fixes.length === 1) fixes[0].isPreferred = true;
    out.push({
      range: anchor.keyRange,
      severity: 'information',
      code: 'conventions/pixi-without-gpu',
      message:
        `This ${role} script's pixi environment ${missing.join(' and ')}` +
        (cudaBuild ? '. ' : ': it runs on the CPU. ') +
        'Experiment scripts should use the GPU where there is one.',
      fixes: fixes.length ? fixes : undefined,
    });
  }
  return out;
}

function asksForCudaBuild(dep: PixiCondaDependency): boolean {
  if (dep.build !== undefined && /cuda/i.test(dep.build)) return true;
  return findCondaPackage(dep.name)?.gpu === 'cuda';
}

function cudaBuildWords(framework: Framework): string {
  switch (framework) {
    case 'pytorch':
      return '`pytorch-gpu` does';
    case 'jax':
      return '`jaxlib = { version = "*", build = "*cuda*" }` does';
    case 'tensorflow':
      return '`tensorflow-gpu` does';
  }
}

/** Renames `pytorch`/`pytorch-cpu` to `pytorch-gpu` (TensorFlow alike), or asks for jaxlib's CUDA build. */
function cudaBuildFix(framework: Framework, deps: PixiCondaDependency[], pixi: PixiScript): QuickFix | undefined {
  if (framework === 'jax') {
    const jaxlib = deps.find((d) => d.name === 'jaxlib');
    if (jaxlib) {
      if (!jaxlib.plainLine) return undefined;
      const version = jaxlib.version ?? '*';
      return {
        title: 'Ask for the CUDA build of jaxlib',
        edits: [{ range: jaxlib.valueRange, newText: `{ version = ${JSON.stringify(version)}, build = "*cuda*" }` }],
      };
    }
    const jax = deps.find((d) => d.name === 'jax');
    if (!jax || !jax.plainLine) return undefined;
    const at = { line: jax.keyRange.start.line + 1, character: 0 };
    return {
      title: 'Add the CUDA build of jaxlib',
      edits: [{ range: { start: at, end: at }, newText: `# jaxlib = { version = "*", build = "*cuda*" }${pixi.eol}` }],
    };
  }
  const gpuName = framework === 'pytorch' ? 'pytorch-gpu' : 'tensorflow-gpu';
  if (deps.some((d) => d.name === gpuName)) return undefined;
  const rename = deps.find((d) => findCondaPackage(d.name)?.cudaForm?.name === gpuName && !d.build);
  if (!rename) return undefined;
  return { title: `Use \`${gpuName}\` (the CUDA build)`, edits: [{ range: rename.keyRange, newText: gpuName }] };
}
