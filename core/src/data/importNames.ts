// Import names that differ from the name of the distribution that provides them (`import cv2` comes from
// `opencv-python`). A module whose top-level name matches a distribution's normalized name (`import numpy`,
// `import typing_extensions`) needs no entry. Each entry names the distribution to add when the module is imported
// and no declared dependency provides it, then other distributions that provide the same module (a headless build,
// a GPU build, a fork), which count as providing it when declared. Dotted names are for namespace packages, where
// the top-level name alone (`google`) says nothing.
//
// test/unit/import-names.test.ts checks every entry it can against the top-level names that real wheels install
// (test/fixtures/top-level-names/).

/** `[module, distribution to add, other distributions providing it]`. */
type Entry = readonly [module: string, distribution: string, alternatives?: readonly string[]];

const ENTRIES: readonly Entry[] = [
  // Machine learning, numerics, data
  ['sklearn', 'scikit-learn'],
  ['skimage', 'scikit-image'],
  ['skvideo', 'scikit-video'],
  ['skopt', 'scikit-optimize'],
  ['cv2', 'opencv-python', ['opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless']],
  ['PIL', 'pillow', ['pillow-simd']],
  ['umap', 'umap-learn'],
  ['faiss', 'faiss-cpu', ['faiss-gpu', 'faiss-gpu-cu12', 'faiss-gpu-cu11']],
  ['cupy', 'cupy-cuda12x', ['cupy', 'cupy-cuda11x', 'cupy-cuda13x']],
  ['pynvml', 'nvidia-ml-py', ['pynvml']],
  ['haiku', 'dm-haiku'],
  ['tree', 'dm-tree'],
  ['sonnet', 'dm-sonnet'],
  ['reverb', 'dm-reverb'],
  ['orbax.checkpoint', 'orbax-checkpoint'],
  ['orbax.export', 'orbax-export'],
  ['gin', 'gin-config'],
  ['hydra', 'hydra-core'],
  ['absl', 'absl-py'],
  ['open_clip', 'open-clip-torch'],
  ['whisper', 'openai-whisper'],
  ['nemo', 'nemo-toolkit'],
  ['pywt', 'pywavelets'],
  ['Bio', 'biopython'],
  ['BioSQL', 'biopython'],
  ['erfa', 'pyerfa'],
  ['osgeo', 'gdal'],
  ['community', 'python-louvain'],
  ['pysat', 'python-sat'],
  ['cvxpy', 'cvxpy', ['cvxpy-base']],
  ['paddle', 'paddlepaddle', ['paddlepaddle-gpu']],
  ['cudf', 'cudf-cu12', ['cudf-cu11']],
  ['cuml', 'cuml-cu12', ['cuml-cu11']],
  ['cugraph', 'cugraph-cu12', ['cugraph-cu11']],
  ['ahocorasick', 'pyahocorasick'],
  ['Stemmer', 'pystemmer'],
  ['enchant', 'pyenchant'],
  ['z3', 'z3-solver'],
  ['pydispatch', 'pydispatcher'],
  ['colors', 'ansicolors'],
  ['pyximport', 'cython'],
  ['skbuild', 'scikit-build'],
  ['tabula', 'tabula-py'],
  ['camelot', 'camelot-py'],
  ['barcode', 'python-barcode'],
  ['weaviate', 'weaviate-client'],
  ['opensearchpy', 'opensearch-py'],
  ['cassandra', 'cassandra-driver'],
  ['capnp', 'pycapnp'],
  ['mpl_toolkits', 'matplotlib'],
  ['pylab', 'matplotlib'],
  ['onnxruntime', 'onnxruntime', ['onnxruntime-gpu', 'onnxruntime-directml', 'onnxruntime-silicon']],
  ['tensorflow', 'tensorflow', ['tensorflow-cpu', 'tensorflow-gpu', 'tensorflow-macos', 'tf-nightly', 'tensorflow-intel']],
  ['pytorch_lightning', 'pytorch-lightning', ['lightning']],
  ['lightning_fabric', 'lightning-fabric', ['lightning']],
  ['psycopg2', 'psycopg2-binary', ['psycopg2']],
  ['llama_cpp', 'llama-cpp-python'],
  ['speech_recognition', 'speechrecognition'],
  ['fitz', 'pymupdf'],
  ['pdfminer', 'pdfminer-six'],
  ['docx', 'python-docx'],
  ['pptx', 'python-pptx'],
  ['odf', 'odfpy'],
  ['magic', 'python-magic'],
  ['Levenshtein', 'levenshtein', ['python-levenshtein']],
  ['pycrfsuite', 'python-crfsuite'],
  ['newspaper', 'newspaper3k'],
  ['snappy', 'python-snappy'],
  ['zmq', 'pyzmq'],
  ['shapefile', 'pyshp'],
  ['taglib', 'pytaglib'],
  // Configuration, command line, formats
  ['yaml', 'pyyaml'],
  ['_yaml', 'pyyaml'],
  ['dotenv', 'python-dotenv'],
  ['decouple', 'python-decouple'],
  ['dateutil', 'python-dateutil'],
  ['attr', 'attrs'],
  ['bs4', 'beautifulsoup4'],
  ['slugify', 'python-slugify'],
  ['multipart', 'python-multipart'],
  ['jose', 'python-jose'],
  ['jwt', 'pyjwt'],
  ['OpenSSL', 'pyopenssl'],
  ['Crypto', 'pycryptodome'],
  ['Cryptodome', 'pycryptodomex'],
  ['nacl', 'pynacl'],
  ['argon2', 'argon2-cffi'],
  ['dns', 'dnspython'],
  ['socks', 'pysocks'],
  ['websocket', 'websocket-client'],
  ['socketio', 'python-socketio'],
  ['engineio', 'python-engineio'],
  ['serial', 'pyserial'],
  ['usb', 'pyusb'],
  ['Xlib', 'python-xlib'],
  ['cpuinfo', 'py-cpuinfo'],
  ['antlr4', 'antlr4-python3-runtime'],
  ['graphql', 'graphql-core'],
  ['rpds', 'rpds-py'],
  ['samtranslator', 'aws-sam-translator'],
  ['cfnlint', 'cfn-lint'],
  ['pkg_resources', 'setuptools'],
  ['_distutils_hack', 'setuptools'],
  ['_pytest', 'pytest'],
  ['pythonjsonlogger', 'python-json-logger'],
  ['markdown_it', 'markdown-it-py'],
  ['crontab', 'python-crontab', ['crontab']],
  ['daemon', 'python-daemon'],
  ['git', 'gitpython'],
  ['github', 'pygithub'],
  ['gitlab', 'python-gitlab'],
  ['jenkins', 'python-jenkins'],
  ['atlassian', 'atlassian-python-api'],
  ['telegram', 'python-telegram-bot'],
  ['discord', 'discord-py'],
  ['ldap', 'python-ldap'],
  ['MySQLdb', 'mysqlclient'],
  ['kafka', 'kafka-python'],
  ['bson', 'pymongo'],
  ['gridfs', 'pymongo'],
  ['paho', 'paho-mqtt'],
  ['grpc', 'grpcio'],
  ['grpc_tools', 'grpcio-tools'],
  ['grpc_status', 'grpcio-status'],
  ['grpc_health', 'grpcio-health-checking'],
  ['googleapiclient', 'google-api-python-client'],
  ['apiclient', 'google-api-python-client'],
  ['rest_framework', 'djangorestframework'],
  ['corsheaders', 'django-cors-headers'],
  ['debug_toolbar', 'django-debug-toolbar'],
  ['django_filters', 'django-filter'],
  ['crispy_forms', 'django-crispy-forms'],
  ['allauth', 'django-allauth'],
  ['storages', 'django-storages'],
  ['import_export', 'django-import-export'],
  ['factory', 'factory-boy'],
  ['vcr', 'vcrpy'],
  ['OpenGL', 'pyopengl'],
  ['wx', 'wxpython'],
  ['gi', 'pygobject'],
  ['cairo', 'pycairo'],
  ['dbus', 'dbus-python'],
  ['win32api', 'pywin32'],
  ['win32con', 'pywin32'],
  ['win32com', 'pywin32'],
  ['win32gui', 'pywin32'],
  ['pythoncom', 'pywin32'],
  ['pywintypes', 'pywin32'],
  ['telebot', 'pytelegrambotapi'],
  ['airflow', 'apache-airflow'],
  ['win32file', 'pywin32'],
  ['win32process', 'pywin32'],
  ['bluetooth', 'pybluez'],
  ['RPi', 'rpi-gpio'],
  ['smbc', 'pysmbc'],
  ['apt', 'python-apt'],
  ['lazr.uri', 'lazr-uri'],
  ['lazr.restfulclient', 'lazr-restfulclient'],
  ['snowflake.connector', 'snowflake-connector-python'],
  ['snowflake.snowpark', 'snowflake-snowpark-python'],
  ['databricks.sdk', 'databricks-sdk'],
  ['databricks.sql', 'databricks-sql-connector'],
  ['databricks.connect', 'databricks-connect'],
  ['shopify', 'shopifyapi'],
  ['audioop', 'audioop-lts'],
  // Namespace packages: the dotted name tells which distribution.
  ['google.protobuf', 'protobuf'],
  ['google._upb', 'protobuf'],
  ['google.auth', 'google-auth'],
  ['google.oauth2', 'google-auth'],
  ['google.api_core', 'google-api-core'],
  ['google.api', 'googleapis-common-protos'],
  ['google.rpc', 'googleapis-common-protos'],
  ['google.type', 'googleapis-common-protos'],
  ['google.longrunning', 'googleapis-common-protos'],
  ['google.cloud.storage', 'google-cloud-storage'],
  ['google.cloud.bigquery', 'google-cloud-bigquery'],
  ['google.cloud.pubsub', 'google-cloud-pubsub'],
  ['google.cloud.pubsub_v1', 'google-cloud-pubsub'],
  ['google.cloud.aiplatform', 'google-cloud-aiplatform'],
  ['google.cloud.secretmanager', 'google-cloud-secret-manager'],
  ['google.cloud.firestore', 'google-cloud-firestore'],
  ['google.cloud.logging', 'google-cloud-logging'],
  ['google.cloud.speech', 'google-cloud-speech'],
  ['google.cloud.translate', 'google-cloud-translate'],
  ['google.cloud.vision', 'google-cloud-vision'],
  ['google.cloud.language', 'google-cloud-language'],
  ['google.cloud.texttospeech', 'google-cloud-texttospeech'],
  ['google.cloud.spanner', 'google-cloud-spanner'],
  ['google.cloud.bigtable', 'google-cloud-bigtable'],
  ['google.cloud.kms', 'google-cloud-kms'],
  ['google.cloud.tasks', 'google-cloud-tasks'],
  ['google.cloud.monitoring', 'google-cloud-monitoring'],
  ['google.cloud.dataproc', 'google-cloud-dataproc'],
  ['google.cloud.run_v2', 'google-cloud-run'],
  ['google.cloud.exceptions', 'google-cloud-core'],
  ['google.generativeai', 'google-generativeai'],
  ['google.genai', 'google-genai'],
  ['google_auth_oauthlib', 'google-auth-oauthlib'],
  ['vertexai', 'google-cloud-aiplatform'],
  ['azure.storage.blob', 'azure-storage-blob'],
  ['azure.storage.queue', 'azure-storage-queue'],
  ['azure.storage.filedatalake', 'azure-storage-file-datalake'],
  ['azure.identity', 'azure-identity'],
  ['azure.core', 'azure-core'],
  ['azure.keyvault.secrets', 'azure-keyvault-secrets'],
  ['azure.keyvault.keys', 'azure-keyvault-keys'],
  ['azure.cosmos', 'azure-cosmos'],
  ['azure.servicebus', 'azure-servicebus'],
  ['azure.eventhub', 'azure-eventhub'],
  ['azure.ai.ml', 'azure-ai-ml'],
  ['azure.mgmt.resource', 'azure-mgmt-resource'],
  ['azure.mgmt.compute', 'azure-mgmt-compute'],
  ['azure.mgmt.storage', 'azure-mgmt-storage'],
  ['azure.monitor.opentelemetry', 'azure-monitor-opentelemetry'],
  ['opentelemetry.sdk', 'opentelemetry-sdk'],
  ['opentelemetry.exporter.otlp', 'opentelemetry-exporter-otlp'],
  ['opentelemetry.trace', 'opentelemetry-api'],
  ['opentelemetry.metrics', 'opentelemetry-api'],
  ['opentelemetry.context', 'opentelemetry-api'],
  ['opentelemetry.propagate', 'opentelemetry-api'],
  ['jaraco.functools', 'jaraco-functools'],
  ['jaraco.classes', 'jaraco-classes'],
  ['jaraco.context', 'jaraco-context'],
  ['zope.interface', 'zope-interface'],
  ['backports.zoneinfo', 'backports-zoneinfo'],
  ['backports.tarfile', 'backports-tarfile'],
  ['ruamel.yaml', 'ruamel-yaml'],
  ['sphinxcontrib.applehelp', 'sphinxcontrib-applehelp'],
  ['sphinxcontrib.jquery', 'sphinxcontrib-jquery'],
  ['mpl_toolkits.basemap', 'basemap'],
  ['mpl_toolkits.mplot3d', 'matplotlib'],
  ['mpl_toolkits.axes_grid1', 'matplotlib'],
  ['mpl_toolkits.axisartist', 'matplotlib'],
];

