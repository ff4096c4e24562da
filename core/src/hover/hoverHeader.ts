// Hover texts for a PEP 723 header: what each key does, what a dependency string asks for (name, extras, the
// versions its specifier admits, the marker), and which build an index URL serves. Markdown, in our own words.
import type { Position, Range } from '#core/diagnostic';
import type { ScriptAnalysis } from '#core/pep723/analyze';
import type { DependencyItem } from '#core/pep723/metadata';
import type { TomlPath } from '#core/toml/nodeAt';
import { UV_TABLE, describeKey, findIndexField, findSourceField, findTopLevelKey, findUvKey } from '#core/data/headerKeys';
import { findKnownPackage } from '#core/data/packages';
import { describeIndexUrl } from '#core/data/pytorchIndexes';
import { describeSpecifierSet } from './specifierWords';
import { describeMarker } from './markerWords';
import { pixiKeyHover, pixiValueHover, runnerWords } from './hoverPixi';

export interface HeaderHover {
  markdown: string;
  range: Range;
}

/** The hover at a script position, or undefined when there is nothing to say there. */
export function hoverInHeader(analysis: ScriptAnalysis, position: Position): HeaderHover | undefined {
  const block = analysis.block;
  if (!block) return undefined;
  if (position.line === block.openLine || position.line === block.closeLine)
    return tagHover(block.openLine, block.closeLine, position.line, runnerWords(analysis));
  // The `# ` prefix of a payload line is not part of the TOML.
  const inPayload = block.map.fromScript(position);
  if (!inPayload || inPayload.inPrefix) return undefined;
  const location = analysis.nodeAt(position);
  if (!location || location.kind === 'between') return undefined;
  const range = analysis.rangeOf(location.node);
  const path = location.path;

  if (location.kind === 'value') {
    const value = pixiValueHover(analysis, path, range) ?? valueHover(analysis, path);
    if (value) return { markdown: value, range };
  }
  const key = keyHover(analysis, path);
  return key ? { markdown: key, range } : undefined;
}

function tagHover(openLine: number, closeLine: number, line: number, runners: string | undefined): HeaderHover {
  const markdown =
    line !== openLine
      ? '**End of the script metadata block.** Everything between `# /// script` and this line is read as TOML.'
      : runners
        ? "**PEP 723 script metadata.** The comment lines down to `# ///` are TOML that builds the script's environment.\n\n" + runners
        : '**PEP 723 script metadata.** The comment lines down to `# ///` are TOML that `uv run` reads to build the ' +
          "script's environment: its Python version (`requires-python`), its packages (`dependencies`) and uv settings (`[tool.uv]`).";
  return { markdown, range: { start: { line, character: 0 }, end: { line, character: line === openLine ? 12 : 5 } } };
}

// --- keys ------------------------------------------------------------------------------------------------------

function keyHover(analysis: ScriptAnalysis, path: TomlPath): string | undefined {
  const names = path.filter((p): p is string => typeof p === 'string');
  const title = (text: string) => `**${text}**\n\n`;
  if (names.length === 1) {
    const key = findTopLevelKey(names[0]);
    return key
      ? title(key.name) + describeKey(key)
      : title(names[0]) + 'Not a key PEP 723 defines: uv ignores it. The keys are `requires-python`, `dependencies` and `tool`.';
  }
  if (names[0] !== 'tool') return undefined;
  if (names[1] === 'pixi') return pixiKeyHover(names);
  if (names.length === 2) {
    return names[1] === 'uv'
      ? title('[tool.uv]') + describeKey(UV_TABLE)
      : title(`[tool.${names[1]}]`) + `Settings for the tool \`${names[1]}\`. uv does not read them.`;
  }
  if (names[1] !== 'uv') return undefined;
  const setting = names[2];
  if (names.length === 3) {
    const key = findUvKey(setting);
    return key ? title(`tool.uv.${setting}`) + describeKey(key) : undefined;
  }
  if (setting === 'index' && names.length === 4) {
    const field = findIndexField(names[3]);
    return field ? title(`index ${field.name}`) + describeKey(field) : undefined;
  }
  if (setting === 'sources') {
    const pkg = names[3];
    if (names.length === 4) return sourceHover(analysis, pkg);
    const field = findSourceField(names[4]);
    return field ? title(`sources ${field.name}`) + describeKey(field) : undefined;
  }
  return undefined;
}

function sourceHover(analysis: ScriptAnalysis, pkg: string): string {
  const source = analysis.metadata?.sources.find((s) => s.package === pkg);
  let text = `**${pkg}** in \`[tool.uv.sources]\`\n\nWhere uv takes \`${pkg}\` from instead of the usual indexes.`;
  if (source?.index) {
    const index = analysis.metadata?.indexes.find((i) => i.name === source.index);
    text += `\n\nPinned to the index \`${source.index}\``;
    if (index?.url) {
      const served = indexServes(index.url);
      text += ` (${index.url}${served ? ` — ${served}` : ''})`;
    } else text += ', which this header does not declare';
    text += '.';
  }
  return text;
}

