// PEP 440 version specifier sets in plain words: `>=2.4,<3` becomes "2.4 or newer, and older than 3".

const CLAUSE = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*([A-Za-z0-9][^\s,]*)\s*$/;

/** One clause (`>=` and `2.4`) in words, or undefined when it is not a clause we can read. */
export function versionClauseInWords(op: string, version: string): string | undefined {
  const wildcard = version.endsWith('.*');
  const base = wildcard ? version.slice(0, -2) : version;
  switch (op) {
    case '>=':
      return `${version} or newer`;
    case '>':
      return `newer than ${version}`;
    case '<=':
      return `${version} or older`;
    case '<':
      return `older than ${version}`;
    case '==':
      return wildcard ? `any ${base}.x release` : `exactly ${version}`;
    case '!=':
      return wildcard ? `anything outside the ${base}.x series` : `anything except ${version}`;
    case '===':
      return `exactly the version string \`${version}\``;
    case '~=': {
      // Compatible release: ~=X.Y.Z means >=X.Y.Z and ==X.Y.*
      const parts = version.split('.');
      if (parts.length < 2) return undefined;
      const series = parts.slice(0, -1).join('.');
      return `${version} or a later ${series}.x release`;
    }
    default:
      return undefined;
  }
}

/**
 * What a specifier set admits, in words. `subject` prefixes the answer (`Python 3.11 or newer`).
 * Returns undefined when a clause cannot be read (the checker reports those).
 */
export function describeSpecifierSet(spec: string, subject?: string): string | undefined {
  const trimmed = spec.trim();
  if (trimmed === '') return subject ? `any ${subject} version` : 'any version';
  const clauses = trimmed.split(',');
  const words: string[] = [];
  for (const clause of clauses) {
    const m = CLAUSE.exec(clause);
    const w = m && versionClauseInWords(m[1], m[2]);
    if (!w) return undefined;
    words.push(w);
  }
  const sentence = words.length <= 2 ? words.join(', and ') : `${words.slice(0, -1).join(', ')}, and ${words[words.length - 1]}`;
  return subject ? `${subject} ${sentence}` : sentence;
}
