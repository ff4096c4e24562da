// PEP 440 version specifier sets (`>=3.11`, `>=3.11,<3.13`, `==3.11.*`, `~=3.11`). Validity is decided by
// @renovatebot/pep440 (it agrees with uv on the cases our tests pin down); the explanation of what is wrong, and
// the suggested rewrite, are ours.
import { pep440 } from './library';

const { explain, validRange } = pep440;

export const VERSION_OPERATORS = ['~=', '==', '!=', '<=', '>=', '<', '>', '==='] as const;

/** What is wrong with a specifier set, with offsets into the text that was checked. */
export interface SpecifierProblem {
  message: string;
  start: number;
  end: number;
  /** A corrected whole specifier set, when one is obvious. */
  suggestion?: string;
}

const OPERATOR = /^(===|~=|==|!=|<=|>=|<|>)/;
/** Operator-like typos and what they most likely meant. */
const TYPOS: [RegExp, string, string][] = [
  [/^>>=/, '>=', '`>>=` is not a version operator; did you mean `>=`?'],
  [/^<<=/, '<=', '`<<=` is not a version operator; did you mean `<=`?'],
  [/^=>/, '>=', '`=>` is not a version operator; did you mean `>=`?'],
  [/^=</, '<=', '`=<` is not a version operator; did you mean `<=`?'],
  [/^=(?![=<>])/, '==', '`=` is not a version operator; did you mean `==`?'],
  [/^>>/, '>', '`>>` is not a version operator; did you mean `>`?'],
  [/^<</, '<', '`<<` is not a version operator; did you mean `<`?'],
  [/^~(?!=)/, '~=', '`~` is not a PEP 440 operator; did you mean `~=` (compatible release)?'],
  [/^!(?!=)/, '!=', '`!` is not a version operator; did you mean `!=`?'],
  [/^<>/, '!=', '`<>` is not a version operator; did you mean `!=`?'],
];

/** True when `text` is a valid PEP 440 version (as a release, with optional pre/post/dev/local parts). */
export function isValidVersion(text: string): boolean {
  return explain(text) !== null;
}

/** True when `spec` is a valid PEP 440 specifier set. The empty string is valid (it allows every version). */
export function isValidSpecifierSet(spec: string): boolean {
  if (spec.trim() === '') return spec === '';
  if (spec.split(',').every((c) => PLAIN_CLAUSE.test(c))) return true;
  return validRange(spec);
}

/**
 * Clauses on plain release numbers (`>=3.11`, `==3.11.*`, `~=1.26`) are valid without asking the library, whose
 * general regular expression costs tens of microseconds a call: a 10,000-item dependency list stays fast.
 */
const PLAIN_CLAUSE = /^\s*(?:(?:==|!=)\s*\d+(?:\.\d+)*(?:\.\*)?|(?:>=|<=|<|>)\s*\d+(?:\.\d+)*|~=\s*\d+(?:\.\d+)+)\s*$/;

/**
 * Checks a specifier set; undefined when valid.
 * @param spec the text, e.g. `>=3.11,<3.13`
 * @param subject how to name a bare version in suggestions (`Python`, or a package name)
 */
export function checkSpecifierSet(spec: string, subject = 'the package'): SpecifierProblem | undefined {
  if (isValidSpecifierSet(spec)) return undefined;
  if (spec.trim() === '') {
    return { message: 'An empty version specifier: remove it, or write one such as `>=3.11`.', start: 0, end: spec.length };
  }
  const clauses: { text: string; start: number }[] = [];
  let start = 0;
  for (const part of spec.split(',')) {
    clauses.push({ text: part, start });
    start += part.length + 1;
  }
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i];
    const lead = c.text.length - c.text.trimStart().length;
    const t = c.text.trim();
    const s = c.start + lead;
    const e = s + t.length;
    if (t === '') {
      const last = i === clauses.length - 1;
      const at = Math.max(c.start - 1, 0);
      return {
        message: last
          ? 'A trailing comma: uv expects another specifier after `,`. Remove the comma.'
          : 'Two commas with nothing between them. Remove one.',
        start: at,
        end: at + 1,
        suggestion: clauses
          .filter((x) => x.text.trim() !== '')
          .map((x) => x.text.trim())
          .join(','),
      };
    }
    const problem = checkClause(t, subject);
    if (problem) {
      const suggestion =
        problem.replacement === undefined
          ? undefined
          : clauses
              .map((x, j) => (j === i ? problem.replacement : x.text.trim()))
              .filter((x) => x !== '')
              .join(',');
      return { message: problem.message, start: s, end: e, suggestion };
    }
  }
  return { message: `\`${spec.trim()}\` is not a valid PEP 440 version specifier.`, start: 0, end: spec.length };
}

