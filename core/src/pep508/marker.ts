// PEP 508 environment markers: `python_version < "3.12" and (sys_platform == "linux" or extra == "gpu")`.
// Recursive descent over `or` / `and` / parenthesised expressions; nesting is capped so that hostile input cannot
// exhaust the stack.

export interface MarkerProblem {
  message: string;
  /** Offsets into the marker text. */
  start: number;
  end: number;
  /** The whole marker rewritten, when the repair is obvious. */
  suggestion?: string;
}

/** Marker variables uv accepts (PEP 508, plus the newer `extras` / `dependency_groups`). */
export const MARKER_VARIABLES = [
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
  'extras',
  'dependency_groups',
] as const;

/** Old spellings that uv still reads (with a warning of its own). */
const LEGACY_VARIABLES = [
  'os.name',
  'sys.platform',
  'platform.version',
  'platform.machine',
  'platform.python_implementation',
  'python_implementation',
];

const VARIABLES = new Set<string>([...MARKER_VARIABLES, ...LEGACY_VARIABLES]);
const MAX_NESTING = 50;

class MarkerError extends Error {
  constructor(readonly problem: MarkerProblem) {
    super(problem.message);
  }
}

/** Checks a marker expression; undefined when it is valid. */
export function parseMarker(text: string): MarkerProblem | undefined {
  const p = new MarkerParser(text);
  try {
    p.parseOr(0);
    p.ws();
    if (p.i < text.length) {
      const rest = text.slice(p.i);
      if (rest.startsWith('&&') || rest.startsWith('||')) {
        const word = rest.startsWith('&&') ? 'and' : 'or';
        p.fail(
          `Use \`${word}\` to combine markers, not \`${rest.slice(0, 2)}\`.`,
          p.i,
          p.i + 2,
          text.slice(0, p.i) + word + text.slice(p.i + 2),
        );
      }
      if (rest.startsWith(')')) p.fail('A `)` without a matching `(`.', p.i, p.i + 1);
      p.fail('Expected `and`, `or` or the end of the marker here.', p.i, text.length);
    }
    return undefined;
  } catch (e) {
    if (e instanceof MarkerError) return e.problem;
    throw e;
  }
}

function closest(word: string): string | undefined {
  const w = word.replace(/-/g, '_').toLowerCase();
  if (VARIABLES.has(w)) return w;
  let best: string | undefined;
  let bestD = 3;
  for (const v of MARKER_VARIABLES) {
    const d = editDistance(w, v);
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

type Operand = { kind: 'var' | 'string'; start: number; end: number };

class MarkerParser {
  i = 0;
  constructor(readonly text: string) {}

  fail(message: string, start: number, end: number, suggestion?: string): never {
    throw new MarkerError({ message, start, end: Math.max(end, start + 1), suggestion });
  }

  ws(): void {
    while (this.i < this.text.length && (this.text[this.i] === ' ' || this.text[this.i] === '\t')) this.i++;
  }

  keyword(word: string): boolean {
    this.ws();
    const t = this.text;
    if (t.startsWith(word, this.i) && !/[A-Za-z0-9_.]/.test(t[this.i + word.length] ?? '')) {
      this.i += word.length;
      return true;
    }
    return false;
  }

  parseOr(depth: number): void {
    this.parseAnd(depth);
    while (this.keyword('or')) this.parseAnd(depth);
  }

  parseAnd(depth: number): void {
    this.parseExpr(depth);
    while (this.keyword('and')) this.parseExpr(depth);
  }

  parseExpr(depth: number): void {
    this.ws();
    if (this.text[this.i] === '(') {
      if (depth >= MAX_NESTING) this.fail('The marker nests parentheses too deeply.', this.i, this.i + 1);
      const open = this.i++;
      this.parseOr(depth + 1);
      this.ws();
      if (this.text[this.i] !== ')') this.fail('This `(` is never closed.', open, open + 1);
      this.i++;
      return;
    }
    const left = this.operand(undefined);
    const op = this.operator(left);
    this.operand(left, op);
  }

  operator(left: Operand): string {
    this.ws();
    const t = this.text;
    const m = /^(===|~=|==|!=|<=|>=|<|>)/.exec(t.slice(this.i, this.i + 3));
    if (m) {
      this.i += m[1].length;
      return m[1];
    }
    if (this.keyword('in')) return 'in';
    const save = this.i;
    if (this.keyword('not')) {
      if (this.keyword('in')) return 'not in';
      this.i = save;
    }
    if (t[this.i] === '=')
      this.fail('`=` is not a comparison; use `==`.', this.i, this.i + 1, t.slice(0, this.i) + '==' + t.slice(this.i + 1));
    if (this.i >= t.length) this.fail('The marker ends before its comparison operator (e.g. `== "linux"`).', left.start, left.end);
    this.fail('Expected a comparison operator (`==`, `!=`, `<`, `>=`, `in`, …) here.', this.i, this.i + 1);
  }

  operand(left: Operand | undefined, op?: string): Operand {
    this.ws();
    const t = this.text;
    const start = this.i;
    const q = t[start];
    if (q === '"' || q === "'") {
      const close = t.indexOf(q, start + 1);
      if (close < 0) this.fail(`This string has no closing ${q}.`, start, t.length, t + q);
      this.i = close + 1;
      return { kind: 'string', start, end: this.i };
    }
    const m = /^[A-Za-z0-9_.\-*+!]+/.exec(t.slice(start));
    if (!m) {
      if (start >= t.length) this.fail('The marker ends where a value was expected.', Math.max(start - 1, 0), t.length);
      this.fail('Expected a marker variable (e.g. `python_version`) or a quoted string here.', start, start + 1);
    }
    const word = m[0];
    const end = start + word.length;
    if (VARIABLES.has(word)) {
      this.i = end;
      return { kind: 'var', start, end };
    }
    if (left && left.kind === 'var' && op) {
      // `python_version < 3.12`, `sys_platform == linux`: the value needs quotes.
      const varName = t.slice(left.start, left.end);
      this.fail(
        `Marker values are quoted strings: write \`${varName} ${op} '${word}'\`.`,
        start,
        end,
        t.slice(0, start) + `'${word}'` + t.slice(end),
      );
    }
    const guess = closest(word);
    if (guess && guess !== word) {
      this.fail(`\`${word}\` is not a marker variable; did you mean \`${guess}\`?`, start, end, t.slice(0, start) + guess + t.slice(end));
    }
    this.fail(
      `\`${word}\` is not a marker variable (such as \`python_version\`, \`sys_platform\`, \`platform_machine\`) nor a quoted string.`,
      start,
      end,
    );
  }
}
