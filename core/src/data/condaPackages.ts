// Curated conda-forge packages offered as keys of `[tool.pixi.dependencies]`: the ML frameworks with their CUDA and
// CPU variants first, then the CUDA pieces and the packages experiment scripts reach for. Each has one line that
// says what it is for (completion detail and hover), and `gpu` says which build the name selects.

export type CondaBuildKind =
  /** Always a CUDA build (a metapackage that requires one, or a CUDA-only library). */
  | 'cuda'
  /** Always a CPU build. */
  | 'cpu'
  /** CUDA or CPU build, depending on whether CUDA is declared for the platform. */
  | 'either';

export interface CondaPackage {
  name: string;
  summary: string;
  /** For frameworks and GPU libraries: which build the name gets. */
  gpu?: CondaBuildKind;
  /** The framework the package belongs to, for the GPU hint. */
  framework?: 'pytorch' | 'jax' | 'tensorflow';
  /** What to write to get the CUDA build, when the name alone does not. */
  cudaForm?: { name: string; value: string };
}

export const CONDA_PACKAGES: readonly CondaPackage[] = [
  {
    name: 'pytorch-gpu',
    summary: 'PyTorch, CUDA build only: the solve fails rather than fall back to the CPU',
    gpu: 'cuda',
    framework: 'pytorch',
  },
  {
    name: 'pytorch',
    summary: 'PyTorch: the CUDA build where CUDA is declared for the platform, else the CPU build',
    gpu: 'either',
    framework: 'pytorch',
    cudaForm: { name: 'pytorch-gpu', value: '"*"' },
  },
  {
    name: 'pytorch-cpu',
    summary: 'PyTorch, CPU build only',
    gpu: 'cpu',
    framework: 'pytorch',
    cudaForm: { name: 'pytorch-gpu', value: '"*"' },
  },
  { name: 'torchvision', summary: 'Image datasets, transforms and pretrained vision models for PyTorch' },
  { name: 'torchaudio', summary: 'Audio loading, transforms and models for PyTorch' },
  { name: 'jax', summary: 'JAX: composable transformations of NumPy programs (the compiled part is `jaxlib`)', framework: 'jax' },
  {
    name: 'jaxlib',
    summary: 'The compiled backend of JAX; `build = "*cuda*"` selects the CUDA builds',
    gpu: 'either',
    framework: 'jax',
    cudaForm: { name: 'jaxlib', value: '{ version = "*", build = "*cuda*" }' },
  },
  {
    name: 'tensorflow-gpu',
    summary: 'TensorFlow, CUDA build only',
    gpu: 'cuda',
    framework: 'tensorflow',
  },
  {
    name: 'tensorflow',
    summary: 'TensorFlow: the CUDA build where CUDA is declared for the platform, else the CPU build',
    gpu: 'either',
    framework: 'tensorflow',
    cudaForm: { name: 'tensorflow-gpu', value: '"*"' },
  },
  {
    name: 'tensorflow-cpu',
    summary: 'TensorFlow, CPU build only',
    gpu: 'cpu',
    framework: 'tensorflow',
    cudaForm: { name: 'tensorflow-gpu', value: '"*"' },
  },
  {
    name: 'cuda-version',
    summary: 'Pins the CUDA release the packages are built for, e.g. `"12.8.*"`; keep it at or below what the driver supports',
  },
  { name: 'cudnn', summary: "NVIDIA's deep-learning primitives for CUDA (usually pulled in by the frameworks)", gpu: 'cuda' },
  { name: 'nccl', summary: "NVIDIA's multi-GPU communication library", gpu: 'cuda' },
  { name: 'cuda-nvcc', summary: 'The CUDA compiler, for building CUDA extensions', gpu: 'cuda' },
  { name: 'cupy', summary: 'NumPy-compatible arrays on NVIDIA GPUs', gpu: 'cuda' },
  { name: 'python', summary: 'The Python interpreter; a version here takes precedence over `requires-python`' },
  { name: 'numpy', summary: 'N-dimensional arrays and numerical computing' },
  { name: 'pandas', summary: 'Data frames for tabular data' },
  { name: 'scikit-learn', summary: 'Classical machine learning: models, metrics, preprocessing' },
  { name: 'matplotlib', summary: 'Plotting' },
  { name: 'typer', summary: 'Command-line interfaces from type hints (the experiment scripts take their arguments with it)' },
  { name: 'loguru', summary: 'Simple logging (the experiment scripts log metric lines with it)' },
  { name: 'tqdm', summary: 'Progress bars' },
];

const BY_NAME = new Map(CONDA_PACKAGES.map((p) => [p.name, p]));

/** The curated entry for a conda package name (conda names are lower case). */
export function findCondaPackage(name: string): CondaPackage | undefined {
  return BY_NAME.get(name.toLowerCase());
}
