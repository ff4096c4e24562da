// Hover texts in the core: keys, dependency strings in plain words, index URLs.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeScript } from '#core/pep723/index';
import { hoverInHeader } from '#core/hover/hoverHeader';
import { describeSpecifierSet } from '#core/hover/specifierWords';
import { describeMarker } from '#core/hover/markerWords';

const script = [
  '# /// script',
  '# requires-python = ">=3.10,<3.13"',
  '# dependencies = [',
  '#     "torch~=2.5.1",',
  '#     "jax[cuda12]==0.4.*",',
  "#     \"pandas; python_version < '3.12' and sys_platform == 'linux'\",",
  '#     "mypkg @ https://example.org/mypkg-1.0-py3-none-any.whl",',
  '# ]',
  '# [[tool.uv.index]]',
  '# name = "pytorch-cu121"',
  '# url = "https://download.pytorch.org/whl/cu121"',
  '# explicit = true',
  '# [[tool.uv.index]]',
  '# name = "pytorch-cpu"',
  '# url = "https://download.pytorch.org/whl/cpu"',
  '# explicit = true',
  '# [tool.uv]',
  '# exclude-newer = "2025-01-01T00:00:00Z"',
  '# concurrent-downloads = 4',
  '# [tool.uv.sources]',
  '# torch = { index = "pytorch-cu121" }',
  '# ///',
  'import torch',
  '',
].join('\n');

const analysis = analyzeScript(script);
const lines = script.split('\n');

/** Hover text at the first occurrence of `needle` on `line` (plus `offset`). */
function hoverOn(line: number, needle: string, offset = 1): string | undefined {
  const character = lines[line].indexOf(needle);
  assert.ok(character >= 0, `'${needle}' on line ${line}`);
  return hoverInHeader(analysis, { line, character: character + offset })?.markdown;
}

test('the fixture header is valid, so hovers read real metadata', () => {
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});

test("keys: top level, [tool.uv] settings (ours and the checker's), index fields, sources", () => {
  assert.match(hoverOn(1, 'requires-python')!, /^\*\*requires-python\*\*\n\n.*Python versions/);
  assert.match(hoverOn(2, 'dependencies')!, /PEP 508/);
  assert.match(hoverOn(17, 'exclude-newer')!, /reproducible/);
  assert.match(
    hoverOn(18, 'concurrent-downloads')!,
    /\*\*tool\.uv\.concurrent-downloads\*\*\n\n\S/,
    'a key without our own text still gets one',
  );
  assert.match(hoverOn(11, 'explicit')!, /only for the packages that name it in `\[tool\.uv\.sources\]`/);
  assert.match(hoverOn(16, 'uv')!, /\[tool\.uv\]/);
  assert.match(hoverOn(8, 'index')!, /\*\*tool\.uv\.index\*\*/);
  assert.match(
    hoverOn(20, 'torch')!,
    /Pinned to the index `pytorch-cu121` \(https:\/\/download\.pytorch\.org\/whl\/cu121 — PyTorch wheels for CUDA 12\.1\)/,
  );
});

test('dependencies: name, extras, versions in plain words, URL and marker', () => {
  const torch = hoverOn(3, 'torch')!;
  assert.match(torch, /^\*\*torch\*\* — PyTorch/);
  assert.match(torch, /Versions: 2\.5\.1 or a later 2\.5\.x release\./);
  const jax = hoverOn(4, 'cuda12')!;
  assert.match(jax, /extra `cuda12` \(GPU build with CUDA 12/);
  assert.match(jax, /Versions: any 0\.4\.x release\./);
  const pandas = hoverOn(5, 'sys_platform')!;
  assert.match(pandas, /Installed only with Python older than 3\.12 and on Linux\./);
  assert.match(pandas, /Any version/);
  const url = hoverOn(6, 'mypkg')!;
  assert.match(url, /Installed from `https:\/\/example\.org\/mypkg-1\.0-py3-none-any\.whl`, not from an index\./);
  assert.ok(!/ — /.test(url.split('\n')[0]), 'an unknown package gets no invented description');
});

test('requires-python value in words', () => {
  assert.equal(hoverOn(1, '>=3.10'), '**requires-python**\n\nRuns on Python 3.10 or newer, and older than 3.13.');
});

test('index URLs: the CUDA version served, or CPU only', () => {
  assert.match(hoverOn(10, 'https')!, /^\*\*PyTorch wheels for CUDA 12\.1\*\*/);
  assert.match(hoverOn(10, 'https')!, /nvidia-smi/);
  assert.match(hoverOn(14, 'https')!, /^\*\*PyTorch wheels for the CPU only\*\*\n\nNo GPU support/);
});

test('hovers cover the tag lines; nothing is said outside the header or between entries', () => {
  assert.match(hoverOn(0, 'script')!, /PEP 723/);
  assert.match(hoverOn(21, '///')!, /End of the script metadata/);
  assert.equal(hoverInHeader(analysis, { line: 22, character: 3 }), undefined);
  assert.equal(hoverInHeader(analysis, { line: 7, character: 0 }), undefined, 'on the `#` prefix of `]`');
});

test('the range of a hover is the string or key under the cursor', () => {
  const character = lines[3].indexOf('torch');
  const hover = hoverInHeader(analysis, { line: 3, character })!;
  assert.deepEqual(hover.range, { start: { line: 3, character: character - 1 }, end: { line: 3, character: lines[3].length - 1 } });
});

test('specifier sets in words', () => {
  assert.equal(describeSpecifierSet('>=2.4,<3'), '2.4 or newer, and older than 3');
  assert.equal(describeSpecifierSet('==3.11.*', 'Python'), 'Python any 3.11.x release');
  assert.equal(describeSpecifierSet('~=1.26'), '1.26 or a later 1.x release');
  assert.equal(describeSpecifierSet('!=1.5.0, >1.2, <=2'), 'anything except 1.5.0, newer than 1.2, and 2 or older');
  assert.equal(describeSpecifierSet('>>=1'), undefined, 'not a specifier: no words');
});

test('markers in words, unknown parts kept as code', () => {
  assert.equal(describeMarker("sys_platform == 'darwin'"), 'on macOS');
  assert.equal(describeMarker('platform_machine == "x86_64" or os_name == "nt"'), 'on x86_64 machines or on Windows');
  assert.equal(describeMarker("platform_release >= '5.0'"), "`platform_release >= '5.0'`");
  // Version comparisons read as they do in a requirement's specifier.
  assert.equal(describeMarker("python_full_version == '3.11.4'"), 'with Python exactly 3.11.4');
  assert.equal(describeMarker("python_version == '3.11'"), 'with Python any 3.11.x release');
  assert.equal(describeMarker("python_version != '3.8'"), 'with Python anything outside the 3.8.x series');
  assert.equal(describeMarker("python_version ~= '3.10'"), 'with Python 3.10 or a later 3.x release');
  assert.equal(describeMarker("python_version in '3.10 3.11'"), "`python_version in '3.10 3.11'`");
});
