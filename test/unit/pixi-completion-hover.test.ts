// `[tool.pixi]` completion and hover: the keys offered are exactly the ones the checker accepts there, each with its
// one-line summary as the completion detail, and its hover says the same words.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { completeHeader, CompletionCandidate } from '#core/completion/completeHeader';
import { linesOfText } from '#core/completion/headerAtCursor';
import { hoverInHeader } from '#core/hover/hoverHeader';
import { analyzeScript } from '#core/pep723/index';
import {
  PIXI_CONDA_SPEC_FIELDS,
  PIXI_PLATFORM_FIELDS,
  PIXI_SCRIPT_KEYS,
  PIXI_SYSTEM_REQUIREMENT_KEYS,
  PIXI_WORKSPACE_KEYS,
  PixiKey,
} from '#core/pep723/pixiSettings';

function at(marked: string): { text: string; items: CompletionCandidate[] } {
  const i = marked.indexOf('|');
  const text = marked.slice(0, i) + marked.slice(i + 1);
  const before = text.slice(0, i);
  const cursor = { line: before.split('\n').length - 1, character: i - (before.lastIndexOf('\n') + 1) };
  return { text, items: completeHeader(linesOfText(text), cursor) ?? [] };
}
const labels = (items: CompletionCandidate[], kind?: string) => items.filter((c) => !kind || c.kind === kind).map((c) => c.label);
const plain = (s: string) => s.replace(/`/g, '');

function hoverAt(text: string, line: number, character: number): string | undefined {
  return hoverInHeader(analyzeScript(text), { line, character })?.markdown;
}

function assertKeysAndHovers(table: string, keys: readonly PixiKey[], skip: readonly string[] = []): void {
  const { items } = at(`# /// script\n# [${table}]\n# |\n# ///\n`);
  const offered = items.filter((c) => c.kind === 'key');
  assert.deepEqual(offered.map((c) => c.label).sort(), keys.map((k) => k.key).sort(), `${table}: the checker's keys`);
  for (const key of keys) {
    const item = offered.find((c) => c.label === key.key)!;
    assert.equal(item.detail, plain(key.summary), `${table}.${key.key}: summary as detail`);
    assert.equal(item.documentation, key.details);
    if (skip.includes(key.key)) continue;
    const written = `# /// script\n# [${table}]\n# ${key.key} = "x"\n# ///\n`;
    const hover = hoverAt(written, 2, 3);
    assert.ok(hover?.includes(key.summary), `${table}.${key.key}: hover says the summary\n${hover}`);
    if (key.details) assert.ok(hover?.includes(key.details), `${table}.${key.key}: hover says the details`);
  }
}

test('[tool.pixi], [tool.pixi.workspace] and [tool.pixi.system-requirements]: keys with the same words in completion and hover', () => {
  assertKeysAndHovers('tool.pixi', PIXI_SCRIPT_KEYS);
  assertKeysAndHovers('tool.pixi.workspace', PIXI_WORKSPACE_KEYS);
  assertKeysAndHovers('tool.pixi.system-requirements', PIXI_SYSTEM_REQUIREMENT_KEYS);
});

test('inline tables: platform entry fields and conda dependency fields', () => {
  const platform = at('# /// script\n# [tool.pixi.workspace]\n# platforms = [{ platform = "linux-64", | }]\n# ///\n');
  assert.deepEqual(labels(platform.items, 'key').sort(), PIXI_PLATFORM_FIELDS.map((k) => k.key).sort());
  const spec = at('# /// script\n# [tool.pixi.dependencies]\n# jaxlib = { version = "*", | }\n# ///\n');
  assert.deepEqual(labels(spec.items, 'key').sort(), PIXI_CONDA_SPEC_FIELDS.map((k) => k.key).sort());
  const hover = hoverAt('# /// script\n# [tool.pixi.dependencies]\n# jaxlib = { version = "*", build = "*cuda*" }\n# ///\n', 2, 30);
  assert.match(hover ?? '', /build string or pattern/);
});

test('conda packages: CUDA builds first, what is listed is not offered again, the CUDA build of jaxlib as a whole entry', () => {
  const { items } = at('# /// script\n# [tool.pixi.dependencies]\n# cuda-version = "12.8.*"\n# |\n# ///\n');
  const names = labels(items, 'package');
  assert.equal(names[0], 'pytorch-gpu');
  assert.ok(!names.includes('cuda-version'));
  const jaxlib = items.find((c) => c.label === 'jaxlib (CUDA build)')!;
  assert.equal(jaxlib.newText, 'jaxlib = { version = "*", build = "*cuda*" }');
  assert.match(items.find((c) => c.label === 'pytorch')!.detail!, /CUDA build where CUDA is declared/);
});

