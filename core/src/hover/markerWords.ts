// PEP 508 environment markers in plain words: `sys_platform == 'linux' and python_version < '3.12'` becomes
// "on Linux and with Python older than 3.12". Parts we cannot phrase stay as code. Version comparisons use the
// words of version specifiers (specifierWords.ts), so `>=` or `==` read the same in a marker and in a requirement.
import { versionClauseInWords } from './specifierWords';

const PLATFORMS: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', cygwin: 'Cygwin' };
const SYSTEMS: Record<string, string> = { Linux: 'Linux', Darwin: 'macOS', Windows: 'Windows' };
const OS_NAMES: Record<string, string> = { posix: 'Linux or macOS (POSIX)', nt: 'Windows' };

const ATOM = /([A-Za-z_.]+)\s*(===|==|!=|<=|>=|<|>|~=|not\s+in|in)\s*(["'])([^"']*)\3/g;
const REVERSED_ATOM = /(["'])([^"']*)\1\s*(not\s+in|in|==|!=)\s*([A-Za-z_.]+)/g;

/** A Python version comparison in the words of a requires-python clause; undefined when it has none. */
function pythonWords(variable: string, op: string, value: string): string | undefined {
  // python_version holds major.minor only, so `== '3.11'` holds for every 3.11.x release.
  const series = variable === 'python_version' && (op === '==' || op === '!=') && /^\d+\.\d+$/.test(value);
  const words = versionClauseInWords(op, series ? `${value}.*` : value);
  return words === undefined ? undefined : `with Python ${words}`;
}

function atomWords(variable: string, op: string, value: string): string | undefined {
  const v = variable.replace('.', '_');
  const negated = op === '!=' || /^not/.test(op);
  const equality = op === '==' || op === '!=' || op === '===';
  if (v === 'sys_platform' && equality && PLATFORMS[value]) return negated ? `not on ${PLATFORMS[value]}` : `on ${PLATFORMS[value]}`;
  if (v === 'platform_system' && equality && SYSTEMS[value]) return negated ? `not on ${SYSTEMS[value]}` : `on ${SYSTEMS[value]}`;
  if (v === 'os_name' && equality && OS_NAMES[value]) return negated ? `not on ${OS_NAMES[value]}` : `on ${OS_NAMES[value]}`;
  if (v === 'platform_machine' && equality) return negated ? `not on ${value} machines` : `on ${value} machines`;
  if (v === 'python_version' || v === 'python_full_version') return pythonWords(v, op, value);
  if (v === 'implementation_name' && equality) return negated ? `not with ${value}` : `with ${value}`;
  if (v === 'platform_python_implementation' && equality) return negated ? `not with ${value}` : `with ${value}`;
  if (v === 'extra' && equality) return negated ? `unless the \`${value}\` extra is requested` : `when the \`${value}\` extra is requested`;
  return undefined;
}

/** The marker in words; unknown parts are kept as inline code. */
export function describeMarker(marker: string): string {
  let out = marker.replace(ATOM, (whole, variable: string, op: string, _q: string, value: string) => {
    return atomWords(variable, op.replace(/\s+/, ' '), value) ?? `\`${whole}\``;
  });
  out = out.replace(REVERSED_ATOM, (whole) => `\`${whole}\``);
  return out.replace(/\s+/g, ' ').trim();
}
