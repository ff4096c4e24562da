// What Python itself makes of a line of code: Debian's /usr/bin/python3 parses each `x = <string literal>` line with
// `ast.parse` and says which value the literal has (or that it is not a plain string any more). Used to check that a
// completed run path is still the same string in the user's file, whatever the run's name holds.
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

const READER = `
import ast, json, sys
out = []
for source in json.load(sys.stdin):
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as e:
        out.append({"error": type(e).__name__ + ": " + str(e)})
        continue
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        out.append({"error": "not one assignment: " + ast.dump(tree)})
        continue
    node = tree.body[0].value
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        out.append({"str": node.value})
    elif isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        out.append({"bytes": node.value.hex()})
    elif isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        out.append({"str": "".join(v.value for v in node.values)})
    else:
        out.append({"error": "not a plain string literal: " + ast.dump(node)})
print(json.dumps(out))
`;

export type PythonValue = { str: string } | { bytes: string } | { error: string };

/** The value of each `x = <literal>` source, as Python reads it; one Python process for all of them. */
export function pythonValues(sources: string[]): PythonValue[] {
  const res = spawnSync(PYTHON, ['-c', READER], { input: JSON.stringify(sources), encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) throw new Error(`${PYTHON} failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as PythonValue[];
}
