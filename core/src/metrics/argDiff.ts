// The arguments a run was started with, from the command line the launcher recorded (`uv run train.py de-risk
// --lr 0.01`), and which of them differ between runs: the summary shows only those, so that what sets two runs
// apart is not lost among the ones they share.

/** Options and extra positional arguments after the script; the first positional (the run's name) is left out. */
export function scriptArguments(argv: readonly string[]): Map<string, string> | undefined {
  const script = argv.findIndex((a) => /\.py$/i.test(a));
  if (script < 0) return undefined;
  const args = new Map<string, string>();
  let positional = 0;
  const rest = argv.slice(script + 1);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      for (const p of rest.slice(i + 1)) if (positional++ > 0) args.set(`#${positional}`, p);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) args.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < rest.length && !rest[i + 1].startsWith('-')) args.set(a.slice(2), rest[++i]);
      else if (a.startsWith('--no-')) args.set(a.slice(5), 'false');
      else args.set(a.slice(2), 'true');
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      if (i + 1 < rest.length && !rest[i + 1].startsWith('-')) args.set(a.slice(1), rest[++i]);
      else args.set(a.slice(1), 'true');
    } else if (positional++ > 0) {
      args.set(`#${positional}`, a);
    }
  }
  return args;
}

export interface ArgumentColumns {
  /** The argument names shown, in order of first appearance. */
  names: string[];
  /** Per run, per name: the value, '' when the run was started without it, undefined when its arguments are unknown. */
  values: (string | undefined)[][];
}

/**
 * The arguments that differ between the runs that have a record (all of them when fewer than two do); a run without
 * a record has no known arguments.
 */
export function differingArguments(runs: readonly (ReadonlyMap<string, string> | undefined)[]): ArgumentColumns {
  const known = runs.filter((r): r is ReadonlyMap<string, string> => r !== undefined);
  const names: string[] = [];
  for (const r of known) for (const name of r.keys()) if (!names.includes(name)) names.push(name);
  const shown = known.length < 2 ? names : names.filter((name) => new Set(known.map((r) => r.get(name) ?? '')).size > 1);
  return { names: shown, values: runs.map((r) => shown.map((name) => (r ? (r.get(name) ?? '') : undefined))) };
}
