import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findCudaRequests } from '#core/launch/cudaWheels';

const header = (...lines: string[]) => ['# /// script', '# requires-python = ">=3.11"', ...lines, '# ///', 'import torch', ''].join('\n');

test('the PyTorch CUDA index in [[tool.uv.index]] is a CUDA request, at its line', () => {
  const src = header(
    '# dependencies = ["torch", "typer", "loguru"]',
    '# [[tool.uv.index]]',
    '# url = "https://download.pytorch.org/whl/cu121"',
  );
  assert.deepEqual(findCudaRequests(src), [{ line: 5, what: 'download.pytorch.org/whl/cu121' }]);
});

test('jax[cuda12], cupy-cuda12x, nvidia-*-cu12, tensorflow[and-cuda] and +cu local versions are CUDA requests', () => {
  const src = header(
    '# dependencies = [',
    '#     "jax[cuda12]",',
    '#     "cupy-cuda12x>=13",',
    '#     "nvidia-cudnn-cu12==9.1.0.70",',
    '#     "tensorflow[and-cuda]",',
    '#     "torch==2.3.0+cu121",',
    '#     "jax[cuda12_pip]",',
    '# ]',
  );
  assert.deepEqual(
    findCudaRequests(src).map((r) => r.what),
    ['jax[cuda12]', 'cupy-cuda12x', 'nvidia-cudnn-cu12', 'tensorflow[and-cuda]', 'torch==2.3.0+cu121', 'jax[cuda12_pip]'],
  );
});

test('CPU-only headers, TOML comments, text outside the block and CRLF headers', () => {
  assert.deepEqual(findCudaRequests(header('# dependencies = ["torch", "jax", "numpy", "tensorflow"]')), []);
  assert.deepEqual(findCudaRequests(header('# # Use jax[cuda12] when a GPU is available')), []);
  assert.deepEqual(findCudaRequests('# see https://download.pytorch.org/whl/cu121\nimport torch\n'), []);
  assert.deepEqual(findCudaRequests(header('# dependencies = []') + '\n# jax[cuda12]\n'), []);
  const crlf = header('# dependencies = ["jax[cuda12]"]').replace(/\n/g, '\r\n');
  assert.deepEqual(findCudaRequests(crlf), [{ line: 3, what: 'jax[cuda12]' }]);
});