test('values: channels, platforms with a CUDA entry, CUDA versions, cuda-version pins, enumerations', () => {
  const channels = at('# /// script\n# [tool.pixi.workspace]\n# channels = ["|"]\n# ///\n');
  assert.equal(labels(channels.items)[0], 'conda-forge');
  const platforms = at('# /// script\n# [tool.pixi.workspace]\n# platforms = [|]\n# ///\n');
  assert.ok(labels(platforms.items).includes('{ platform = "linux-64", cuda = "12.0" }'));
  assert.equal(labels(platforms.items)[0], '"linux-64"');
  const cuda = at('# /// script\n# [tool.pixi.workspace]\n# platforms = [{ platform = "linux-64", cuda = "|" }]\n# ///\n');
  assert.ok(labels(cuda.items).includes('12.0'));
  const sys = at('# /// script\n# [tool.pixi.system-requirements]\n# cuda = |\n# ///\n');
  assert.ok(labels(sys.items).includes('"12"'));
  const pin = at('# /// script\n# [tool.pixi.dependencies]\n# cuda-version = "|"\n# ///\n');
  assert.equal(labels(pin.items)[0], '12.8.*');
  const priority = at('# /// script\n# [tool.pixi.workspace]\n# channel-priority = |\n# ///\n');
  assert.deepEqual(labels(priority.items), ['"strict"', '"flexible"', '"disabled"']);
});

test('tables: pixi tables are offered, first when the header already uses pixi; the workspace preset declares CUDA', () => {
  const fresh = at('# /// script\n# dependencies = []\n# [|\n# ///\n');
  assert.ok(labels(fresh.items, 'table').includes('[tool.pixi.dependencies]'));
  const pixi = at('# /// script\n# [tool.pixi.dependencies]\n# numpy = "*"\n# [|\n# ///\n');
  const tables = labels(pixi.items, 'table');
  assert.equal(tables[0], '[tool.pixi.workspace] conda-forge, linux-64 with CUDA');
  assert.ok(!tables.includes('[tool.pixi.dependencies]'), 'an existing table is not offered again');
  const preset = pixi.items.find((c) => c.label.startsWith('[tool.pixi.workspace] conda-forge'))!;
  assert.match(preset.newText, /platforms = \[\{ platform = "linux-64", cuda = "\$\{1:12\.0\}" \}\]/);
});

test('hover: conda packages, channels, platforms, targets', () => {
  const text = [
    '# /// script',
    '# [tool.pixi.workspace]',
    '# channels = ["conda-forge"]',
    '# platforms = [{ platform = "linux-64", cuda = "12.0" }]',
    '#',
    '# [tool.pixi.dependencies]',
    '# pytorch = "*"',
    '#',
    '# [tool.pixi.target.linux-64.dependencies]',
    '# cupy = "*"',
    '# ///',
    '',
  ].join('\n');
  assert.match(hoverAt(text, 2, 16) ?? '', /community channel/);
  assert.match(hoverAt(text, 3, 30) ?? '', /CUDA 12\.0 is declared/);
  assert.match(hoverAt(text, 6, 3) ?? '', /pytorch.*CUDA build where CUDA is declared/s);
  assert.match(hoverAt(text, 8, 20) ?? '', /linux-64/);
  assert.match(hoverAt(text, 9, 3) ?? '', /NumPy-compatible arrays on NVIDIA GPUs/);
});

test('the opening line says which runner reads what when [tool.pixi] is there, and both when [tool.uv] is too', () => {
  const both =
    '# /// script\n# dependencies = ["typer"]\n# [tool.uv]\n# prerelease = "allow"\n# [tool.pixi.dependencies]\n# numpy = "*"\n# ///\n';
  const hover = hoverAt(both, 0, 3)!;
  assert.match(
    hover,
    /`pixi run --script` reads `requires-python` and `dependencies` \(PyPI\) and `\[tool\.pixi\]`.*ignores `\[tool\.uv\]`/s,
  );
  assert.match(hover, /`uv run` reads .*`\[tool\.uv\]`; it ignores `\[tool\.pixi\]`/s);
  const uvOnly = hoverAt('# /// script\n# dependencies = []\n# ///\n', 0, 3)!;
  assert.doesNotMatch(uvOnly, /pixi/);
});
