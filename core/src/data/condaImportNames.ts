// What conda packages provide to `import`, for the import checks of pixi scripts. Most conda-forge packages of
// Python libraries carry the PyPI name (`numpy`, `scikit-learn`, `typer`), and for those the PyPI tables in
// importNames.ts apply as they are. This table holds the conda-forge names that differ: the framework builds
// (`pytorch-gpu` provides `torch`), split or renamed packages (`matplotlib-base`, `py-opencv`, `pytables`), and the
// names conda-forge gives to a C or C++ library while PyPI gives them to a Python binding (`graphviz`), which
// provide nothing to import. Names as conda-forge's recipes (feedstocks) publish them.

export interface CondaImportEntry {
  /** The conda package name (lower case). */
  name: string;
  /** The modules it provides (dotted for namespace packages); empty when it provides none. */
  modules: readonly string[];
  /** The PyPI distribution it stands for, where there is one: its entries in the PyPI tables apply to it too. */
  pypi?: string;
}

export const CONDA_IMPORT_NAMES: readonly CondaImportEntry[] = [
  // The frameworks: one module, several builds.
  { name: 'pytorch', modules: ['torch', 'functorch', 'torchgen'], pypi: 'torch' },
  { name: 'pytorch-gpu', modules: ['torch', 'functorch', 'torchgen'], pypi: 'torch' },
  { name: 'pytorch-cpu', modules: ['torch', 'functorch', 'torchgen'], pypi: 'torch' },
  { name: 'tensorflow-gpu', modules: ['tensorflow'], pypi: 'tensorflow' },
  { name: 'tensorflow-cpu', modules: ['tensorflow'], pypi: 'tensorflow' },
  { name: 'tensorflow-base', modules: ['tensorflow'], pypi: 'tensorflow' },
  { name: 'pytorch-lightning', modules: ['pytorch_lightning'], pypi: 'pytorch-lightning' },
  { name: 'pytorch_geometric', modules: ['torch_geometric'], pypi: 'torch-geometric' },
  { name: 'pyg', modules: ['torch_geometric'], pypi: 'torch-geometric' },
  { name: 'py-xgboost', modules: ['xgboost'], pypi: 'xgboost' },
  { name: 'py-xgboost-gpu', modules: ['xgboost'], pypi: 'xgboost' },
  { name: 'py-xgboost-cpu', modules: ['xgboost'], pypi: 'xgboost' },
  // Python packages under other names than on PyPI.
  { name: 'matplotlib-base', modules: ['matplotlib', 'mpl_toolkits', 'pylab'], pypi: 'matplotlib' },
  { name: 'py-opencv', modules: ['cv2'], pypi: 'opencv-python' },
  { name: 'opencv', modules: ['cv2'], pypi: 'opencv-python' },
  { name: 'pytables', modules: ['tables'], pypi: 'tables' },
  { name: 'msgpack-python', modules: ['msgpack'], pypi: 'msgpack' },
  { name: 'python-graphviz', modules: ['graphviz'], pypi: 'graphviz' },
  { name: 'pyqt', modules: ['PyQt5'], pypi: 'pyqt5' },
  { name: 'gdal', modules: ['osgeo'], pypi: 'gdal' },
  { name: 'cupy-core', modules: ['cupy', 'cupyx'], pypi: 'cupy' },
  { name: 'cupy', modules: ['cupy', 'cupyx'], pypi: 'cupy' },
  { name: 'cuda-python', modules: ['cuda'], pypi: 'cuda-python' },
  // Interpreters, tools, CUDA and C libraries: nothing to import, whatever PyPI calls a package of that name.
  ...[
    'python',
    'pip',
    'cuda-version',
    'cuda-toolkit',
    'cudatoolkit',
    'cuda-nvcc',
    'cuda-cudart',
    'cuda-libraries',
    'cuda-runtime',
    'cudnn',
    'nccl',
    'libtorch',
    'libgdal',
    'libopencv',
    'graphviz',
    'cmake',
    'ninja',
    'make',
    'git',
    'ffmpeg',
    'openssl',
    'zlib',
    'hdf5',
    'mkl',
    'tbb',
    'openmpi',
    'mpich',
    'nodejs',
    'compilers',
    'cxx-compiler',
    'c-compiler',
    'gcc',
    'gxx',
    'clang',
  ].map((name) => ({ name, modules: [] })),
];

const BY_NAME = new Map(CONDA_IMPORT_NAMES.map((e) => [e.name, e]));

/** The table's entry for a conda package; undefined when its name is its PyPI name. */
export function condaImportEntry(name: string): CondaImportEntry | undefined {
  return BY_NAME.get(name.toLowerCase());
}
