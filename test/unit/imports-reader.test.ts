// Reading imports: which statements the scanner hands to the parser, and what the parser finds in them — every
// form of import, where it sits (try/except ImportError, TYPE_CHECKING, a version test, a function), and nothing
// inside strings, comments or docstrings.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { scanPythonCode } from '#core/python/codeScan';
import { loadPythonParser } from '#core/python/treeSitter';
import { MAX_STATEMENT_CHARS, PythonCodeReader } from '#core/python/readCode';

let reader: PythonCodeReader;
before(async () => {
  reader = new PythonCodeReader(await loadPythonParser());
});

const imports = (text: string) => reader.read(text).imports;
const modules = (text: string) => imports(text).map((i) => i.module);

test('import forms: dotted, aliased, several per line, from with parentheses over lines, dynamic with a literal', () => {
  const text = [
    'import a.b as c',
    'import os, sys as system',
    'from x.y import (',
    '    one,',
    '    two as deux,',
    ')',
    'm = importlib.import_module("pkg.sub")',
    "n = __import__('dunder')",
    'from __future__ import annotations',
    '',
  ].join('\n');
  const found = imports(text);
  assert.deepEqual(
    found.map((i) => [i.module, i.kind]),
    [
      ['a.b', 'import'],
      ['os', 'import'],
      ['sys', 'import'],
      ['x.y', 'from'],
      ['pkg.sub', 'dynamic'],
      ['dunder', 'dynamic'],
    ],
  );
  assert.deepEqual(found[3].names, ['one', 'two']);
  // Ranges point at the module name: `x.y` on line 3, the string's content for a dynamic import.
  assert.deepEqual(found[3].range, { start: { line: 2, character: 5 }, end: { line: 2, character: 8 } });
  assert.deepEqual(found[4].range, { start: { line: 6, character: 29 }, end: { line: 6, character: 36 } });
});

test('relative imports and dynamic imports of a computed name are not third-party modules', () => {
  const text =
    'from . import helpers\nfrom .pkg import tool\nfrom .. import up\nmod = importlib.import_module(name)\nrel = importlib.import_module(".x", "p")\nf = __import__(f"{a}")\n';
  assert.deepEqual(modules(text), []);
});

test('imports inside functions, classes, decorated functions and `if __name__ == "__main__":` are found', () => {
  const text = [
    'def f():',
    '    import inner',
    'class C:',
    '    def m(self):',
    '        from deep import thing',
    '@decorator',
    'def g():',
    '    import decorated',
    'if __name__ == "__main__":',
    '    import main_only',
    '',
  ].join('\n');
  assert.deepEqual(modules(text), ['inner', 'deep', 'decorated', 'main_only']);
});

test('try/except ImportError makes an import optional; TYPE_CHECKING makes it type-only; version tests make it conditional', () => {
  const text = [
    'try:',
    '    import fast',
    'except ImportError:',
    '    import slow',
    'try:',
    '    import bare',
    'except:',
    '    pass',
    'try:',
    '    import guarded',
    'except (OSError, ModuleNotFoundError):',
    '    pass',
    'try:',
    '    import unrelated',
    'except KeyError:',
    '    pass',
    'if TYPE_CHECKING:',
    '    import typed',
    'else:',
    '    import runtime',
    'if typing.TYPE_CHECKING:',
    '    import typed2',
    'if sys.version_info < (3, 11):',
    '    import tomli',
    'elif sys.platform == "win32":',
    '    import winreg',
    '',
  ].join('\n');
  const byName = new Map(imports(text).map((i) => [i.module, i]));
  const flags = (m: string) => {
    const i = byName.get(m)!;
    return [i.optional, i.typeOnly, i.conditional];
  };
  assert.deepEqual(flags('fast'), [true, false, false]);
  assert.deepEqual(flags('slow'), [false, false, false], 'the fallback in the except clause is a plain import');
  assert.deepEqual(flags('bare'), [true, false, false]);
  assert.deepEqual(flags('guarded'), [true, false, false]);
  assert.deepEqual(flags('unrelated'), [false, false, false]);
  assert.deepEqual(flags('typed'), [false, true, false]);
  assert.deepEqual(flags('runtime'), [false, false, false]);
  assert.deepEqual(flags('typed2'), [false, true, false]);
  assert.deepEqual(flags('tomli'), [false, false, true]);
  assert.deepEqual(flags('winreg'), [false, false, true]);
});

test('nothing inside strings, comments or docstrings counts, whatever the quotes and prefixes', () => {
  const text = [
    '"""Module docstring.',
    'import in_docstring',
    '"""',
    '# import in_comment',
    "s = 'import single'",
    'r = rb"import raw\\" still_raw"',
    "t = '''",
    'import in_triple',
    "'''",
    'f = f"{x["k"]} import nested_quotes {y!r:>{w}}"',
    'u = f"""{f"{z}"}',
    'import in_fstring_triple',
    '"""',
    'c = "a" "import concatenated"',
    'import real',
    '',
  ].join('\n');
  assert.deepEqual(modules(text), ['real']);
});

