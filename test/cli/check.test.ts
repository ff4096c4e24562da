// `experiment-scripts check` as a user runs it: the built dist/cli.js, spawned without a shell.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'scripts');

/** One file of `check --format json`. */
interface FileReport {
  path: string;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }[];
}

function check(args: string[], cwd = REPO) {
  const res = spawnSync(process.execPath, [CLI, 'check', ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint)\[([a-z0-9-]+\/[a-z0-9-]+)\] (.+)$/;

function tempTree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'es-check-'));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

const fixture = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel));

test('clean scripts: exit 0 and no output', () => {
  const r = check([path.join(FIXTURES, 'clean')]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '');
  assert.equal(r.code, 0);
});

test('text: one `path:line:col: severity[code] message` line per problem, 1-based, exit 1 on errors', () => {
  const file = path.join('test', 'fixtures', 'scripts', 'broken', 'bad_values.py');
  const r = check([file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  for (const l of lines) assert.match(l, LINE);
  const parsed = lines.map((l) => LINE.exec(l)!).map((m) => [m[1], +m[2], +m[3], m[4], m[5]]);
  assert.deepEqual(parsed, [
    [file, 2, 22, 'error', 'pep440/invalid-specifier'],
    [file, 4, 13, 'error', 'pep508/invalid-requirement'],
    [file, 5, 8, 'warning', 'deps/wrong-name'],
    [file, 8, 3, 'error', 'uv/unknown-setting'],
    [file, 12, 7, 'information', 'conventions/sys-argv'],
  ]);
  assert.match(lines[1], /`>>=` is not a version operator; did you mean `>=`\?$/);
});

test('json: every checked file with LSP ranges (0-based)', () => {
  const r = check(['--format', 'json', path.join(FIXTURES, 'broken', 'unclosed.py'), path.join(FIXTURES, 'clean', 'train.py')]);
  assert.equal(r.code, 1);
  const reports = JSON.parse(r.stdout) as FileReport[];
  assert.deepEqual(
    reports.map((x) => path.basename(x.path)),
    ['unclosed.py', 'train.py'],
  );
  assert.deepEqual(reports[1].diagnostics, []);
  const [open, line] = reports[0].diagnostics;
  assert.deepEqual(open, {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } },
    severity: 'error',
    code: 'pep723/unclosed-block',
    message: open.message,
  });
  assert.match(open.message, /no closing `# \/\/\/`/);
  assert.equal(line.code, 'pep723/missing-comment-prefix');
  assert.equal(line.range.start.line, 3);
  assert.deepEqual(Object.keys(open).sort(), ['code', 'message', 'range', 'severity']);
});

test('--format=json is accepted too, and warnings alone exit 0', () => {
  const r = check(['--format=json', path.join(FIXTURES, 'broken', 'with_bom.py')]);
  assert.equal(r.code, 0);
  const [report] = JSON.parse(r.stdout) as FileReport[];
  assert.deepEqual(
    report.diagnostics.map((d) => d.code),
    ['pep723/bom'],
  );
});

test('CRLF scripts are clean', () => {
  const r = check([path.join(FIXTURES, 'clean', 'windows_crlf.py')]);
  assert.deepEqual([r.code, r.stdout], [0, '']);
});

test('folders: *.py found at any depth; .venv, node_modules, runs and hidden folders skipped', () => {
  const bad = fixture('broken/bad_values.py');
  const root = tempTree({
    'exp/train.py': bad,
    'exp/nested/deeper/eval.py': bad,
    'exp/notes.txt': bad,
    'exp/.venv/lib/site.py': bad,
    'exp/node_modules/pkg/x.py': bad,
    'exp/runs/2025-01-01T00-00-00-a/copy.py': bad,
    'exp/.hidden/x.py': bad,
  });
  try {
    const r = check(['--format', 'json', 'exp'], root);
    assert.equal(r.code, 1);
    const paths = (JSON.parse(r.stdout) as FileReport[]).map((x) => x.path);
    assert.deepEqual(paths, [path.join('exp', 'train.py'), path.join('exp', 'nested', 'deeper', 'eval.py')]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('unreadable input: exit 2, a clear message, and the readable files still reported', () => {
  const r = check([
    path.join(FIXTURES, 'broken', 'binary.py'),
    'no/such/file.py',
    path.join(FIXTURES, 'broken', 'latin1.py'),
    path.join(FIXTURES, 'broken', 'bad_values.py'),
  ]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /binary\.py: not a text file/);
  assert.match(r.stderr, /cannot read no\/such\/file\.py: no such file or folder/);
  assert.match(r.stderr, /latin1\.py: not valid UTF-8/);
  assert.match(r.stdout, /bad_values\.py:4:13: error\[pep508\/invalid-requirement\]/);
  assert.doesNotMatch(r.stderr, /at .+\.js:\d+/, 'no stack trace');
});

test('bad usage: exit 2 with the usage on stderr', () => {
  for (const args of [[], ['--format'], ['--format', 'xml', 'x.py'], ['--verbose', 'x.py']]) {
    const r = check(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /usage: experiment-scripts check \[--format text\|json\] \[--fix \| --diff\] PATH\.\.\./, args.join(' '));
    assert.equal(r.stdout, '');
  }
  const help = check(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: experiment-scripts check/);
});

test('`--` ends the options, so a file named like an option can be checked', () => {
  const root = tempTree({ '--weird.py': fixture('clean/plot_curves.py') });
  try {
    const r = check(['--', '--weird.py'], root);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a large script (50 MB) is checked without trouble', () => {
  const root = tempTree({ 'big.py': Buffer.concat([fixture('broken/bad_values.py'), Buffer.alloc(50e6, 'x = 1\n')]) });
  try {
    const r = check(['big.py'], root);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.trimEnd().split('\n').length, 5);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
