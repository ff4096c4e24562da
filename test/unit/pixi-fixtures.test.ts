// Headers from pixi's own documentation and test suite (see test/fixtures/pixi-scripts/README.md): the checker
// must say exactly what pixi 0.77.0 does with each — no error where pixi runs the script, an error on each key
// pixi refuses.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeScript } from '#core/pep723/index';

const dir = path.resolve(__dirname, '../../../test/fixtures/pixi-scripts');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const errors = (name: string) => analyzeScript(read(name), { fileName: name }).diagnostics.filter((d) => d.severity === 'error');
const keyAt = (text: string, d: { range: { start: { line: number; character: number }; end: { character: number } } }) =>
  text.split(/\r?\n/)[d.range.start.line].slice(d.range.start.character, d.range.end.character);

test('headers pixi runs get no error and no warning', () => {
  for (const name of ['earthquakes.py', 'standard_and_pixi.py', 'conda_and_pypi.py', 'initialized_crlf.py', 'train_pytorch_gpu.py']) {
    const found = analyzeScript(read(name), { fileName: name }).diagnostics.filter(
      (d) => d.severity === 'error' || d.severity === 'warning',
    );
    assert.deepEqual(
      found.map((d) => `${d.code}: ${d.message}`),
      [],
      name,
    );
  }
});

test('workspace-only tables: exactly the keys pixi names in its refusal', () => {
  const text = read('workspace_only.py');
  const found = errors('workspace_only.py');
  assert.deepEqual(
    found.map((d) => d.code),
    ['pixi/not-in-scripts', 'pixi/not-in-scripts', 'pixi/not-in-scripts'],
  );
  assert.deepEqual(found.map((d) => keyAt(text, d)).sort(), ['feature', 'host-dependencies', 'tasks']);
});

test('a workspace field outside the script allowlist, and a target task table', () => {
  const text = read('unknown_workspace_field.py');
  const found = errors('unknown_workspace_field.py');
  assert.deepEqual(found.map((d) => keyAt(text, d)).sort(), ['description', 'tasks']);
  assert.ok(found.every((d) => /refuse/.test(d.message)));
});

test('an invalid operator is reported where pixi points: line 6, column 18', () => {
  const [d, ...rest] = errors('invalid_operator.py');
  assert.equal(rest.length, 0);
  assert.equal(d.code, 'pixi/invalid-version-spec');
  assert.deepEqual(d.range.start, { line: 5, character: 17 });
  assert.match(d.message, /`!` is not a version operator/);
});

test('the CPU PyTorch header of a train script gets the GPU hint; the CUDA one does not', () => {
  const cpu = analyzeScript(read('train_pytorch_cpu.py'), { fileName: 'train.py' }).diagnostics;
  assert.deepEqual(
    cpu.map((d) => d.code),
    ['conventions/pixi-without-gpu'],
  );
  const gpu = analyzeScript(read('train_pytorch_gpu.py'), { fileName: 'train.py' }).diagnostics;
  assert.deepEqual(gpu, []);
});
