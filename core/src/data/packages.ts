// Curated distribution names offered inside `dependencies` strings. Kept short on purpose: these are the packages
// experiment scripts reach for most, each with one line that says what it is for (shown beside the completion).

export interface KnownExtra {
  name: string;
  summary: string;
}

export interface KnownPackage {
  /** The distribution name as published on PyPI (what goes in `dependencies`). */
  name: string;
  summary: string;
  /** Extras worth knowing about; GPU variants first. */
  extras?: KnownExtra[];
}

export const KNOWN_PACKAGES: readonly KnownPackage[] = [
  // Frameworks
  { name: 'torch', summary: 'PyTorch: tensors and neural networks with GPU acceleration' },
  { name: 'torchvision', summary: 'Image datasets, transforms and pretrained vision models for PyTorch' },
  { name: 'torchaudio', summary: 'Audio loading, transforms and models for PyTorch' },
  {
    name: 'jax',
    summary: 'Composable transformations of NumPy programs: grad, jit, vmap, on CPU, GPU or TPU',
    extras: [
      { name: 'cuda12', summary: 'GPU build with CUDA 12 libraries installed from wheels' },
      { name: 'cuda13', summary: 'GPU build with CUDA 13 libraries installed from wheels' },
      { name: 'cuda12-local', summary: 'GPU build that uses a CUDA 12 already installed on the machine' },
      { name: 'tpu', summary: 'Build for Cloud TPUs' },
    ],
  },
  { name: 'flax', summary: 'Neural network layers and training utilities for JAX' },
  { name: 'optax', summary: 'Gradient transformations and optimizers for JAX' },
  { name: 'equinox', summary: 'PyTorch-like neural networks as JAX pytrees' },
  {
    name: 'tensorflow',
    summary: 'TensorFlow: end-to-end machine learning platform (uses the GPU when CUDA is present)',
    extras: [{ name: 'and-cuda', summary: 'Also installs the CUDA libraries TensorFlow needs on Linux' }],
  },
  { name: 'keras', summary: 'High-level deep learning API running on JAX, TensorFlow or PyTorch' },
  { name: 'lightning', summary: 'Lightning: structured PyTorch training loops, multi-GPU and checkpoints' },
  { name: 'pytorch-lightning', summary: "The older package name of Lightning's PyTorch trainer" },
  { name: 'xgboost', summary: 'Gradient-boosted trees, with GPU training' },
  { name: 'lightgbm', summary: 'Fast gradient-boosted trees' },
  { name: 'catboost', summary: 'Gradient-boosted trees with native categorical features' },
  // Numerics and data
  { name: 'numpy', summary: 'N-dimensional arrays and numerical computing' },
  { name: 'scipy', summary: 'Scientific algorithms: optimisation, statistics, signal processing, sparse matrices' },
  { name: 'pandas', summary: 'DataFrames for tabular data' },
  { name: 'polars', summary: 'Fast DataFrames with a lazy query engine' },
  { name: 'pyarrow', summary: 'Apache Arrow columnar memory and Parquet files' },
  { name: 'scikit-learn', summary: 'Classical machine learning: models, metrics and preprocessing' },
  { name: 'h5py', summary: 'Read and write HDF5 files' },
  { name: 'zarr', summary: 'Chunked, compressed N-dimensional arrays on disk' },
  { name: 'numba', summary: 'JIT compiler for numerical Python, including CUDA kernels' },
  // Plotting
  { name: 'matplotlib', summary: 'Plots and figures' },
  { name: 'seaborn', summary: 'Statistical plots on top of matplotlib' },
  { name: 'plotly', summary: 'Interactive plots' },
  // Command line, logging and progress
  { name: 'typer', summary: 'Command-line interfaces from type hints' },
  { name: 'loguru', summary: 'Logging with one ready-made logger and file sinks' },
  { name: 'rich', summary: 'Coloured terminal output, tables and progress bars' },
  { name: 'tqdm', summary: 'Progress bars for loops' },
  { name: 'pydantic', summary: 'Data validation and settings from type hints' },
  { name: 'pyyaml', summary: 'Read and write YAML files' },
  { name: 'hydra-core', summary: 'Hydra: compose configuration from YAML files and the command line' },
  { name: 'omegaconf', summary: 'Hierarchical configuration objects (YAML, dot access, interpolation)' },
  // Models and training helpers
  {
    name: 'transformers',
    summary: 'Hugging Face Transformers: pretrained text, vision and audio models',
    extras: [
      { name: 'torch', summary: 'Installs PyTorch alongside' },
      { name: 'sentencepiece', summary: 'Tokenizers that need SentencePiece' },
    ],
  },
  {
    name: 'datasets',
    summary: 'Hugging Face Datasets: load and process datasets with memory mapping',
    extras: [
      { name: 'audio', summary: 'Audio decoding support' },
      { name: 'vision', summary: 'Image decoding support' },
    ],
  },
  { name: 'accelerate', summary: 'Run the same PyTorch loop on one GPU, many GPUs or mixed precision' },
  { name: 'peft', summary: 'Parameter-efficient fine-tuning (LoRA and friends)' },
  { name: 'safetensors', summary: 'Safe, fast tensor serialisation format' },
  { name: 'tokenizers', summary: 'Fast tokenizers written in Rust' },
  { name: 'huggingface-hub', summary: 'Download and upload models and datasets on the Hugging Face Hub' },
  { name: 'timm', summary: 'PyTorch image models with pretrained weights' },
  { name: 'sentence-transformers', summary: 'Sentence and text embeddings' },
  { name: 'diffusers', summary: 'Diffusion models for images and audio' },
  { name: 'bitsandbytes', summary: '8-bit and 4-bit quantisation and optimizers for PyTorch on GPU' },
  { name: 'einops', summary: 'Readable tensor reshaping: rearrange, reduce, repeat' },
  { name: 'torchmetrics', summary: 'Metrics for PyTorch, including distributed evaluation' },
  { name: 'gymnasium', summary: 'Reinforcement learning environments' },
  { name: 'optuna', summary: 'Hyperparameter search' },
  {
    name: 'ray',
    summary: 'Distributed Python: parallel tasks, tuning and training',
    extras: [
      { name: 'tune', summary: 'Hyperparameter tuning' },
      { name: 'train', summary: 'Distributed training' },
      { name: 'data', summary: 'Distributed data loading' },
    ],
  },
  // Experiment tracking
  { name: 'wandb', summary: 'Weights & Biases experiment tracking' },
  { name: 'mlflow', summary: 'Experiment tracking and model registry' },
  { name: 'tensorboard', summary: 'TensorBoard dashboards for scalars, images and graphs' },
  // Images, audio, files
  { name: 'pillow', summary: 'Read, write and edit images (imported as PIL)' },
  { name: 'opencv-python', summary: 'OpenCV computer vision (imported as cv2)' },
  { name: 'opencv-python-headless', summary: 'OpenCV without GUI libraries, for servers (imported as cv2)' },
  { name: 'imageio', summary: 'Read and write images and videos' },
  { name: 'scikit-image', summary: 'Image processing algorithms (imported as skimage)' },
  { name: 'soundfile', summary: 'Read and write audio files' },
  { name: 'librosa', summary: 'Audio and music analysis' },
  { name: 'requests', summary: 'HTTP requests' },
  { name: 'httpx', summary: 'HTTP client with async support' },
];

const byName = new Map(KNOWN_PACKAGES.map((p) => [p.name, p]));

/** PEP 503 normalisation: case-insensitive, runs of `-`, `_`, `.` are equal. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function findKnownPackage(name: string): KnownPackage | undefined {
  return byName.get(normalizePackageName(name));
}
