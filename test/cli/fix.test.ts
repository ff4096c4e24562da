// `experiment-scripts check --fix` and `--diff`, as a user runs them on a copy of real scripts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist', 'cli.js');

function cli(args: string[], cwd: string) {
  const res = spawnSync(process.execPath, [CLI, 'check', ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function tempTree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'es-fix-'));
  for (const [rel, content] of Object.entries(files)) fs.writeFileSync(path.join(root, rel), content);
  return root;
}

const EVAL = [
  '# /// script',
  '# requires-python = ">=3.11"',
  '# dependencies = [',
  '#     "typer",  # the command line',
  '#     "pytorch",',
  '# ]',
  '# ///',
  'import cv2',
  'import torch',
  'import typer',
  'import yaml',
  '',
].join('\n');

test('--fix repairs what is safe in place, says what it changed, and leaves the rest reported', (t) => {
  const root = tempTree({ 'eval.py': EVAL, 'plot.py': '# /// script\n# dependencies = ["typer"]\nimport typer\n' });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const mode = fs.statSync(path.join(root, 'eval.py')).mode;
  const r = cli(['--fix', '.'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    fs.readFileSync(path.join(root, 'eval.py'), 'utf8'),
    EVAL.replace('"pytorch"', '"torch"').replace('#     "torch",\n', '#     "torch",\n#     "opencv-python",\n#     "pyyaml",\n'),
    'the wrong name renamed, the missing distributions added one per line, the comment kept',
  );
  assert.equal(fs.readFileSync(path.join(root, 'plot.py'), 'utf8'), '# /// script\n# dependencies = ["typer"]\n# ///\nimport typer\n');
  assert.equal(fs.statSync(path.join(root, 'eval.py')).mode, mode, 'permissions kept');
  assert.match(
    r.stderr,
    /eval\.py: fixed 2 problems\n {2}line 5: \[deps\/wrong-name\] Replace `pytorch` with `torch`\n {2}line 8: \[deps\/undeclared-import\] Add all 2 missing dependencies/,
  );
  assert.match(r.stderr, /plot\.py: fixed 1 problem\n {2}line 1: \[pep723\/unclosed-block\]/);
  assert.deepEqual(fs.readdirSync(root).sort(), ['eval.py', 'plot.py'], 'no temporary file left behind');
  // What is not a safe fix stays a finding.
  assert.match(r.stdout, /eval\.py:5:8: information\[conventions\/torch-without-cuda-index\]/);
  assert.equal(cli(['--fix', '.'], root).stderr, '', 'a second run has nothing to fix');
});

test('--fix keeps CRLF line endings, and removes a byte-order mark that hides the header', (t) => {
  const crlf = '# /// script\r\n# dependencies = [\r\n#     "numpy",\r\n# ]\r\n# ///\r\nimport numpy\r\nimport yaml\r\n';
  const root = tempTree({ 'train_crlf.py': crlf });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  cli(['--fix', 'train_crlf.py'], root);
  assert.equal(
    fs.readFileSync(path.join(root, 'train_crlf.py'), 'utf8'),
    crlf.replace('#     "numpy",\r\n', '#     "numpy",\r\n#     "pyyaml",\r\n'),
  );
  const withBom = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('# /// script\n# dependencies = ["numpy"]\n# ///\nimport numpy\n'),
  ]);
  fs.writeFileSync(path.join(root, 'bom.py'), withBom);
  const r = cli(['--fix', 'bom.py'], root);
  assert.match(r.stderr, /\[pep723\/bom\] Remove the byte-order mark/);
  assert.deepEqual(fs.readFileSync(path.join(root, 'bom.py')), withBom.subarray(3), 'the mark, which hid the header from uv, removed');
});

test('--diff prints a unified diff, writes nothing, and exits 1 when there is something to change', (t) => {
  const root = tempTree({ 'eval.py': EVAL });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const r = cli(['--diff', 'eval.py'], root);
  assert.equal(r.code, 1);
  assert.equal(fs.readFileSync(path.join(root, 'eval.py'), 'utf8'), EVAL, 'nothing written');
  assert.match(r.stdout, /^--- a\/eval\.py\n\+\+\+ b\/eval\.py\n/m);
  assert.ok(
    r.stdout.includes('-#     "pytorch",\n+#     "torch",\n+#     "opencv-python",\n+#     "pyyaml",\n'),
    'the changed lines, as removals and additions',
  );
  assert.doesNotMatch(r.stdout, /information\[/, 'only the diff on stdout');
  const clean = tempTree({ 'ok.py': '# /// script\n# dependencies = ["typer"]\n# ///\nimport typer\n' });
  t.after(() => fs.rmSync(clean, { recursive: true, force: true }));
  const none = cli(['--diff', 'ok.py'], clean);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
});

test('--fix never touches a file it cannot parse, nor writes through a symbolic link', (t) => {
  const broken = '# /// script\n# dependencies = ["pytorch"]\n# ///\nimport torch\ndef f(:\n    pass\n';
  const root = tempTree({ 'broken.py': broken, 'target.py': EVAL });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.symlinkSync(path.join(root, 'target.py'), path.join(root, 'link.py'));
  const r = cli(['--fix', 'broken.py', 'link.py'], root);
  assert.match(r.stderr, /broken\.py: Python syntax error at line 5; not changed/);
  assert.match(r.stderr, /link\.py: a symbolic link; not changed/);
  assert.equal(fs.readFileSync(path.join(root, 'broken.py'), 'utf8'), broken);
  assert.equal(fs.readFileSync(path.join(root, 'target.py'), 'utf8'), EVAL, 'nothing written through the link');
  assert.ok(fs.lstatSync(path.join(root, 'link.py')).isSymbolicLink());
});

test('--fix and --diff are options of check only', () => {
  const r = spawnSync(process.execPath, [CLI, 'runs', '--fix', '.'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option '--fix'/);
});
