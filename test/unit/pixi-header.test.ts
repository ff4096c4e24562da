// `[tool.pixi]` checks: what pixi 0.77.0 refuses is an error, what it reads with a warning is a warning, and every
// quick fix produces a header the checker then accepts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { CoreDiagnostic, QuickFix } from '#core/diagnostic';
import { analyzeScript } from '#core/pep723/index';

const header = (...lines: string[]) =>
  ['# /// script', '# dependencies = []', ...lines.map((l) => (l ? `# ${l}` : '#')), '# ///', ''].join('\n');
const check = (text: string, fileName = 'util.py') => analyzeScript(text, { fileName }).diagnostics;
const codes = (ds: CoreDiagnostic[]) => ds.map((d) => `${d.severity} ${d.code}`);

function applyFix(text: string, fix: QuickFix): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

test('an unknown top-level key: uv ignores it (warning), pixi refuses it (error once [tool.pixi] is there)', () => {
  const uv = check('# /// script\n# dependencies = []\n# name = "x"\n# ///\n');
  assert.deepEqual(codes(uv), ['warning pep723/unknown-key']);
  const pixi = check(header('name = "x"', '[tool.pixi.dependencies]', 'numpy = "*"'));
  assert.deepEqual(codes(pixi), ['error pixi/not-in-scripts']);
  assert.match(pixi[0].message, /uv would ignore it/);
});

test('[tool.uv] and [tool.pixi] side by side are valid', () => {
  const text = header('[tool.uv]', 'prerelease = "allow"', '', '[tool.pixi.dependencies]', 'numpy = ">=2"');
  assert.deepEqual(check(text), []);
});

test('types: tool.pixi, its tables and the values inside them', () => {
  assert.deepEqual(codes(check('# /// script\n# [tool]\n# pixi = 3\n# ///\n')), ['error pixi/invalid-type']);
  assert.deepEqual(codes(check(header('[tool.pixi]', 'dependencies = ["numpy"]'))), ['error pixi/invalid-type']);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'channels = "conda-forge"'))), ['error pixi/invalid-type']);
  assert.deepEqual(codes(check(header('[tool.pixi.dependencies]', 'numpy = 2'))), ['error pixi/invalid-type']);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'channel-priority = "flexible"', 'solve-strategy = "lowest-direct"'))), []);
  const bad = check(header('[tool.pixi.workspace]', 'solve-strategy = "lowest_direct"'));
  assert.deepEqual(codes(bad), ['error pixi/invalid-value']);
  assert.equal(bad[0].fixes?.[0].edits[0].newText, 'lowest-direct');
});

test('unknown keys are errors with a rename fix; project-only keys say why scripts cannot have them', () => {
  const typo = header('[tool.pixi.dependecies]', 'numpy = "*"');
  const [d] = check(typo);
  assert.equal(d.code, 'pixi/unknown-key');
  assert.deepEqual(check(applyFix(typo, d.fixes![0])), []);
  const project = header('[tool.pixi.project]', 'channels = ["conda-forge"]');
  const [p] = check(project);
  assert.equal(p.code, 'pixi/not-in-scripts');
  assert.deepEqual(check(applyFix(project, p.fixes![0])), []);
  assert.match(check(header('[tool.pixi.tasks]', 'train = "python train.py"'))[0].message, /no tasks/);
});

test('channels: names, URLs and tables; a near miss of a well-known channel is a warning with a fix', () => {
  assert.deepEqual(
    check(
      header(
        '[tool.pixi.workspace]',
        'channels = ["conda-forge", "https://prefix.dev/conda-forge", { channel = "nvidia", priority = 1 }, "my-lab"]',
      ),
    ),
    [],
  );
  const typo = header('[tool.pixi.workspace]', 'channels = ["conda_forge"]');
  const [t] = check(typo);
  assert.equal(`${t.severity} ${t.code}`, 'warning pixi/unknown-channel');
  assert.deepEqual(check(applyFix(typo, t.fixes![0])), []);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'channels = ["https://exa mple.com/ch"]'))), ['error pixi/invalid-channel']);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'channels = [{ priority = 1 }]'))), ['error pixi/invalid-value']);
});

