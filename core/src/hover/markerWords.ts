// PEP 508 environment markers in plain words: `sys_platform == 'linux' and python_version < '3.12'` becomes
// "on Linux and with Python older than 3.12". Parts we cannot phrase stay as code.

const PLATFORMS: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows', cygwin: 'Cygwin' };
const SYSTEMS: Record<string, string> = { Linux: 'Linux', Darwin: 'macOS', Windows: 'Windows' };
const OS_NAMES: Record<string, string> = { posix: 'Linux or macOS (POSIX)', nt: 'Windows' };

const ATOM = /([A-Za-z_.]+)\s*(===|==|!=|<=|>=|<|>|~=|not\s+in|in)\s*(["'])([^"']*)\3/g;
const REVERSED_ATOM = /(["'])([^"']*)\1\s*(not\s+in|in|==|!=)\s*([A-Za-z_.]+)/g;

function versionWords(op: string, value: string): string {
  switch (op) {
    case '>=':
      return `${value} or newer`;
    case '>':
      return `newer than ${value}`;
    case '<=':
      return `${value} or older`;
    case '<':
      return `older than ${value}`;
    case '==':
      return value;
    case '!=':
      return `other than ${value}`;
    default:
      return `${op} ${value}`;
  }
}

function atomWords(variable: string, op: string, value: string): string | undefined {
  const v = variable.replace('.', '_');
  const negated = op === '!=' || /^not/.test(op);
  const equality = op === '==' || op === '!=' || op === '===';
  if (v === 'sys_platform' && equality && PLATFORMS[value]) return negated ? `not on ${PLATFORMS[value]}` : `on ${PLATFORMS[value]}`;
  if (v === 'platform_system' && equality && SYSTEMS[value]) return negated ? `not on ${SYSTEMS[value]}` : `on ${SYSTEMS[value]}`;
  if (v === 'os_name' && equality && OS_NAMES[value]) return negated ? `not on ${OS_NAMES[value]}` : `on ${OS_NAMES[value]}`;
  if (v === 'platform_machine' && equality) return negated ? `not on ${value} machines` : `on ${value} machines`;
  if (v === 'python_version' || v === 'python_full_version') return `with Python ${versionWords(op, value)}`;
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
