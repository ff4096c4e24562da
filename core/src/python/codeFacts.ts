// What the checks need to know about one parsed statement (see codeScan.ts): the modules it imports and in which
// setting (inside `try … except ImportError`, under `if TYPE_CHECKING:`, under a version or platform test), the
// `runs/…` strings it uses as paths, and whether it builds a `runs/…` path from the current time. Offsets are
// relative to the statement's text.
import type { Node } from 'web-tree-sitter';

export type ImportKind = 'import' | 'from' | 'dynamic';

export interface ImportFact {
  /** The dotted module name as written, e.g. `google.protobuf.message` (relative imports are not listed). */
  module: string;
  /** For `from m import a, b`: `a` and `b` (a namespace package such as `google.cloud` is told apart by them). */
  names: string[];
  kind: ImportKind;
  /** Offsets of the module name (of the string's content for `__import__("x")`). */
  start: number;
  end: number;
  /** Offsets of the whole import statement (of the call for a dynamic import). */
  statementStart: number;
  statementEnd: number;
  /** In the body of a `try` whose `except` catches ImportError: the script copes without the module. */
  optional: boolean;
  /** Under `if TYPE_CHECKING:`: never imported at run time. */
  typeOnly: boolean;
  /** Under a test of the Python version or the platform (`if sys.version_info < (3, 11):`). */
  conditional: boolean;
}

/** How a `runs/…` string is used. */
export type RunPathUse = 'path' | 'default';

export interface RunPathFact {
  /** The string's value, e.g. `runs/2025-02-02T15-00-00-full/logs`. */
  value: string;
  /** Offsets of the value (between the quotes). */
  start: number;
  end: number;
  use: RunPathUse;
}

export interface ChunkFacts {
  imports: ImportFact[];
  runPaths: RunPathFact[];
  /** `runs` strings that build a path from the current time (`Path("runs") / f"{datetime.now():…}-{name}"`). */
  timedRunPaths: { start: number; end: number }[];
  /** True when the parser found syntax errors in the statement. */
  hasErrors: boolean;
}

/** Calls that take a path as their first argument. */
const PATH_FUNCTIONS = new Set([
  'Path',
  'PurePath',
  'PosixPath',
  'PurePosixPath',
  'WindowsPath',
  'open',
  'join',
  'exists',
  'isdir',
  'isfile',
  'listdir',
  'scandir',
  'makedirs',
  'mkdir',
  'glob',
  'load',
  'read_csv',
  'read_json',
  'read_parquet',
  'loadtxt',
]);
/** Typer parameters whose first argument or `default=` is the parameter's default value. */
const TYPER_PARAMETERS = new Set(['Argument', 'Option']);
const TIME_METHODS = new Set(['now', 'utcnow', 'today', 'strftime', 'localtime', 'gmtime']);
const CATCHES_IMPORT_ERROR = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;
const VERSION_OR_PLATFORM = /\b(sys\s*\.\s*(version_info|platform|implementation)|platform\s*\.|os\s*\.\s*name)\b|\bversion_info\b/;
const RUN_PATH = /^(?:\.\/)?runs\/[^/\s]/;

export function chunkFacts(root: Node): ChunkFacts {
  const facts: ChunkFacts = { imports: [], runPaths: [], timedRunPaths: [], hasErrors: root.hasError };
  const runsStrings: Node[] = [];
  let timeCall = false;
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement', 'call', 'string'])) {
    if (!node) continue;
    switch (node.type) {
      case 'import_statement':
        for (const name of node.childrenForFieldName('name')) {
          const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
          if (dotted?.type === 'dotted_name') facts.imports.push(importFact(node, dotted, dotted.text, [], 'import'));
        }
        break;
      case 'import_from_statement': {
        const module = node.childForFieldName('module_name');
        if (module?.type !== 'dotted_name') break; // relative imports name the script's own package
        const names = node.childrenForFieldName('name').flatMap((n) => {
          const dotted = n?.type === 'aliased_import' ? n.childForFieldName('name') : n;
          return dotted ? [dotted.text] : [];
        });
        facts.imports.push(importFact(node, module, module.text, names, 'from'));
        break;
      }
      case 'call': {
        const fn = calledName(node);
        if (fn === '__import__' || fn === 'import_module') {
          const arg = firstArgument(node);
          const value = arg && plainString(arg);
          if (arg && value !== undefined && /^[A-Za-z_][\w.]*$/.test(value)) {
            const content = contentRange(arg);
            facts.imports.push({
              ...contextOf(node),
              module: value,
              names: [],
              kind: 'dynamic',
              start: content.start,
              end: content.end,
              statementStart: node.startIndex,
              statementEnd: node.endIndex,
            });
          }
        } else if (fn && TIME_METHODS.has(fn)) {
          timeCall = true;
        } else if (fn === 'time' && node.childForFieldName('function')?.text.replace(/\s/g, '') === 'time.time') {
          timeCall = true;
        }
        break;
      }
      case 'string': {
        const literal = literalPrefix(node);
        if (literal === undefined || !/^(?:\.\/)?runs(?:\/|$)/.test(literal)) break;
        runsStrings.push(node);
        const value = plainString(node);
        if (value === undefined || !RUN_PATH.test(value)) break;
        const use = runPathUse(node);
        if (use) facts.runPaths.push({ value, ...contentRange(node), use });
        break;
      }
    }
  }
  if (timeCall) {
    const built = runsStrings.find((s) => buildsPath(s));
    if (built) facts.timedRunPaths.push(contentRange(built));
  }
  return facts;
}

