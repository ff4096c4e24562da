// The `[tool.uv]` keys the checker accepts in a script are exactly the ones uv 0.12.5 accepts there, and each of
// them, written as in uv's own settings reference, passes without an error: an error would claim that uv refuses
// a script it runs. The list and the examples below are copied from uv 0.12.5: crates/uv-scripts/src/lib.rs (`ToolUv`),
// crates/uv-settings/src/settings.rs (`GlobalOptionsWire`, `ResolverInstallerSchema`, each option's `example`) and
// crates/uv-workspace/src/pyproject.rs (the dependency lists' examples).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeScript, UV_SCRIPT_SETTINGS } from '#core/pep723/index';

const GLOBAL_OPTIONS = [
  'required-version',
  'system-certs',
  'native-tls',
  'offline',
  'no-cache',
  'cache-dir',
  'preview',
  'preview-features',
  'python-preference',
  'python-downloads',
  'concurrent-downloads',
  'concurrent-builds',
  'concurrent-installs',
  'http-proxy',
  'https-proxy',
  'no-proxy',
  'allow-insecure-host',
];
const RESOLVER_INSTALLER_SCHEMA = [
  'index',
  'index-url',
  'extra-index-url',
  'no-index',
  'find-links',
  'index-strategy',
  'keyring-provider',
  'resolution',
  'prerelease',
  'prerelease-package',
  'fork-strategy',
  'dependency-metadata',
  'config-settings',
  'config-settings-package',
  'no-build-isolation',
  'no-build-isolation-package',
  'extra-build-dependencies',
  'extra-build-variables',
  'exclude-newer',
  'exclude-newer-package',
  'link-mode',
  'compile-bytecode',
  'no-sources',
  'no-sources-package',
  'upgrade',
  'upgrade-package',
  'reinstall',
  'reinstall-package',
  'no-build',
  'no-build-package',
  'no-binary',
  'no-binary-package',
  'torch-backend',
];
const TOOL_UV_OWN = [
  'override-dependencies',
  'exclude-dependencies',
  'constraint-dependencies',
  'build-constraint-dependencies',
  'extra-build-dependencies',
  'sources',
];

/** Each key as uv's settings reference writes it (TOML lines under `[tool.uv]`, or whole tables). */
const UV_EXAMPLES: Record<string, string> = {
  'required-version': 'required-version = ">=0.5.0"',
  'system-certs': 'system-certs = true',
  'native-tls': 'native-tls = true',
  offline: 'offline = true',
  'no-cache': 'no-cache = true',
  'cache-dir': 'cache-dir = "./.uv_cache"',
  preview: 'preview = true',
  'preview-features': 'preview-features = ["json-output"]',
  'python-preference': 'python-preference = "managed"',
  'python-downloads': 'python-downloads = "manual"',
  'concurrent-downloads': 'concurrent-downloads = 4',
  'concurrent-builds': 'concurrent-builds = 4',
  'concurrent-installs': 'concurrent-installs = 4',
  'http-proxy': 'http-proxy = "http://proxy.example.com"',
  'https-proxy': 'https-proxy = "https://proxy.example.com"',
  'no-proxy': 'no-proxy = ["localhost", "127.0.0.1"]',
  'allow-insecure-host': 'allow-insecure-host = ["localhost:8080"]',
  index: '[[tool.uv.index]]\nname = "pytorch"\nurl = "https://download.pytorch.org/whl/cu130"',
  'index-url': 'index-url = "https://test.pypi.org/simple"',
  'extra-index-url': 'extra-index-url = ["https://download.pytorch.org/whl/cpu"]',
  'no-index': 'no-index = true',
  'find-links': 'find-links = ["https://download.pytorch.org/whl/torch_stable.html"]',
  'index-strategy': 'index-strategy = "unsafe-best-match"',
  'keyring-provider': 'keyring-provider = "subprocess"',
  resolution: 'resolution = "lowest-direct"',
  prerelease: 'prerelease = "allow"',
  'prerelease-package': 'prerelease-package = { numpy = "allow", scipy = "disallow" }',
  'fork-strategy': 'fork-strategy = "fewest"',
  'dependency-metadata':
    'dependency-metadata = [\n{ name = "flask", version = "1.0.0", requires-dist = ["werkzeug"], requires-python = ">=3.6" },\n]',
  'config-settings': 'config-settings = { editable_mode = "compat" }',
  'config-settings-package': 'config-settings-package = { numpy = { editable_mode = "compat" } }',
  'no-build-isolation': 'no-build-isolation = true',
  'no-build-isolation-package': 'no-build-isolation-package = ["package1", "package2"]',
  'extra-build-dependencies': 'extra-build-dependencies = { pytest = ["setuptools"] }',
  'extra-build-variables': 'extra-build-variables = { flash-attn = { FLASH_ATTENTION_SKIP_CUDA_BUILD = "TRUE" } }',
  'exclude-newer': 'exclude-newer = "2006-12-02T02:07:43Z"',
  'exclude-newer-package': 'exclude-newer-package = { tqdm = "2022-04-04T00:00:00Z", markupsafe = false }',
  'link-mode': 'link-mode = "copy"',
  'compile-bytecode': 'compile-bytecode = true',
  'no-sources': 'no-sources = true',
  'no-sources-package': 'no-sources-package = ["ruff"]',
  upgrade: 'upgrade = true',
  'upgrade-package': 'upgrade-package = ["ruff"]',
  reinstall: 'reinstall = true',
  'reinstall-package': 'reinstall-package = ["ruff"]',
  'no-build': 'no-build = true',
  'no-build-package': 'no-build-package = ["ruff"]',
  'no-binary': 'no-binary = true',
  'no-binary-package': 'no-binary-package = ["ruff"]',
  'torch-backend': 'torch-backend = "auto"',
  'override-dependencies':
    'override-dependencies = [\n  "werkzeug==2.3.0",\n  { package = { name = "flask", version = "3.0.0" }, dependencies = ["itsdangerous==2.1.2"] },\n]',
  'exclude-dependencies':
    'exclude-dependencies = [\n  "werkzeug",\n  { package = { name = "flask", version = "3.0.0" }, dependencies = ["itsdangerous"] },\n]',
  'constraint-dependencies': 'constraint-dependencies = ["grpcio<1.65"]',
  'build-constraint-dependencies': 'build-constraint-dependencies = ["setuptools==60.0.0"]',
  sources:
    '[tool.uv.sources]\nhttpx = { git = "https://github.com/encode/httpx", tag = "0.27.0" }\n' +
    'pydantic = { path = "/path/to/pydantic", editable = true }',
};