test('an unterminated one-line string ends at its line, and a backslash joins lines', () => {
  const text = 'x = "unterminated\nimport after_string\ny = 1 + \\\n    2\nimport after_join\n';
  assert.deepEqual(modules(text), ['after_string', 'after_join']);
});

test('the scanner hands over only the statements that hold an import or a runs string, and stops after the last', () => {
  const text = [
    'import a', // 0
    'x = 1', // 1
    'def f():', // 2
    '    return "runs/2025-01-01T00-00-00-x"', // 3
    'y = 2', // 4
    'z = 3', // 5
    '',
  ].join('\n');
  const scan = scanPythonCode(text);
  assert.deepEqual(
    scan.chunks.map((c) => text.slice(c.start, c.end)),
    ['import a\n', 'def f():\n    return "runs/2025-01-01T00-00-00-x"\n'],
  );
  assert.equal(scan.readUpTo, text.indexOf('y = 2'), 'reading stops at the statement after the last one it needs');
  assert.deepEqual(scanPythonCode('x = 1\n' + 'y = 2\n'.repeat(1000)), { chunks: [], readUpTo: 0 }, 'nothing to read: nothing read');
});

test('a try statement keeps its except clauses and a decorator its function; a bracket left open does not swallow the file', () => {
  const text = [
    'try:',
    '    import a',
    'except ImportError:',
    '    a = None',
    '@dec',
    'def f():',
    '    import b',
    'x = (1,',
    'def g():',
    '    import c',
    '',
  ].join('\n');
  const chunks = scanPythonCode(text).chunks.map((c) => text.slice(c.start, c.end));
  assert.equal(chunks[0], 'try:\n    import a\nexcept ImportError:\n    a = None\n');
  assert.equal(chunks[1], '@dec\ndef f():\n    import b\n');
  assert.equal(chunks[2], 'def g():\n    import c\n');
  assert.deepEqual(modules(text), ['a', 'b', 'c']);
});

test('statements are parsed once: reading again after an edit elsewhere parses only what changed', async () => {
  const fresh = new PythonCodeReader(await loadPythonParser());
  const text = 'import a\n\ndef f():\n    import b\n\nx = 1\n';
  fresh.read(text);
  assert.equal(fresh.parsed, 2);
  fresh.read(text.replace('x = 1', 'x = 2'));
  assert.equal(fresh.parsed, 2, 'an edit outside the imports parses nothing');
  fresh.read(text.replace('import b', 'import c'));
  assert.equal(fresh.parsed, 3, 'an edit in one statement parses that statement');
});

test('a statement too long to parse leaves the facts incomplete instead of stalling', () => {
  const huge = 'def f():\n    import x\n' + '    y = 1\n'.repeat(Math.ceil(MAX_STATEMENT_CHARS / 10) + 1);
  const facts = reader.read('import a\n' + huge);
  assert.equal(facts.incomplete, true);
  assert.deepEqual(
    facts.imports.map((i) => i.module),
    ['a'],
  );
});

test('positions are UTF-16 columns on `\\n` lines, CRLF and non-ASCII text included', () => {
  const text = 's = "héllo 😀"\r\nimport  ünïcode_mod\r\n';
  const [imp] = imports(text);
  assert.equal(imp.module, 'ünïcode_mod');
  assert.deepEqual(imp.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 19 } });
});

test('run paths used as paths are found, examples in help texts and docstrings are not', () => {
  const text = [
    'def main(run: str = typer.Argument("runs/2025-01-01T00-00-00-a", help="e.g. runs/2025-01-01T00-00-00-help")):',
    '    """Reads runs/2025-01-01T00-00-00-doc."""',
    '    p = Path("runs/2025-01-01T00-00-00-b")',
    '    q = open("runs/2025-01-01T00-00-00-c/logs/train.log")',
    '    r = os.path.join("runs/2025-01-01T00-00-00-d", "x")',
    '    s = Path(".") / "runs/2025-01-01T00-00-00-e"',
    '    t = typer.Option(default="runs/2025-01-01T00-00-00-f")',
    '    u = "runs/2025-01-01T00-00-00-assigned"',
    '',
  ].join('\n');
  assert.deepEqual(
    reader.read(text).runPaths.map((p) => [p.value, p.use]),
    [
      ['runs/2025-01-01T00-00-00-a', 'default'],
      ['runs/2025-01-01T00-00-00-b', 'path'],
      ['runs/2025-01-01T00-00-00-c/logs/train.log', 'path'],
      ['runs/2025-01-01T00-00-00-d', 'path'],
      ['runs/2025-01-01T00-00-00-e', 'path'],
      ['runs/2025-01-01T00-00-00-f', 'default'],
    ],
  );
});
