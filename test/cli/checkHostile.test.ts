// `experiment-scripts check` on what a hostile or careless repository can carry: a named pipe or a device where a
// script should be, symbolic links inside and out of the tree (and loops), terminal escapes in a header, and
// script names that are not UTF-8. Nothing may hang, nothing may be skipped without a word.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist', 'cli.js');
// eslint-disable-next-line no-control-regex -- the characters a terminal acts on, which output must not hold
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const BAD = '# /// script\n# dependencies = ["numpy>>=1.0"]\n# ///\n';
const GOOD = '# /// script\n# dependencies = ["numpy"]\n# ///\n';

function check(args: string[], cwd = REPO) {
  const res = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'check', ...args], { encoding: 'utf8', cwd, timeout: 20_000 });
  return { code: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
}

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'es-check-hostile-'));
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

test('a named pipe given as a script is refused at once, with the reason', () => {
  const root = tree({});
  const pipe = path.join(root, 'pipe.py');
  assert.equal(spawnSync('mkfifo', [pipe]).status, 0);
  const r = check([pipe]);
  assert.equal(r.signal, null, 'check must not wait on the pipe');
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `experiment-scripts check: ${pipe}: not a regular file (a named pipe); not checked\n`);
});

test('a script linked to /dev/zero is refused without reading it', () => {
  const root = tree({});
  const zero = path.join(root, 'zero.py');
  fs.symlinkSync('/dev/zero', zero);
  const r = check([zero]);
  assert.equal(r.signal, null);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /zero\.py: not a regular file \(a character device\); not checked/);
});

test('a script larger than the cap is refused without being read whole', () => {
  const root = tree({});
  const big = path.join(root, 'big.py');
  fs.writeFileSync(big, GOOD);
  fs.truncateSync(big, 128 * 1024 * 1024);
  const r = check([big]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /big\.py: larger than 100 MiB \(128 MiB\); not checked/);
});

test('check DIR follows links inside the tree once, and says what it did not check', () => {
  const outside = tree({ 'elsewhere.py': BAD });
  const root = tree({ 'src/impl.py': BAD, 'src/ok.py': GOOD });
  fs.symlinkSync('src', path.join(root, 'linked-src'));
  fs.symlinkSync(path.join('src', 'impl.py'), path.join(root, 'train.py'));
  fs.symlinkSync(path.join(outside, 'elsewhere.py'), path.join(root, 'outside.py'));
  fs.symlinkSync('missing.py', path.join(root, 'dangling.py'));
  fs.symlinkSync('..', path.join(root, 'src', 'loop'));
  const r = check(['--format', 'json', root]);
  const checked = (JSON.parse(r.stdout) as { path: string }[]).map((f) => path.relative(root, f.path));
  // Each file once, under its first name in walk order; the link to the folder adds nothing new.
  assert.deepEqual(checked, ['src/impl.py', 'src/ok.py']);
  const notes = r.stderr.trimEnd().split('\n');
  assert.deepEqual(notes.sort(), [
    `experiment-scripts check: ${path.join(root, 'dangling.py')}: a symbolic link to something that does not exist; not checked`,
    `experiment-scripts check: ${path.join(root, 'linked-src')}: the same folder as ${path.join(root, 'src')}, checked once`,
    `experiment-scripts check: ${path.join(root, 'outside.py')}: a symbolic link to ${path.join(fs.realpathSync(outside), 'elsewhere.py')}, outside ${root}; not checked`,
    `experiment-scripts check: ${path.join(root, 'src', 'loop')}: the same folder as ${root}, checked once`,
    `experiment-scripts check: ${path.join(root, 'train.py')}: the same file as ${path.join(root, 'src', 'impl.py')}, checked once`,
  ]);
  // Something named could not be checked (the link out, the dangling link): the exit status says the check is not whole.
  assert.equal(r.code, 2);
});

test('a script reached only through a link inside the tree is checked: check DIR agrees with check FILE', () => {
  const root = tree({ 'lib/.hidden/train_impl.py': BAD });
  fs.symlinkSync(path.join('lib', '.hidden', 'train_impl.py'), path.join(root, 'train.py'));
  assert.equal(check([path.join(root, 'train.py')]).code, 1);
  const r = check([root]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /train\.py:2:\d+: error\[pep508\/invalid-requirement\]/);
});

test('terminal escapes in a header are escaped in the text output', () => {
  const root = tree({ 'x.py': '# /// script\n# dependencies = ["\\e[2J\\e]0;pwned\\u0007"]\n# ///\n' });
  const r = check([path.join(root, 'x.py')]);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, CONTROL);
  assert.match(r.stdout, /\\x1b\[2J/);
  const json = check(['--format', 'json', path.join(root, 'x.py')]);
  const reports = JSON.parse(json.stdout) as { diagnostics: { message: string }[] }[];
  assert.ok(reports[0].diagnostics[0].message.includes('\u001b[2J'), 'JSON keeps the exact text');
});

test('a script whose name is not UTF-8 is checked, not reported missing', () => {
  const root = tree({});
  fs.writeFileSync(Buffer.concat([Buffer.from(path.join(root, 'caf')), Buffer.from([0xe9, 0x2e, 0x70, 0x79])]), BAD);
  const r = check([root]);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /caf\ufffd\.py:2:\d+: error\[pep508\/invalid-requirement\]/);
});

test('--fix names files with their control characters escaped, and leaves alone a file whose name is not UTF-8', () => {
  const unclosed = '# /// script\n# dependencies = ["typer"]\nimport typer\n';
  const root = tree({ 'a\u001b[2Jb.py': unclosed });
  const odd = Buffer.concat([Buffer.from(path.join(root, 'caf')), Buffer.from([0xe9, 0x2e, 0x70, 0x79])]);
  fs.writeFileSync(odd, unclosed);
  const r = check(['--fix', root]);
  assert.doesNotMatch(r.stderr, CONTROL);
  assert.match(r.stderr, /a\\x1b\[2Jb\.py: fixed 1 problem\n {2}line 1: \[pep723\/unclosed-block\]/);
  assert.match(r.stderr, /caf\ufffd\.py: its name is not valid UTF-8; not changed/);
  assert.equal(fs.readFileSync(odd, 'utf8'), unclosed, 'the file with that name is as it was');
  assert.deepEqual(
    fs.readdirSync(root).filter((n) => !n.startsWith('a')),
    [Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x79]).toString('utf8')],
    'no file was made under the name as printed',
  );
});
