// Conda channels offered in `[tool.pixi.workspace] channels`, most common first, each with what it holds (completion
// detail and hover). pixi turns a bare name into a channel on its default host (https://conda.anaconda.org/<name>
// unless configured otherwise); prefix.dev hosts mirrors of the same channels.

export interface CondaChannel {
  name: string;
  summary: string;
}

export const CONDA_CHANNELS: readonly CondaChannel[] = [
  { name: 'conda-forge', summary: 'The community channel: nearly every package, with CUDA builds of PyTorch, JAX and TensorFlow' },
  { name: 'nvidia', summary: "NVIDIA's channel: CUDA toolkit and libraries (conda-forge has its own CUDA packages)" },
  { name: 'pytorch', summary: "PyTorch's former channel: no new releases since PyTorch 2.5; use conda-forge" },
  { name: 'bioconda', summary: 'Bioinformatics packages (used together with conda-forge)' },
  { name: 'https://prefix.dev/conda-forge', summary: "conda-forge served by prefix.dev, pixi's own host" },
];

const BY_NAME = new Map(CONDA_CHANNELS.map((c) => [c.name, c]));

export function findCondaChannel(name: string): CondaChannel | undefined {
  return BY_NAME.get(name);
}
