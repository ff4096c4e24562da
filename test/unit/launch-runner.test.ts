import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPixiManifest, hasPixiTable } from '#core/launch/pixiManifest';
import { findExecutable } from '#core/launch/findExecutable';

test('a [tool.pixi] table, a sub-table, an array of tables or a dotted key means pixi', () => {
  assert.equal(hasPixiTable('[project]\nname = "x"\n\n[tool.pixi.workspace]\nchannels = ["conda-forge"]\n'), true);
  assert.equal(hasPixiTable('[tool.pixi]\n'), true);
  assert.equal(hasPixiTable('[ tool . "pixi" . dependencies ]\n'), true);
  assert.equal(hasPixiTable('[[tool.pixi.feature.cuda.target]]\n'), true);
  assert.equal(hasPixiTable('tool.pixi.workspace.channels = ["conda-forge"]\n'), true);
  assert.equal(hasPixiTable('[tool]\npixi = { workspace = { channels = [] } }\n'), true);
  assert.equal(hasPixiTable('[tool]\npixi.workspace.platforms = ["linux-64"]\n'), true);
  assert.equal(hasPixiTable('tool = { pixi = { workspace = {} } }\n'), true);
  assert.equal(hasPixiTable('[tool.pixi] # the environment\r\nchannels = []\r\n'), true);
});

test('pixi mentioned elsewhere does not count: other tools, comments, strings, multi-line strings', () => {
  assert.equal(hasPixiTable('[project]\nname = "pixi-demo"\n[tool.ruff]\nline-length = 100\n'), false);
  assert.equal(hasPixiTable('# [tool.pixi]\n[tool.uv]\n'), false);
  assert.equal(hasPixiTable('[project]\ndescription = """\n[tool.pixi]\n"""\n'), false);
  assert.equal(hasPixiTable('[project]\nreadme = "[tool.pixi]"\n'), false);
  assert.equal(hasPixiTable('[tool.pixiish]\n'), false);
  assert.equal(hasPixiTable('[project]\ntool.pixi = 1\n'), false);
  assert.equal(hasPixiTable(''), false);
  assert.equal(hasPixiTable('[tool.pixi'), false);
});

function tree(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('the manifest is found in the experiment folder or above it, up to the workspace folder', (t) => {
  const root = tree(t, {
    'ws/pixi.toml': '[workspace]\n',
    'ws/exp/train.py': '',
    'ws2/pyproject.toml': '[project]\nname="x"\n',
    'ws2/sub/pyproject.toml': '[tool.pixi.workspace]\n',
    'ws2/sub/exp/train.py': '',
    'ws3/exp/train.py': '',
    'pixi.toml': '[workspace]\n',
  });
  assert.equal(findPixiManifest(path.join(root, 'ws/exp'), path.join(root, 'ws')), path.join(root, 'ws/pixi.toml'));
  assert.equal(findPixiManifest(path.join(root, 'ws2/sub/exp'), path.join(root, 'ws2')), path.join(root, 'ws2/sub/pyproject.toml'));
  // ws3 has no manifest; the one above the workspace folder is not used.
  assert.equal(findPixiManifest(path.join(root, 'ws3/exp'), path.join(root, 'ws3')), undefined);
  // Without a workspace folder the search goes on upwards.
  assert.equal(findPixiManifest(path.join(root, 'ws3/exp'), undefined), path.join(root, 'pixi.toml'));
});

test('a pyproject.toml without [tool.pixi] does not stop the search for a pixi.toml above it', (t) => {
  const root = tree(t, { 'pixi.toml': '', 'exp/pyproject.toml': '[project]\n', 'exp/train.py': '' });
  assert.equal(findPixiManifest(path.join(root, 'exp'), root), path.join(root, 'pixi.toml'));
});

test('programs are looked up on PATH like execvp; paths are checked as they are', (t) => {
  const root = tree(t, { 'bin/uv': '#!/bin/sh\n', 'bin/notexec': '' });
  fs.chmodSync(path.join(root, 'bin/uv'), 0o755);
  const PATH = ['/nonexistent', path.join(root, 'bin')].join(':');
  assert.equal(findExecutable('uv', PATH, '/'), path.join(root, 'bin/uv'));
  assert.equal(findExecutable('pixi', PATH, '/'), undefined);
  assert.equal(findExecutable('notexec', PATH, '/'), undefined);
  assert.equal(findExecutable(path.join(root, 'bin/uv'), '', '/'), path.join(root, 'bin/uv'));
  assert.equal(findExecutable('bin/uv', '', root), path.join(root, 'bin/uv'));
  assert.equal(findExecutable('', PATH, '/'), undefined);
});