/** Distributions whose import name matches neither their own name nor an entry above: what they provide. */
const PROVIDES: readonly (readonly [distribution: string, modules: readonly string[]])[] = [
  ['scikit-learn', ['sklearn']],
  ['torch', ['torch', 'functorch', 'torchgen']],
  ['lightning', ['lightning', 'lightning_fabric', 'pytorch_lightning']],
  ['jax', ['jax']],
  ['jaxlib', ['jaxlib']],
  ['protobuf', ['google.protobuf', 'google._upb']],
  ['setuptools', ['setuptools', 'pkg_resources', '_distutils_hack', 'distutils']],
  ['pyyaml', ['yaml', '_yaml']],
  ['pymongo', ['pymongo', 'bson', 'gridfs']],
  ['tensorboard', ['tensorboard']],
  ['typing-extensions', ['typing_extensions']],
  ['opencv-python-headless', ['cv2']],
  ['dbus-python', ['dbus', '_dbus_bindings', '_dbus_glib_bindings']],
  ['pygobject', ['gi', 'pygtkcompat']],
  ['pysmbc', ['smbc', '_smbc']],
  ['python-apt', ['apt', 'apt_inst', 'apt_pkg', 'aptsources']],
  ['argon2-cffi-bindings', ['_argon2_cffi_bindings']],
];

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const byModule = new Map<string, Entry>(ENTRIES.map((e) => [e[0], e]));
const providers = new Map<string, Set<string>>();
function addProvider(distribution: string, module: string): void {
  const key = normalize(distribution);
  let set = providers.get(key);
  if (!set) providers.set(key, (set = new Set()));
  set.add(module);
}
for (const [module, distribution, alternatives] of ENTRIES) {
  addProvider(distribution, module);
  for (const a of alternatives ?? []) addProvider(a, module);
}
for (const [distribution, modules] of PROVIDES) for (const m of modules) addProvider(distribution, m);

/** Every entry, for tests and documentation. */
export const IMPORT_NAME_ENTRIES: readonly Entry[] = ENTRIES;

/**
 * The table's entry for an imported module: the longest dotted prefix that has one (`google.cloud.storage.blob`
 * → `google.cloud.storage`); undefined when none has.
 */
export function knownImportEntry(module: string): { module: string; distribution: string; alternatives: readonly string[] } | undefined {
  const parts = module.split('.');
  for (let n = parts.length; n > 0; n--) {
    const hit = byModule.get(parts.slice(0, n).join('.'));
    if (hit) return { module: hit[0], distribution: hit[1], alternatives: hit[2] ?? [] };
  }
  return undefined;
}

/**
 * The modules a distribution is known to provide (dotted names for namespace packages); undefined when the
 * table does not know it, in which case its import name is taken to be its own name.
 */
export function knownProvidedModules(distribution: string): ReadonlySet<string> | undefined {
  return providers.get(normalize(distribution));
}
