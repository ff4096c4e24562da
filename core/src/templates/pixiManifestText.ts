// The pixi.toml of a new experiment: one default environment with what the scripts import, GPU-enabled where the
// framework has CUDA builds on conda-forge (so `pixi run python train.py …`, which the launcher uses, gets the GPU).
import type { FrameworkSpec } from './frameworks';

/** conda-forge packages every experiment needs besides the framework: the scripts' CLI, logging and plotting. */
export const COMMON_CONDA_PACKAGES = ['typer', 'loguru', 'matplotlib'];

/** TOML text of `pixi.toml` for an experiment called `name` (already validated: letters, digits, `._-`). */
export function pixiManifestText(name: string, spec: FrameworkSpec, requiresPython: string): string {
  const lines = [
    `# The pixi environment of the experiment "${name}": run its scripts with \`pixi run python train.py <run-name>\`.`,
    '[workspace]',
    `name = "${name}"`,
    'channels = ["conda-forge"]',
    `platforms = [${spec.pixiPlatforms.map((p) => `"${p}"`).join(', ')}]`,
    '',
  ];
  if (spec.pixiCuda) {
    lines.push(
      `# Needs an NVIDIA driver for CUDA ${spec.pixiCuda} or newer; it lets the solver pick the CUDA builds.`,
      `# (Recent pixi releases also take it as platforms = [{ platform = "linux-64", cuda = "${spec.pixiCuda}" }].)`,
      '[system-requirements]',
      `cuda = "${spec.pixiCuda}"`,
      '',
    );
  }
  lines.push('[dependencies]', `python = "${requiresPython}"`);
  for (const name of COMMON_CONDA_PACKAGES) lines.push(`${name} = "*"`);
  for (const dep of spec.condaDependencies) {
    if (dep.comment) lines.push(`# ${dep.comment}`);
    lines.push(dep.build ? `${dep.name} = { version = "${dep.version}", build = "${dep.build}" }` : `${dep.name} = "${dep.version}"`);
  }
  lines.push('');
  return lines.join('\n');
}
