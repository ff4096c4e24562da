// The training frameworks a new experiment can start from, and what each one needs from uv (PEP 723 header) and
// from pixi (conda-forge packages). GPU-enabled variants come first: experiment scripts should use the GPU when
// there is one.
import { PYTORCH_INDEXES } from '#core/data/pytorchIndexes';

export type FrameworkId = 'pytorch-cuda' | 'pytorch-cpu' | 'jax-cuda12' | 'tensorflow' | 'numpy-only';

export type FrameworkChoice =
  | { id: 'pytorch-cuda'; /** `12.8`: one of the CUDA versions PyTorch publishes a wheel index for. */ cudaVersion: string }
  | { id: Exclude<FrameworkId, 'pytorch-cuda'> };

export const FRAMEWORK_IDS: readonly FrameworkId[] = ['pytorch-cuda', 'pytorch-cpu', 'jax-cuda12', 'tensorflow', 'numpy-only'];

/** CUDA versions with a PyTorch wheel index, newest first. */
export const PYTORCH_CUDA_VERSIONS: readonly string[] = PYTORCH_INDEXES.flatMap((i) => (i.cudaVersion ? [i.cudaVersion] : [])).sort(
  (a, b) => compareVersions(b, a),
);

/** A `[[tool.uv.index]]` the header declares, with the packages routed to it through `[tool.uv.sources]`. */
export interface UvIndexSpec {
  name: string;
  url: string;
  packages: string[];
}

/** A conda-forge dependency of the pixi environment: `version` is the match spec, `build` an optional build-string glob. */
export interface CondaDependency {
  name: string;
  version: string;
  build?: string;
  /** Why it is there, written as a comment above it. */
  comment?: string;
}

export interface FrameworkSpec {
  choice: FrameworkChoice;
  /** Short name for pickers and the experiment's README, e.g. `PyTorch on CUDA 12.8`. */
  label: string;
  /** One line on what the scripts get. */
  description: string;
  /** PEP 508 requirements of the model scripts (train.py, eval.py), besides typer and loguru. */
  pythonDependencies: string[];
  uvIndex?: UvIndexSpec;
  /** conda-forge packages of the pixi environment for the model scripts, besides python, typer, loguru, matplotlib. */
  condaDependencies: CondaDependency[];
  /** The CUDA major version the pixi environment requires of the machine (`[system-requirements] cuda`). */
  pixiCuda?: string;
  /** conda platforms the pixi environment is solved for. */
  pixiPlatforms: string[];
  /** Whether the scripts use a GPU when there is one. */
  usesGpu: boolean;
}

const GPU_PLATFORMS = ['linux-64'];

