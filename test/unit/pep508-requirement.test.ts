// PEP 508 requirements as written in `dependencies`: everything uv accepts must parse; mistakes get a precise
// message, a range on the offending part and, where obvious, a corrected requirement.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { normalizeName, parseRequirement } from '#core/pep508/requirement';
import { parseMarker } from '#core/pep508/marker';

const ACCEPTED = [
  'numpy',
  'torch>=2.1',
  'jax[cuda12]',
  'jax[cuda12]>=0.4.30',
  "numpy<2; python_version<'3.12'",
  'numpy<2;python_version<"3.12"',
  'numpy <2 ; python_version < "3.12"',
  'pkg @ https://example.com/pkg-1.0-py3-none-any.whl',
  'pkg@https://example.com/pkg-1.0.tar.gz',
  'pkg @ https://example.com/pkg.whl ; sys_platform == "linux"',
  'pkg @ https://example.com/pkg.whl; sys_platform == "linux"',
  'pkg @ git+https://github.com/org/pkg.git@v1.2',
  'pkg @ file:///home/me/pkg',
  'name==1.0.*',
  'Foo_Bar.baz>=1',
  'requests [security,socks] >= 2.8.1, == 2.8.*',
  'requests[ security , socks ]',
  'pkg[]',
  'numpy (>=1.20,<2)',
  'numpy(>=1.20)',
  '  numpy  ',
  'numpy>=1.0,<2.0',
  'numpy ~= 1.26',
  'torch==2.1.0+cu121',
  'a',
  'A1',
  'x-y_z.w',
  'numpy; python_version >= "3.11" and (sys_platform == "linux" or platform_machine == "x86_64")',
  'numpy; extra == "gpu"',
  "numpy; 'linux' in sys_platform",
  'numpy; sys_platform not in "win32 cygwin"',
  'numpy; platform_python_implementation == "CPython"',
  'numpy; implementation_name == "cpython" and implementation_version >= "3.11"',
  'numpy; python_full_version >= "3.11.2"',
  'numpy; os_name == "posix" and platform_system == "Linux" and platform_release >= "5" and platform_version != ""',
  'numpy; python_version === "3.11"',
  'numpy; python_version ~= "3.11"',
  'numpy; sys.platform == "linux"',
];

const REJECTED: [string, RegExp, string, string | undefined][] = [
  // requirement, message, offending text, suggestion
  ['numpy>>=1.0', /`>>=` is not a version operator; did you mean `>=`\?/, '>>=1.0', 'numpy>=1.0'],
  ['numpy=1.0', /did you mean `==`/, '=1.0', 'numpy==1.0'],
  ['numpy 1.0', /needs an operator/, '1.0', 'numpy >=1.0'],
  ['numpy>=1.0.*', /can only follow/, '>=1.0.*', 'numpy>=1.0'],
  ['numpy, scipy', /its own string/, ', scipy', undefined],
  ['numpy scipy', /its own string/, 'scipy', undefined],
  ['numpy python_version<"3.12"', /must follow a `;`/, 'python_version<"3.12"', 'numpy; python_version<"3.12"'],
  ['numpy; python_version<3.12', /quoted strings/, '3.12', "numpy; python_version<'3.12'"],
  ['numpy; sys_platform == linux', /quoted strings/, 'linux', "numpy; sys_platform == 'linux'"],
  ['numpy; python-version < "3.12"', /did you mean `python_version`/, 'python-version', 'numpy; python_version < "3.12"'],
  ['numpy; pyton_version < "3.12"', /did you mean `python_version`/, 'pyton_version', 'numpy; python_version < "3.12"'],
  ['numpy; python_version = "3.12"', /use `==`/, '=', 'numpy; python_version == "3.12"'],
  [
    'numpy; python_version < "3.12" && sys_platform == "linux"',
    /`and`/,
    '&&',
    'numpy; python_version < "3.12" and sys_platform == "linux"',
  ],
  ['numpy; (python_version < "3.12"', /never closed/, '(', undefined],
  ['numpy; python_version < "3.12', /no closing/, '"3.12', 'numpy; python_version < "3.12"'],
  ['numpy;', /must be followed by an environment marker/, ';', undefined],
  ['numpy; python_version', /ends before its comparison operator/, 'python_version', undefined],
  ['jax[cuda12', /closing `\]`/, '[cuda12', 'jax[cuda12]'],
  ['jax[cuda 12]', /not a valid extra name/, 'cuda 12', undefined],
  ['numpy (>=1.0', /closing `\)`/, '(>=1.0', undefined],
  ['pkg @', /must be followed by a URL/, '@', undefined],
  ['pkg @ example.com/pkg.whl', /not a URL/, 'example.com/pkg.whl', undefined],
  ['https://example.com/pkg.whl', /needs a package name/, 'https://example.com/pkg.whl', undefined],
  ['-numpy', /must start with a package name/, '-', undefined],
  ['', /empty dependency/, '', undefined],
  ['numpy-', /not a version specifier/, '-', undefined],
  ['numpy^1.0', /caret/, '^1.0', 'numpy>=1.0'],
  ['numpy>=1.0 <2', /comma/, '>=1.0 <2', 'numpy>=1.0,<2'],
];