function header(toml: string): string {
  const body = toml.startsWith('[') ? toml : `[tool.uv]\n${toml}`;
  return [
    '# /// script',
    '# dependencies = ["flask", "httpx", "pydantic"]',
    ...body.split('\n').map((l) => (l ? `# ${l}` : '#')),
    '# ///',
    '',
  ].join('\n');
}

test('the [tool.uv] keys accepted in a script are exactly those of uv 0.12.5', () => {
  const uv = new Set([...GLOBAL_OPTIONS, ...RESOLVER_INSTALLER_SCHEMA, ...TOOL_UV_OWN]);
  assert.equal(uv.size, 55);
  assert.deepEqual(UV_SCRIPT_SETTINGS.map((s) => s.key).sort(), [...uv].sort());
});

for (const key of Object.keys(UV_EXAMPLES)) {
  test(`[tool.uv] ${key}, written as uv's settings reference writes it, gives no error`, () => {
    const text = header(UV_EXAMPLES[key]);
    const errors = analyzeScript(text).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => `${d.code}: ${d.message}`),
      [],
      text,
    );
  });
}

test('every key has an example above', () => {
  assert.deepEqual(
    UV_SCRIPT_SETTINGS.map((s) => s.key).filter((k) => !(k in UV_EXAMPLES)),
    [],
  );
});

test('exclude-dependencies takes package names, not requirements; scoped tables are checked as uv reads them', () => {
  const codes = (toml: string) => analyzeScript(header(toml)).diagnostics.map((d) => d.code);
  assert.deepEqual(codes('exclude-dependencies = ["werkzeug>=2"]'), ['uv/invalid-value']);
  assert.deepEqual(codes('exclude-dependencies = "werkzeug"'), ['uv/invalid-type']);
  assert.deepEqual(codes('exclude-dependencies = [{ package = { name = "flask", versions = "3" }, dependencies = ["x"] }]'), [
    'uv/unknown-setting',
  ]);
  assert.deepEqual(codes('override-dependencies = [{ package = { name = "flask" } }]'), ['uv/invalid-type']);
  assert.deepEqual(codes('override-dependencies = [{ package = { name = "flask" }, dependencies = ["werkzeug>>2"] }]'), [
    'pep508/invalid-requirement',
  ]);
  assert.deepEqual(codes('override-dependencies = ["werkzeug>>2"]'), ['pep508/invalid-requirement']);
  assert.deepEqual(codes('preview-features = "json-output"'), ['uv/invalid-type']);
});