/** Everything the templates need to know about a framework choice. Throws on a choice that is not one of ours. */
export function frameworkSpec(choice: FrameworkChoice): FrameworkSpec {
  switch (choice.id) {
    case 'pytorch-cuda': {
      const cuda = choice.cudaVersion;
      const index = PYTORCH_INDEXES.find((i) => i.cudaVersion === cuda);
      if (!index) throw new Error(`PyTorch publishes no wheel index for CUDA ${cuda}; use one of ${PYTORCH_CUDA_VERSIONS.join(', ')}.`);
      return {
        choice,
        label: `PyTorch on CUDA ${cuda}`,
        description: `torch from the PyTorch ${index.tag} wheel index; runs on the GPU when there is one`,
        pythonDependencies: ['torch'],
        uvIndex: { name: `pytorch-${index.tag}`, url: index.url, packages: ['torch'] },
        condaDependencies: [
          { name: 'pytorch-gpu', version: '*' },
          {
            name: 'cuda-version',
            version: `${cuda}.*`,
            comment: `The CUDA release the packages are built for; lower it if the driver is older.`,
          },
        ],
        pixiCuda: cuda.split('.')[0],
        pixiPlatforms: GPU_PLATFORMS,
        usesGpu: true,
      };
    }
    case 'pytorch-cpu':
      return {
        choice,
        label: 'PyTorch on the CPU',
        description: 'torch from PyPI, for machines without an NVIDIA GPU',
        pythonDependencies: ['torch'],
        condaDependencies: [{ name: 'pytorch-cpu', version: '*' }],
        pixiPlatforms: ['linux-64', 'osx-arm64'],
        usesGpu: false,
      };
    case 'jax-cuda12':
      return {
        choice,
        label: 'JAX on CUDA 12',
        description: 'jax[cuda12]: JAX with its CUDA 12 wheels',
        pythonDependencies: ['jax[cuda12]', 'numpy'],
        condaDependencies: [
          { name: 'jax', version: '*' },
          { name: 'jaxlib', version: '*', build: '*cuda*', comment: "Asks for conda-forge's CUDA build of jaxlib." },
          { name: 'numpy', version: '*' },
        ],
        pixiCuda: '12',
        pixiPlatforms: GPU_PLATFORMS,
        usesGpu: true,
      };
    case 'tensorflow':
      return {
        choice,
        label: 'TensorFlow',
        description: 'tensorflow: uses the GPU when CUDA and cuDNN are present',
        pythonDependencies: ['tensorflow', 'numpy'],
        condaDependencies: [
          {
            name: 'tensorflow',
            version: '*',
            comment: 'conda-forge builds tensorflow with and without CUDA; `pixi list tensorflow` shows which one was installed.',
          },
          { name: 'numpy', version: '*' },
        ],
        pixiCuda: '12',
        pixiPlatforms: GPU_PLATFORMS,
        usesGpu: true,
      };
    case 'numpy-only':
      return {
        choice,
        label: 'NumPy only',
        description: 'no deep-learning framework: a small NumPy model to replace',
        pythonDependencies: ['numpy'],
        condaDependencies: [{ name: 'numpy', version: '*' }],
        pixiPlatforms: ['linux-64', 'osx-arm64', 'win-64'],
        usesGpu: false,
      };
    default:
      throw new Error(`Unknown framework ${JSON.stringify((choice as { id: unknown }).id)}; use one of ${FRAMEWORK_IDS.join(', ')}.`);
  }
}

/** Every framework choice, in the order a picker shows them: PyTorch on each CUDA version (newest first), then the rest. */
export function allFrameworkChoices(): FrameworkChoice[] {
  return [
    ...PYTORCH_CUDA_VERSIONS.map((cudaVersion): FrameworkChoice => ({ id: 'pytorch-cuda', cudaVersion })),
    { id: 'pytorch-cpu' },
    { id: 'jax-cuda12' },
    { id: 'tensorflow' },
    { id: 'numpy-only' },
  ];
}

/** Reads a framework choice handed in from outside (a command argument, saved state); a message when it is not one. */
export function parseFrameworkChoice(value: unknown, cudaVersion?: unknown): FrameworkChoice | string {
  if (typeof value !== 'string' || !(FRAMEWORK_IDS as readonly string[]).includes(value)) {
    return `Unknown framework ${JSON.stringify(value)}; use one of ${FRAMEWORK_IDS.join(', ')}.`;
  }
  if (value !== 'pytorch-cuda') return { id: value as Exclude<FrameworkId, 'pytorch-cuda'> };
  const cuda = cudaVersion ?? PYTORCH_CUDA_VERSIONS[0];
  if (typeof cuda !== 'string' || !PYTORCH_CUDA_VERSIONS.includes(cuda)) {
    return `PyTorch publishes no wheel index for CUDA ${JSON.stringify(cuda)}; use one of ${PYTORCH_CUDA_VERSIONS.join(', ')}.`;
  }
  return { id: 'pytorch-cuda', cudaVersion: cuda };
}

/** Same choice? (For pre-selecting an item in a picker.) */
export function sameFramework(a: FrameworkChoice, b: FrameworkChoice): boolean {
  return a.id === b.id && (a.id !== 'pytorch-cuda' || (b.id === 'pytorch-cuda' && a.cudaVersion === b.cudaVersion));
}

/** `12.8` vs `12.10`: numeric per part. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