test('platforms: conda subdirs, CUDA entries, names and duplicates', () => {
  assert.deepEqual(
    check(
      header(
        '[tool.pixi.workspace]',
        'platforms = ["linux-64", "osx-arm64", { name = "gpu", platform = "linux-64", cuda = { driver = "12.0", arch = "8.6" } }]',
      ),
    ),
    [],
  );
  const typo = header('[tool.pixi.workspace]', 'platforms = ["linux64"]');
  const [t] = check(typo);
  assert.equal(t.code, 'pixi/invalid-platform');
  assert.deepEqual(check(applyFix(typo, t.fixes![0])), []);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'platforms = ["linux-64", "linux-64"]'))), ['error pixi/invalid-value']);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'platforms = [{ platform = "linux-64", cuda = "twelve!" }]'))), [
    'error pixi/invalid-value',
  ]);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'platforms = [{ platform = "linux-64", cuda = { arch = "8.6" } }]'))), [
    'error pixi/invalid-value',
  ]);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'platforms = [{ platform = "linux-64", gpu = "yes" }]'))), [
    'error pixi/unknown-key',
  ]);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'platforms = [{ cuda = "12.0" }]'))), ['error pixi/invalid-value']);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'platforms = [{ name = "my_gpu", platform = "linux-64" }]'))), [
    'error pixi/invalid-value',
  ]);
});

test('conda dependencies: names, version specs, tables; a bare version is a warning with two fixes', () => {
  assert.deepEqual(
    check(
      header(
        '[tool.pixi.dependencies]',
        'pytorch-gpu = "*"',
        'cuda-version = "12.8.*"',
        'jaxlib = { version = ">=0.4", build = "*cuda*" }',
      ),
    ),
    [],
  );
  assert.deepEqual(codes(check(header('[tool.pixi.dependencies]', '"torch vision" = "*"'))), ['error pixi/invalid-package-name']);
  assert.deepEqual(codes(check(header('[tool.pixi.dependencies]', 'numpy = { version = "==1.*" }'))), ['error pixi/invalid-version-spec']);
  const bare = header('[tool.pixi.dependencies]', 'numpy = "2.1"');
  const [b] = check(bare);
  assert.equal(`${b.severity} ${b.code}`, 'warning pixi/ambiguous-version');
  assert.deepEqual(
    b.fixes!.map((f) => applyFix(bare, f).split('\n')[3]),
    ['# numpy = "2.1.*"', '# numpy = "==2.1"'],
  );
  for (const f of b.fixes!) assert.deepEqual(check(applyFix(bare, f)), []);
});

test('PyPI dependencies under [tool.pixi.pypi-dependencies]: PEP 440 strings, `*`, or tables', () => {
  assert.deepEqual(
    check(header('[tool.pixi.pypi-dependencies]', 'httpx = "*"', 'rich = ">=13"', 'tools = { path = "./tools", editable = true }')),
    [],
  );
  assert.deepEqual(codes(check(header('[tool.pixi.pypi-dependencies]', 'rich = "=>13"'))), ['error pep440/invalid-specifier']);
  assert.deepEqual(codes(check(header('[tool.pixi.pypi-dependencies]', 'rich = { verison = "*" }'))), ['error pixi/unknown-key']);
});

