// The README.md of a new experiment: what the three scripts do and how to run each with uv or pixi.
import type { ExperimentRunner } from './newExperiment';
import type { FrameworkSpec } from './frameworks';
import { COMMON_CONDA_PACKAGES } from './pixiManifestText';

export interface ReadmeOptions {
  name: string;
  spec: FrameworkSpec;
  runner: ExperimentRunner;
  /** Whether a pixi.toml is created beside the scripts. */
  writesPixiManifest: boolean;
  /** A pixi manifest above the experiment that pixi will use instead (relative path), if any. */
  existingPixiManifest?: string;
}

const EXAMPLE_RUN = 'runs/2025-02-02T14-30-00-de-risk';

function commands(prefix: string): string[] {
  const rows = [
    [`${prefix}train.py de-risk`, 'creates runs/<date>T<time>-de-risk/ and trains'],
    [`${prefix}eval.py ${EXAMPLE_RUN}`, 'the folder train.py logged; writes its logs/eval.log'],
    [`${prefix}plot_curves.py ${EXAMPLE_RUN}`, 'writes its plots/loss_curve.png'],
  ];
  const width = Math.max(...rows.map(([command]) => command.length));
  return ['```sh', ...rows.map(([command, why]) => `${command.padEnd(width)}  # ${why}`), '```'];
}

export function experimentReadme(o: ReadmeOptions): string {
  const { spec } = o;
  const uvIndex = spec.uvIndex ? ` (torch from the PyTorch index ${spec.uvIndex.url})` : '';
  const uv = [
    '## Run with uv',
    '',
    ...commands('uv run '),
    '',
    `uv installs what each script's \`# /// script\` header lists${uvIndex} into a cached environment of its own.`,
  ];
  const condaNames = ['python', ...COMMON_CONDA_PACKAGES, ...spec.condaDependencies.map((d) => d.name)].join(', ');
  const gpuNote = spec.pixiCuda
    ? ` It asks for CUDA builds, so it installs on machines with an NVIDIA driver for CUDA ${spec.pixiCuda} or newer.`
    : '';
  const pixiEnv = o.writesPixiManifest
    ? `The environment is defined in \`pixi.toml\` (conda-forge: ${condaNames}).${gpuNote}`
    : o.existingPixiManifest
      ? `pixi uses the environment of \`${o.existingPixiManifest}\`; it needs these conda-forge packages: ${condaNames}.`
      : `pixi needs a \`pixi.toml\` (or a \`[tool.pixi]\` table in \`pyproject.toml\`) with these conda-forge packages: ${condaNames}.`;
  const pixi = ['## Run with pixi', '', ...commands('pixi run python '), '', pixiEnv];
  const pixiScript = [
    '## Run with pixi (no manifest)',
    '',
    ...commands('pixi run --script '),
    '',
    "Each script's `# /// script` header lists its conda-forge packages under `[tool.pixi]`" +
      (spec.pixiCuda ? ` and declares CUDA ${spec.pixiCuda} on linux-64, so pixi installs the CUDA builds` : '') +
      '; pixi keeps each environment in its cache. `pixi lock --script train.py` writes `train.py.pixi.lock` beside the script when exact versions should travel with it.',
  ];
  const sections = o.runner === 'pixi-script' ? [pixiScript, uv] : o.runner === 'pixi' ? [pixi, uv] : [uv, pixi];
  return [
    `# ${o.name}`,
    '',
    `An experiment (${spec.label}): \`train.py\` trains and creates a new run folder each time it runs; \`eval.py\` and`,
    '`plot_curves.py` work on a run that already exists. Run every command from this folder.',
    '',
    'Each run lives in `runs/<YYYY-MM-DDTHH-MM-SS>-<run-name>/` with `logs/`, `plots/`, `checkpoints/` and `data/`.',
    "The scripts log `metric {json}` lines to the run's `logs/train.log` and `logs/eval.log`. The model and the",
    'synthetic data in `train.py` are placeholders: replace them with your own.',
    '',
    ...sections[0],
    '',
    ...sections[1],
    '',
  ].join('\n');
}