function checkClause(t: string, subject: string): { message: string; replacement?: string } | undefined {
  for (const [re, op, message] of TYPOS) {
    const m = re.exec(t);
    if (m) return { message, replacement: op + t.slice(m[0].length).trim() };
  }
  if (t.startsWith('^')) {
    const v = t.slice(1).trim();
    return {
      message: `\`^\` (caret) ranges are not PEP 440; write \`>=${v}\` (or \`~=${v}\` to stay within this release series).`,
      replacement: `>=${v}`,
    };
  }
  const m = OPERATOR.exec(t);
  if (!m) {
    const plus = /^v?(\d+(?:\.\d+)*)\s*\+$/.exec(t);
    if (plus) {
      return {
        message: `\`${t}\` is not a version specifier; write \`>=${plus[1]}\` for ${plus[1]} or newer.`,
        replacement: `>=${plus[1]}`,
      };
    }
    const star = /^(\d+(?:\.\d+)*)\.\*$/.exec(t);
    if (star) return { message: `A version needs an operator: write \`==${t}\`.`, replacement: `==${t}` };
    if (isValidVersion(t)) {
      return {
        message: `A version needs an operator: write \`>=${t}\` (${t} or newer) or \`==${t}\` (exactly ${t}) for ${subject}.`,
        replacement: `>=${t}`,
      };
    }
    const inner = /^([\d.]+)\s*(>=|<=|==|!=|~=|<|>)/.exec(t);
    if (inner) return { message: `The operator goes before the version: write \`${inner[2]}${inner[1]}\`.` };
    return { message: `\`${t}\` is not a version specifier: start it with an operator such as \`>=\`, \`==\` or \`~=\`.` };
  }
  const op = m[1];
  let version = t.slice(op.length).trim();
  if (op === '===') return undefined;
  const gap = /^(\S+)\s+(===|~=|==|!=|<=|>=|<|>)/.exec(version);
  if (gap) {
    return {
      message: 'Separate version specifiers with a comma, e.g. `>=3.11,<3.13`.',
      replacement: `${op}${gap[1]},${version.slice(gap[1].length).trim()}`,
    };
  }
  if (version === '') return { message: `\`${op}\` needs a version after it.` };
  const wildcard = version.endsWith('.*');
  if (wildcard) {
    if (op !== '==' && op !== '!=') {
      const base = version.slice(0, -2);
      return {
        message: `\`.*\` can only follow \`==\` or \`!=\`; write \`${op}${base}\`${op === '>=' ? '' : ` or \`==${version}\``}.`,
        replacement: `${op}${base}`,
      };
    }
    version = version.slice(0, -2);
  }
  const v = explain(version);
  if (!v) {
    if (version.includes('*')) return { message: '`*` is only allowed as a trailing `.*` after `==` or `!=`, e.g. `==3.11.*`.' };
    return { message: `\`${version}\` is not a valid PEP 440 version.` };
  }
  if (wildcard && (v.dev !== null || v.local !== null)) {
    return { message: '`.*` cannot follow a dev release or a local version label.' };
  }
  if (v.local !== null && op !== '==' && op !== '!=') {
    return { message: `A local version label (\`+${v.local}\`) is only allowed with \`==\` or \`!=\`.` };
  }
  if (op === '~=' && v.release.length < 2) {
    return {
      message: `\`~=\` needs at least two release numbers: write \`~=${v.release[0]}.0\` (or \`>=${version}\`).`,
      replacement: `~=${v.release[0]}.0`,
    };
  }
  return undefined;
}
