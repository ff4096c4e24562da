// "New Experiment…": the files of a self-contained experiment folder, as a pure function of the user's answers.
// The caller writes them (never over an existing file); nothing here touches the disk.
import { evalCode, trainCode, TRAIN_OPTIONS } from './frameworkCode';
import { FrameworkChoice, frameworkSpec, FrameworkSpec } from './frameworks';
import { experimentReadme } from './experimentReadme';
import { validateExperimentName } from './experimentName';
import { pixiManifestText } from './pixiManifestText';
import { evalScript, HeaderParts, plotScript, trainScript } from './scriptSkeletons';

/** `pixi-script`: no manifest; each script's header carries its conda environment (`pixi run --script`). */
export type ExperimentRunner = 'uv' | 'pixi' | 'pixi-script';

export const EXPERIMENT_RUNNERS: readonly ExperimentRunner[] = ['uv', 'pixi', 'pixi-script'];

export const DEFAULT_REQUIRES_PYTHON = '>=3.11';

export interface NewExperimentOptions {
  /** The experiment's folder name (see validateExperimentName). */
  name: string;
  framework: FrameworkChoice;
  runner: ExperimentRunner;
  /**
   * A pixi manifest above the new folder that pixi would use (a path relative to the new folder, e.g. `../pixi.toml`).
   * With the pixi runner no pixi.toml is created then: a nested one would split the environment in two.
   */
  existingPixiManifest?: string;
}

export interface ExperimentFile {
  /** Path inside the experiment folder, with `/` separators. */
  path: string;
  content: string;
}

/** The files to create, train.py last (the Run Explorer lists the experiment once train.py appears). Throws on invalid options. */
export function newExperimentFiles(options: NewExperimentOptions): ExperimentFile[] {
  const problem = validateExperimentName(options.name);
  if (problem) throw new Error(problem);
  if (!EXPERIMENT_RUNNERS.includes(options.runner))
    throw new Error(`Unknown runner ${JSON.stringify(options.runner)}; use uv, pixi or pixi-script.`);
  const spec = frameworkSpec(options.framework);
  const writesPixiManifest = options.runner === 'pixi' && options.existingPixiManifest === undefined;
  const files: ExperimentFile[] = [
    {
      path: 'README.md',
      content: experimentReadme({
        name: options.name,
        spec,
        runner: options.runner,
        writesPixiManifest,
        existingPixiManifest: options.existingPixiManifest,
      }),
    },
  ];
  if (writesPixiManifest) files.push({ path: 'pixi.toml', content: pixiManifestText(options.name, spec, DEFAULT_REQUIRES_PYTHON) });
  const script = options.runner === 'pixi-script';
  files.push(
    { path: 'plot_curves.py', content: plotScript({ header: script ? pixiPlotHeader() : plotHeader(), defaultMetric: 'loss', tail: [] }) },
    {
      path: 'eval.py',
      content: evalScript({ header: script ? pixiModelHeader(spec) : modelHeader(spec), ...evalCode(options.framework) }),
    },
    {
      path: 'train.py',
      content: trainScript({
        header: script ? pixiModelHeader(spec) : modelHeader(spec),
        options: TRAIN_OPTIONS,
        ...trainCode(options.framework),
      }),
    },
  );
  return files;
}

/** train.py and eval.py: the CLI and logging, then the framework (with the CUDA index for PyTorch on CUDA). */
function modelHeader(spec: FrameworkSpec): HeaderParts {
  return { requiresPython: DEFAULT_REQUIRES_PYTHON, dependencies: ['typer', 'loguru', ...spec.pythonDependencies], uvIndex: spec.uvIndex };
}

/** plot_curves.py reads log lines and draws: no framework. */
function plotHeader(): HeaderParts {
  return { requiresPython: DEFAULT_REQUIRES_PYTHON, dependencies: ['typer', 'matplotlib'] };
}

/**
 * For `pixi run --script`: the CLI and logging from PyPI (the portable part), the framework's conda-forge packages
 * under `[tool.pixi]`, with CUDA declared on linux-64 where the framework has CUDA builds.
 */
export function pixiModelHeader(spec: FrameworkSpec): HeaderParts {
  return {
    requiresPython: DEFAULT_REQUIRES_PYTHON,
    dependencies: ['typer', 'loguru'],
    pixi: {
      channels: ['conda-forge'],
      cuda: spec.pixiCuda ? `${spec.pixiCuda}.0` : undefined,
      // conda-forge builds TensorFlow with and without CUDA: a script header asks for the CUDA build explicitly.
      dependencies: spec.condaDependencies.map((d) =>
        d.name === 'tensorflow' && spec.usesGpu ? { name: d.name, version: d.version, build: '*cuda*' } : d,
      ),
    },
  };
}

/** plot_curves.py as a pixi script: plotting needs no conda package, but `[tool.pixi]` makes pixi run it too. */
function pixiPlotHeader(): HeaderParts {
  return { ...plotHeader(), pixi: { channels: ['conda-forge'], dependencies: [] } };
}