test("[tool.pixi.system-requirements] is read with pixi's deprecation warning; the fix moves cuda onto the platform", () => {
  const text = header(
    '[tool.pixi.workspace]',
    'channels = ["conda-forge"]',
    '',
    '[tool.pixi.system-requirements]',
    'cuda = "12"',
    '',
    '[tool.pixi.dependencies]',
    'pytorch-gpu = "*"',
  );
  const [d] = check(text);
  assert.equal(`${d.severity} ${d.code}`, 'warning pixi/deprecated-system-requirements');
  const fixed = applyFix(text, d.fixes![0]);
  assert.match(fixed, /# platforms = \[\{ platform = "linux-64", cuda = "12" \}\]/);
  assert.doesNotMatch(fixed, /system-requirements/);
  assert.deepEqual(check(fixed, 'train.py'), []);
  assert.deepEqual(codes(check(header('[tool.pixi.system-requirements]', 'cuda = "12"', 'gpu = "yes"'))), [
    'warning pixi/deprecated-system-requirements',
    'error pixi/unknown-key',
  ]);
});

test("targets: allowed tables only, and a selector no platform matches is pixi's warning", () => {
  const ok = header(
    '[tool.pixi.workspace]',
    'platforms = ["linux-64", "osx-arm64"]',
    '',
    '[tool.pixi.target.linux-64.dependencies]',
    'pytorch-gpu = "*"',
    '',
    '[tool.pixi.target.unix.activation]',
    'env = { A = "1" }',
  );
  assert.deepEqual(check(ok), []);
  const unused = check(
    header('[tool.pixi.workspace]', 'platforms = ["linux-64"]', '', '[tool.pixi.target.win-64.dependencies]', 'x = "*"'),
  );
  assert.deepEqual(codes(unused), ['warning pixi/unused-target']);
  assert.deepEqual(
    codes(
      check(header('[tool.pixi.workspace]', 'platforms = ["linux-64"]', '[tool.pixi.target.linux-64.tasks]', 'train = "python train.py"')),
    ).filter((c) => c.startsWith('error')),
    ['error pixi/not-in-scripts'],
  );
});

test('workspace keys: requires-pixi is a conda version spec, preview a list of known features', () => {
  assert.deepEqual(check(header('[tool.pixi.workspace]', 'requires-pixi = ">=0.76"', 'preview = ["pixi-build"]')), []);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'requires-pixi = ">0.76 <1"'))), ['error pixi/invalid-version-spec']);
  assert.deepEqual(codes(check(header('[tool.pixi.workspace]', 'preview = ["pixi-bild"]'))), ['warning pixi/unknown-preview']);
});

test('GPU hint for train/eval pixi scripts: the fixes give a header with a CUDA build on a CUDA platform', () => {
  let text = header('[tool.pixi.workspace]', 'channels = ["conda-forge"]', '', '[tool.pixi.dependencies]', 'pytorch = "*"');
  assert.deepEqual(check(text, 'util.py'), [], 'only train and eval scripts get it');
  for (let round = 0; round < 3; round++) {
    const hint = check(text, 'train.py').find((d) => d.code === 'conventions/pixi-without-gpu');
    if (!hint) break;
    assert.equal(hint.severity, 'information');
    text = applyFix(text, hint.fixes![0]);
  }
  assert.deepEqual(check(text, 'train.py'), []);
  assert.match(text, /pytorch-gpu = "\*"/);
  assert.match(text, /platforms = \[\{ platform = "linux-64", cuda = "12.0" \}\]/);

  let jax = header('[tool.pixi.dependencies]', 'jax = "*"');
  for (let round = 0; round < 3; round++) {
    const hint = check(jax, 'eval.py').find((d) => d.code === 'conventions/pixi-without-gpu');
    if (!hint) break;
    jax = applyFix(jax, hint.fixes![0]);
  }
  assert.deepEqual(check(jax, 'eval.py'), []);
  assert.match(jax, /jaxlib = \{ version = "\*", build = "\*cuda\*" \}/);
  assert.match(jax, /\[tool\.pixi\.workspace\]/);
});

test('CRLF headers get CRLF in inserted lines', () => {
  const text = header('[tool.pixi.dependencies]', 'jax = "*"').replace(/\n/g, '\r\n');
  const hint = check(text, 'train.py').find((d) => d.code === 'conventions/pixi-without-gpu')!;
  for (const fix of hint.fixes!) for (const e of fix.edits) assert.ok(!/[^\r]\n/.test(e.newText), JSON.stringify(e.newText));
});
