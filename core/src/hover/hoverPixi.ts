// Hover texts for `[tool.pixi]`: each key with the checker's own description (the same words as completion), conda
// packages, channels and platforms; and, on the `# /// script` line, which runner reads which part of the header.
import type { Range } from '#core/diagnostic';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import { findCondaChannel } from '#core/data/condaChannels';
import { findCondaPackage } from '#core/data/condaPackages';
import { isCondaPlatform, PLATFORM_DESCRIPTIONS, PLATFORM_FAMILIES } from '#core/data/condaPlatforms';
import { describeKey } from '#core/data/headerKeys';
import { findPixiKey, pixiKeyPlace } from '#core/data/pixiKeys';
import { PIXI_TABLE } from '#core/pep723/pixiSettings';
import type { TomlPath } from '#core/toml/nodeAt';

const title = (text: string) => `**${text}**\n\n`;

/** Hover for a key under `tool.pixi` (`names`: the string parts of its path). */
export function pixiKeyHover(names: readonly string[]): string | undefined {
  if (names.length === 2) return title('[tool.pixi]') + describeKey(PIXI_TABLE);
  const name = names[names.length - 1];
  const table = names.slice(0, -1);
  const place = pixiKeyPlace(table);
  if (place === 'conda-packages') return condaPackageHover(name, table[table.length - 1] === 'constraints');
  if (place === 'pypi-packages') {
    return (
      title(name) +
      `A PyPI package that pixi installs with its own fields (index, path, Git source). [${name} on PyPI](https://pypi.org/project/${encodeURIComponent(name)}/)`
    );
  }
  if (place === 'targets') return targetHover(name);
  const key = findPixiKey(table, name);
  return key ? title(names.slice(2).join('.')) + describeKey(key) : undefined;
}

function condaPackageHover(name: string, constraint: boolean): string {
  const known = findCondaPackage(name);
  const lines = [`**${name}**${known ? ` — ${known.summary}` : ''}`];
  lines.push(
    constraint
      ? 'A constraint: it limits the version if something else pulls the package in, and adds nothing by itself.'
      : 'A conda package, installed by `pixi run --script` (uv does not read `[tool.pixi]`).',
  );
  if (known?.gpu === 'either' && known.cudaForm) {
    lines.push(
      `Which build comes depends on the platform: with CUDA declared (\`platforms = [{ platform = "linux-64", cuda = "12.0" }]\`) the solver can pick a CUDA build; \`${known.cudaForm.name} = ${known.cudaForm.value}\` asks for one.`,
    );
  } else if (known?.gpu === 'cpu' && known.cudaForm) {
    lines.push(`For the GPU use \`${known.cudaForm.name}\`.`);
  } else if (known?.gpu === 'cuda') {
    lines.push('Needs CUDA declared for the platform, or pixi cannot solve the environment.');
  }
  if (name === 'python') lines.push('A version here takes precedence over `requires-python`.');
  lines.push(`[${name} on prefix.dev](https://prefix.dev/channels/conda-forge/packages/${encodeURIComponent(name)})`);
  return lines.join('\n\n');
}

function targetHover(selector: string): string {
  const family = PLATFORM_FAMILIES[selector];
  const platform = PLATFORM_DESCRIPTIONS.find((p) => p.name === selector)?.summary;
  const what =
    family ?? (platform ? `${selector} (${platform})` : isCondaPlatform(selector) ? selector : `the platform named \`${selector}\``);
  return title(`target ${selector}`) + `What this table holds applies on ${what} only.`;
}

/** Hover for a value under `tool.pixi`: channels, platforms and dependency specs. */
export function pixiValueHover(analysis: ScriptAnalysis, path: TomlPath, range: Range): string | undefined {
  if (path[0] !== 'tool' || path[1] !== 'pixi') return undefined;
  const names = path.filter((p): p is string => typeof p === 'string');
  const last = names[names.length - 1];
  const pixi = analysis.metadata?.pixi;
  if (names.join('.') === 'tool.pixi.workspace.channels' && typeof path[path.length - 1] === 'number') {
    const channel = pixi?.channels.find((c) => within(range, c.range));
    if (!channel) return undefined;
    const known = findCondaChannel(channel.name);
    return (
      title(channel.name) +
      (known
        ? known.summary
        : /:\/\//.test(channel.name)
          ? 'A channel at this URL.'
          : `A channel named \`${channel.name}\` on pixi's default channel host.`) +
      '.'
    );
  }
  if (names.slice(0, 4).join('.') === 'tool.pixi.workspace.platforms' && typeof path[4] === 'number' && names.length <= 5) {
    const platform = pixi?.platforms.find((p) => within(range, p.range));
    const name = platform?.subdir ?? platform?.name;
    if (!name) return undefined;
    const about = PLATFORM_DESCRIPTIONS.find((p) => p.name === name)?.summary;
    const cuda = platform?.cuda ? ` CUDA ${platform.cuda} is declared: the solver may choose CUDA builds.` : '';
    return title(name) + `${about ? about + '.' : 'A conda platform.'}${cuda}`;
  }
  const place = pixiKeyPlace(names.slice(0, -1));
  if (place === 'conda-packages') return condaPackageHover(last, names[names.length - 2] === 'constraints');
  return undefined;
}

/** Whether the hovered node's range and a channel's or platform entry's range overlap. */
function within(hovered: Range, entry: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(entry.start, hovered.end) && before(hovered.start, entry.end);
}

/** On the `# /// script` line: who reads what, when the header is for pixi (or for both uv and pixi). */
export function runnerWords(analysis: ScriptAnalysis): string | undefined {
  const tool = analysis.tree?.entries.get('tool')?.value;
  if (!tool || tool.kind !== 'table' || !tool.entries.has('pixi')) return undefined;
  const uv = tool.entries.has('uv');
  const portable = '`requires-python` and `dependencies`';
  const lines = [
    `\`pixi run --script\` reads ${portable} (PyPI) and \`[tool.pixi]\` (conda packages, channels, platforms, CUDA)` +
      (uv ? '; it ignores `[tool.uv]`.' : '.'),
    `\`uv run\` reads ${portable} and ${uv ? '`[tool.uv]`' : 'its own `[tool.uv]`'}; it ignores \`[tool.pixi]\`, so conda packages listed there are missing when uv runs the script.`,
  ];
  return lines.join('\n\n');
}