// --- values ----------------------------------------------------------------------------------------------------

function valueHover(analysis: ScriptAnalysis, path: TomlPath): string | undefined {
  const metadata = analysis.metadata;
  if (path[0] === 'requires-python' && path.length === 1) {
    const spec = metadata?.requiresPython;
    if (!spec?.valid) return undefined;
    const words = describeSpecifierSet(spec.text, 'Python');
    return words ? `**requires-python**\n\nRuns on ${words}.` : undefined;
  }
  const dependency = [...(metadata?.dependencies ?? []), ...(metadata?.uvDependencies ?? [])].find((d) => samePath(d.path, path));
  if (dependency) return dependencyHover(dependency);
  if (path.length === 5 && path[0] === 'tool' && path[1] === 'uv' && path[2] === 'index' && path[4] === 'url') {
    const index = metadata?.indexes.find((i) => i.position === path[3]);
    return index?.url ? urlHover(index.url) : undefined;
  }
  if (path.length === 5 && path[0] === 'tool' && path[1] === 'uv' && path[2] === 'sources' && path[4] === 'index') {
    return sourceHover(analysis, String(path[3]));
  }
  return undefined;
}

function dependencyHover(item: DependencyItem): string | undefined {
  const req = item.requirement;
  if (!req) return undefined;
  const name = req.name.text;
  const known = findKnownPackage(name);
  const lines: string[] = [`**${name}**${known ? ` — ${known.summary}` : ''}`];
  if (req.extras.length) {
    const extras = req.extras.map((e) => {
      const about = known?.extras?.find((x) => x.name === e.text.toLowerCase());
      return `\`${e.text}\`${about ? ` (${about.summary})` : ''}`;
    });
    lines.push(
      `With the extra${extras.length > 1 ? 's' : ''} ${extras.join(', ')}: optional dependencies the package declares for that feature.`,
    );
  }
  if (req.url) lines.push(`Installed from \`${req.url.text}\`, not from an index.`);
  else if (req.specifier) {
    const words = describeSpecifierSet(req.specifier.text);
    lines.push(words ? `Versions: ${words}.` : `Versions: \`${req.specifier.text}\`.`);
  } else lines.push('Any version: uv takes the newest one that fits everything else.');
  if (req.marker) lines.push(`Installed only ${describeMarker(req.marker.text)}.`);
  lines.push(`[${name} on PyPI](https://pypi.org/project/${encodeURIComponent(name)}/)`);
  return lines.join('\n\n');
}

function indexServes(url: string): string | undefined {
  const meaning = describeIndexUrl(url);
  const nightly = 'nightly' in meaning && meaning.nightly ? 'nightly ' : '';
  switch (meaning.kind) {
    case 'pytorch-cuda':
      return `PyTorch ${nightly}wheels for CUDA ${meaning.cudaVersion}`;
    case 'pytorch-cpu':
      return `PyTorch ${nightly}wheels for the CPU only`;
    case 'pytorch-rocm':
      return `PyTorch ${nightly}wheels for AMD GPUs (ROCm ${meaning.rocmVersion})`;
    case 'pytorch-other':
      return `PyTorch ${nightly}wheels (\`${meaning.tag}\`)`;
    case 'pypi':
      return 'PyPI, the default index';
    default:
      return undefined;
  }
}

function urlHover(url: string): string | undefined {
  const meaning = describeIndexUrl(url);
  const served = indexServes(url);
  if (!served) return undefined;
  let text = `**${served.charAt(0).toUpperCase()}${served.slice(1)}**`;
  if (meaning.kind === 'pytorch-cuda') {
    text +=
      `\n\n\`torch\` from here runs on NVIDIA GPUs with a driver that supports CUDA ${meaning.cudaVersion} or newer ` +
      '(the "CUDA Version" that `nvidia-smi` prints is the newest one the driver supports). The CUDA runtime comes with the wheels.';
  } else if (meaning.kind === 'pytorch-cpu') {
    text +=
      '\n\nNo GPU support, smaller downloads. On a GPU machine, use a CUDA index such as `https://download.pytorch.org/whl/cu128` instead.';
  } else if (meaning.kind === 'pytorch-rocm') {
    text += '\n\nFor AMD GPUs; NVIDIA GPUs need a `cuXYZ` index.';
  }
  if ('nightly' in meaning && meaning.nightly)
    text += '\n\nNightly builds are pre-releases: add `prerelease = "allow"` to `[tool.uv]` to get them.';
  return text;
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}
