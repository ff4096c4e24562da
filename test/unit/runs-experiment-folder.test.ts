// What is an experiment folder: one rule for the Run Explorer, the commands, the language server and the CLI.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findExperimentFolder,
  findExperiments,
  isExperimentFolder,
  isInSkippedFolder,
  markerDir,
  trainScriptGlob,
  trainScriptPath,
} from '#core/runs/experimentFolder';
import { tempDir, writeFile } from './runs-fixture';

test('finds experiments by train.py or runs/, to a bounded depth, skipping environments and run folders', async () => {
  const root = tempDir();
  writeFile(path.join(root, 'mnist', 'train.py'), '');
  fs.mkdirSync(path.join(root, 'cifar', 'runs'), { recursive: true });
  writeFile(path.join(root, 'group', 'sub', 'train.py'), '');
  writeFile(path.join(root, 'cifar', 'runs', '2025-02-02T14-30-00-x', 'train.py'), '');
  writeFile(path.join(root, '.venv', 'lib', 'train.py'), '');
  writeFile(path.join(root, 'node_modules', 'pkg', 'train.py'), '');
  writeFile(path.join(root, 'a', 'b', 'c', 'd', 'e', 'f', 'train.py'), '');
  writeFile(path.join(root, 'notes', 'README.md'), '');
  fs.symlinkSync(root, path.join(root, 'loop'));
  const found = await findExperiments(root, { maxDepth: 4 });
  assert.deepEqual(found, [path.join(root, 'cifar'), path.join(root, 'group', 'sub'), path.join(root, 'mnist')]);
  assert.deepEqual(await findExperiments(path.join(root, 'mnist')), [path.join(root, 'mnist')]);
  assert.deepEqual(await findExperiments(path.join(root, 'missing')), []);
});

test('with the train script set to main.py, a folder with main.py is an experiment and one with only train.py is not', async () => {
  const root = tempDir();
  writeFile(path.join(root, 'renamed', 'main.py'), '');
  writeFile(path.join(root, 'classic', 'train.py'), '');
  fs.mkdirSync(path.join(root, 'trained', 'runs'), { recursive: true });
  writeFile(path.join(root, 'nested', 'src', 'main.py'), '');
  assert.deepEqual(await findExperiments(root, { trainScript: 'main.py' }), [
    path.join(root, 'nested', 'src'),
    path.join(root, 'renamed'),
    path.join(root, 'trained'),
  ]);
  assert.deepEqual(await findExperiments(root, { trainScript: 'src/main.py' }), [path.join(root, 'nested'), path.join(root, 'trained')]);
  assert.equal(await isExperimentFolder(path.join(root, 'renamed'), 'main.py'), true);
  assert.equal(await isExperimentFolder(path.join(root, 'classic'), 'main.py'), false);
  assert.equal(await isExperimentFolder(path.join(root, 'classic'), undefined), true, 'unset: train.py');
  assert.equal(await isExperimentFolder(path.join(root, 'classic'), '  '), true, 'blank: train.py');
});

test('a train script setting outside the experiment (absolute, or climbing out) means the default', () => {
  assert.equal(trainScriptPath('/etc/passwd'), 'train.py');
  assert.equal(trainScriptPath('../train.py'), 'train.py');
  assert.equal(trainScriptPath('src/../../x.py'), 'train.py');
  assert.equal(trainScriptPath(' main.py '), 'main.py');
  assert.equal(trainScriptPath('src/main.py'), 'src/main.py');
});

test('folders inside hidden folders, environments and runs/ below the searched folder are never experiments', async () => {
  const root = tempDir();
  for (const dir of ['.scratch/exp', 'venv/lib/exp', 'site-packages/exp', 'mnist/runs/2025-02-02T14-30-00-x', 'ok/exp']) {
    writeFile(path.join(root, dir, 'train.py'), '');
  }
  assert.equal(await isExperimentFolder(path.join(root, '.scratch', 'exp'), undefined, root), false);
  assert.equal(await isExperimentFolder(path.join(root, 'venv', 'lib', 'exp'), undefined, root), false);
  assert.equal(await isExperimentFolder(path.join(root, 'site-packages', 'exp'), undefined, root), false);
  assert.equal(await isExperimentFolder(path.join(root, 'mnist', 'runs', '2025-02-02T14-30-00-x'), undefined, root), false);
  assert.equal(await isExperimentFolder(path.join(root, 'ok', 'exp'), undefined, root), true);
  // Judged below the searched folder only: a workspace inside a hidden folder is searched as usual.
  assert.equal(await isExperimentFolder(path.join(root, '.scratch', 'exp'), undefined, path.join(root, '.scratch')), true);
  assert.equal(isInSkippedFolder(''), false);
  assert.equal(isInSkippedFolder(path.join('a', 'node_modules', 'b')), true);
});

test("a file's experiment is the nearest one at or above it, up to its workspace folder or a few levels", async () => {
  const root = tempDir();
  writeFile(path.join(root, 'exp', 'train.py'), '');
  writeFile(path.join(root, 'exp', 'scripts', 'old', 'eval.py'), '');
  writeFile(path.join(root, 'exp', 'runs', '2025-02-02T14-30-00-x', 'train.py'), '');
  const deep = path.join(root, 'exp', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'eval.py');
  writeFile(deep, '');
  assert.equal(await findExperimentFolder(path.join(root, 'exp', 'eval.py'), undefined, root), path.join(root, 'exp'));
  assert.equal(await findExperimentFolder(path.join(root, 'exp', 'scripts', 'old', 'eval.py'), undefined, root), path.join(root, 'exp'));
  // The copy of train.py kept in a run folder does not make the run an experiment.
  const kept = path.join(root, 'exp', 'runs', '2025-02-02T14-30-00-x', 'train.py');
  assert.equal(await findExperimentFolder(kept, undefined, root), path.join(root, 'exp'));
  // Inside a workspace folder the search goes up to it, however deep; without one, a few levels only.
  assert.equal(await findExperimentFolder(deep, undefined, root), path.join(root, 'exp'));
  assert.equal(await findExperimentFolder(deep, undefined), undefined, 'too far below, and no workspace folder to bound the search');
  assert.equal(await findExperimentFolder(path.join(root, 'other', 'x.py'), undefined, root), undefined);
  assert.equal(
    await findExperimentFolder(path.join(root, 'exp', 'main.py'), 'main.py', root),
    path.join(root, 'exp'),
    'runs/ makes it one',
  );
});

test('file watcher events: which folder a created or deleted train script or runs/ concerns', () => {
  const exp = path.resolve('/w/exp');
  assert.equal(markerDir(path.join(exp, 'train.py'), undefined), exp);
  assert.equal(markerDir(path.join(exp, 'runs'), 'main.py'), exp);
  assert.equal(markerDir(path.join(exp, 'main.py'), 'main.py'), exp);
  assert.equal(markerDir(path.join(exp, 'src', 'main.py'), 'src/main.py'), exp);
  assert.equal(markerDir(path.join(exp, 'train.py'), 'main.py'), undefined);
  assert.equal(markerDir(path.join(exp, 'eval.py'), undefined), undefined);
  assert.equal(trainScriptGlob(undefined), '**/train.py');
  assert.equal(trainScriptGlob('src/main.py'), '**/src/main.py');
  assert.equal(trainScriptGlob('run{1,2}.py'), '**/run?1?2?.py', 'glob characters match any character');
});