test('parses every requirement form uv accepts', () => {
  for (const r of ACCEPTED) {
    const p = parseRequirement(r);
    assert.ok(p.ok, `'${r}' should parse: ${p.ok ? '' : p.problem.message}`);
  }
});

test('reads the parts of a requirement with their offsets', () => {
  const text = 'requests [security,socks] >= 2.8.1, == 2.8.* ; python_version < "3.12"';
  const p = parseRequirement(text);
  assert.ok(p.ok);
  const r = p.requirement;
  assert.equal(r.name.text, 'requests');
  assert.deepEqual(
    r.extras.map((e) => text.slice(e.start, e.end)),
    ['security', 'socks'],
  );
  assert.equal(r.specifier?.text, '>= 2.8.1, == 2.8.*');
  assert.equal(text.slice(r.specifier.start, r.specifier.end), '>= 2.8.1, == 2.8.*');
  assert.equal(r.marker?.text, 'python_version < "3.12"');
  const u = parseRequirement('pkg @ https://x.org/p.whl; sys_platform == "linux"');
  assert.ok(u.ok);
  assert.equal(u.requirement.url?.text, 'https://x.org/p.whl');
  assert.equal(u.requirement.marker?.text, 'sys_platform == "linux"');
  const paren = parseRequirement('numpy (>=1.20,<2)');
  assert.ok(paren.ok);
  assert.equal(paren.requirement.specifier?.text, '>=1.20,<2');
});

test('rejects mistakes with a message, the offending part and a fix', () => {
  for (const [r, message, part, suggestion] of REJECTED) {
    const p = parseRequirement(r);
    assert.ok(!p.ok, `'${r}' should be rejected`);
    assert.match(p.problem.message, message, r);
    assert.equal(r.slice(p.problem.start, p.problem.end), part, `range for '${r}'`);
    assert.equal(p.problem.suggestion, suggestion, `suggestion for '${r}'`);
    if (suggestion !== undefined) assert.ok(parseRequirement(suggestion).ok, `the suggestion for '${r}' parses`);
  }
});

test('hostile markers do not exhaust the stack', () => {
  const deep = 'python_version < "3"'.padStart(0);
  const nested = '('.repeat(100_000) + deep + ')'.repeat(100_000);
  const problem = parseMarker(nested);
  assert.ok(problem);
  assert.match(problem.message, /too deeply/);
  assert.equal(parseMarker('('.repeat(20) + deep + ')'.repeat(20)), undefined);
  const long = Array.from({ length: 20_000 }, () => 'python_version < "3"').join(' and ');
  assert.equal(parseMarker(long), undefined);
});

test('normalizes names like PyPI', () => {
  assert.equal(normalizeName('Foo_Bar.baz'), 'foo-bar-baz');
  assert.equal(normalizeName('scikit__learn'), 'scikit-learn');
});