function importFact(statement: Node, name: Node, module: string, names: string[], kind: ImportKind): ImportFact {
  return {
    ...contextOf(statement),
    module: module.replace(/\s+/g, ''),
    names,
    kind,
    start: name.startIndex,
    end: name.endIndex,
    statementStart: statement.startIndex,
    statementEnd: statement.endIndex,
  };
}

/** Where an import sits: inside a `try` that catches ImportError, under `if TYPE_CHECKING:`, under a version test. */
function contextOf(node: Node): Pick<ImportFact, 'optional' | 'typeOnly' | 'conditional'> {
  const found = { optional: false, typeOnly: false, conditional: false };
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.equals(child)) {
      if (parent.namedChildren.some((c) => c?.type === 'except_clause' && catchesImportError(c))) found.optional = true;
    } else if (parent.type === 'if_statement' || parent.type === 'elif_clause') {
      const condition = parent.childForFieldName('condition')?.text ?? '';
      if (/\bTYPE_CHECKING\b/.test(condition) && parent.childForFieldName('consequence')?.equals(child)) found.typeOnly = true;
      if (VERSION_OR_PLATFORM.test(condition)) found.conditional = true;
    }
  }
  return found;
}

function catchesImportError(clause: Node): boolean {
  const value = clause.childForFieldName('value');
  // A bare `except:` catches everything, ImportError included.
  if (!value) return clause.namedChildren.every((c) => c?.type === 'block' || c?.type === 'comment');
  return CATCHES_IMPORT_ERROR.test(value.text);
}

/** The name a call calls: `f` for `f(…)` and `a.b.f(…)`. */
function calledName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

function firstArgument(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  const first = args?.namedChildren.find((c) => c?.type !== 'comment');
  return first ?? undefined;
}

/** The value of a string literal without interpolation or escapes; undefined otherwise. */
function plainString(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let value = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_start' || c.type === 'string_end') continue;
    if (c.type !== 'string_content' || c.namedChildCount > 0) return undefined;
    value += c.text;
  }
  return value;
}

/** The literal text a string starts with, up to its first `{…}` field (f-strings) or escape. */
function literalPrefix(node: Node): string | undefined {
  let value = '';
  for (const c of node.namedChildren) {
    if (!c || c.type === 'string_start') continue;
    if (c.type !== 'string_content') break;
    value += c.text;
    if (c.namedChildCount > 0) break;
  }
  return value;
}

function contentRange(node: Node): { start: number; end: number } {
  const open = node.firstChild;
  const close = node.lastChild;
  if (open?.type === 'string_start' && close?.type === 'string_end') return { start: open.endIndex, end: close.startIndex };
  return { start: node.startIndex, end: node.endIndex };
}

/** A `runs/…` string counts when it is used as a path: a path function's argument, `/` with a path, a default. */
function runPathUse(node: Node): RunPathUse | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'binary_operator' && parent.childForFieldName('operator')?.text === '/') return 'path';
  if (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') return 'default';
  const call = parent.type === 'argument_list' ? parent.parent : parent.type === 'keyword_argument' ? parent.parent?.parent : undefined;
  if (!call || call.type !== 'call') return undefined;
  const fn = calledName(call);
  if (!fn) return undefined;
  if (TYPER_PARAMETERS.has(fn)) {
    if (parent.type === 'keyword_argument') return parent.childForFieldName('name')?.text === 'default' ? 'default' : undefined;
    return firstArgument(call)?.equals(node) ? 'default' : undefined;
  }
  if (PATH_FUNCTIONS.has(fn) && parent.type === 'argument_list') return 'path';
  return undefined;
}

/** A `runs` string inside a path being built: a path function's argument, a `/` operand, or an f-string with fields. */
function buildsPath(node: Node): boolean {
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return true;
  return runPathUse(node) === 'path';
}
