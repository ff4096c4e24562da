// What a few of the most used distributions require, so that an import of `numpy` in a script that only declares
// `pandas` can be described as it is: it works today because `pandas` brings it, but the script does not say so.
// Only required (not optional) dependencies, from each project's own metadata; a missing entry only changes the
// wording and severity of that message.

export const KNOWN_REQUIREMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['pandas', ['numpy', 'python-dateutil', 'pytz', 'tzdata']],
  ['matplotlib', ['numpy', 'pillow', 'contourpy', 'cycler', 'fonttools', 'kiwisolver', 'packaging', 'pyparsing', 'python-dateutil']],
  ['seaborn', ['numpy', 'pandas', 'matplotlib']],
  ['scipy', ['numpy']],
  ['scikit-learn', ['numpy', 'scipy', 'joblib', 'threadpoolctl']],
  ['scikit-image', ['numpy', 'scipy', 'pillow', 'imageio', 'networkx', 'tifffile', 'packaging', 'lazy-loader']],
  ['statsmodels', ['numpy', 'scipy', 'pandas', 'patsy', 'packaging']],
  ['torchvision', ['torch', 'numpy', 'pillow']],
  ['torchaudio', ['torch']],
  ['lightning', ['torch', 'pyyaml', 'tqdm', 'torchmetrics', 'fsspec', 'packaging', 'typing-extensions', 'lightning-utilities']],
  ['pytorch-lightning', ['torch', 'pyyaml', 'tqdm', 'torchmetrics', 'fsspec', 'packaging', 'typing-extensions', 'lightning-utilities']],
  ['torchmetrics', ['torch', 'numpy', 'packaging', 'lightning-utilities']],
  ['timm', ['torch', 'torchvision', 'pyyaml', 'huggingface-hub', 'safetensors']],
  [
    'transformers',
    ['numpy', 'huggingface-hub', 'tokenizers', 'safetensors', 'pyyaml', 'requests', 'tqdm', 'regex', 'packaging', 'filelock'],
  ],
  ['datasets', ['numpy', 'pandas', 'pyarrow', 'huggingface-hub', 'requests', 'tqdm', 'fsspec', 'pyyaml', 'dill', 'filelock', 'packaging']],
  ['accelerate', ['torch', 'numpy', 'pyyaml', 'psutil', 'huggingface-hub', 'safetensors', 'packaging']],
  ['sentence-transformers', ['torch', 'transformers', 'scikit-learn', 'scipy', 'huggingface-hub', 'pillow', 'tqdm']],
  ['jax', ['numpy', 'jaxlib', 'ml-dtypes', 'opt-einsum', 'scipy']],
  ['flax', ['jax', 'numpy', 'optax', 'msgpack', 'orbax-checkpoint', 'rich', 'pyyaml', 'tensorstore']],
  ['optax', ['jax', 'jaxlib', 'numpy', 'chex', 'absl-py']],
  ['tensorflow', ['numpy', 'keras', 'h5py', 'protobuf', 'absl-py', 'grpcio', 'ml-dtypes', 'opt-einsum', 'packaging', 'requests']],
  ['keras', ['numpy', 'h5py', 'rich', 'absl-py', 'namex', 'optree', 'ml-dtypes', 'packaging']],
  ['xgboost', ['numpy', 'scipy']],
  ['lightgbm', ['numpy', 'scipy']],
  [
    'librosa',
    ['numpy', 'scipy', 'scikit-learn', 'soundfile', 'numba', 'joblib', 'decorator', 'audioread', 'pooch', 'soxr', 'lazy-loader', 'msgpack'],
  ],
  ['imageio', ['numpy', 'pillow']],
  ['opencv-python', ['numpy']],
  ['opencv-python-headless', ['numpy']],
  ['gymnasium', ['numpy', 'cloudpickle', 'typing-extensions', 'farama-notifications']],
  ['optuna', ['numpy', 'sqlalchemy', 'alembic', 'tqdm', 'pyyaml', 'colorlog', 'packaging']],
  ['typer', ['click', 'rich', 'shellingham', 'typing-extensions']],
  ['rich', ['pygments', 'markdown-it-py']],
  ['requests', ['urllib3', 'idna', 'certifi', 'charset-normalizer']],
  ['httpx', ['httpcore', 'anyio', 'certifi', 'idna']],
  ['wandb', ['requests', 'pyyaml', 'click', 'protobuf', 'psutil', 'pydantic', 'sentry-sdk', 'gitpython', 'platformdirs', 'packaging']],
  ['huggingface-hub', ['requests', 'tqdm', 'pyyaml', 'filelock', 'fsspec', 'packaging', 'typing-extensions']],
]);
