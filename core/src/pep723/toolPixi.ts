// `[tool.pixi]` in a script, checked the way `pixi run --script` reads it (pixi 0.77.0; docs/pixi.md names the
// source files). pixi refuses a script whose metadata holds a key outside its short list for scripts, and its
// manifest readers refuse unknown fields and bad values: those are errors. Where pixi reads the script but prints
// a warning (a deprecated table, an ambiguous bare version, a target no platform matches), we warn.
import type { CoreDiagnostic, QuickFix, Range, TextEdit } from '#core/diagnostic';
import { checkPixiVersionSpec } from '#core/conda/versionSpec';
import { condaVersionProblem } from '#core/conda/version';
import { CONDA_CHANNELS } from '#core/data/condaChannels';
import { CONDA_PLATFORMS, inPlatformFamily, isCondaPlatform, PLATFORM_FAMILIES } from '#core/data/condaPlatforms';
import { checkSpecifierSet } from '#core/pep440/specifier';
import type { AST } from '#core/toml/parser';
import { describeView, stringOf, TomlMember, TomlTableView, TomlView } from '#core/toml/tree';
import { asValueShape, fitsShape, shapeInWords } from '#core/toml/valueShape';
import type { MetadataBlock } from './blocks';
import { blockEol, declareCudaEdits, deleteTableEdit } from './pixiEdits';
import {
  PIXI_ACTIVATION_KEY_BY_NAME,
  PIXI_CHANNEL_FIELD_BY_NAME,
  PIXI_CONDA_SPEC_FIELD_BY_NAME,
  PIXI_PLATFORM_FIELD_BY_NAME,
  PIXI_PYPI_OPTION_BY_NAME,
  PIXI_PYPI_SPEC_FIELD_BY_NAME,
  PIXI_SCRIPT_KEY_BY_NAME,
  PIXI_SYSTEM_REQUIREMENT_BY_NAME,
  PIXI_TARGET_KEY_BY_NAME,
  PIXI_WORKSPACE_KEY_BY_NAME,
  PIXI_WORKSPACE_ONLY,
  PixiKey,
} from './pixiSettings';
import { SCRIPT_KEYS } from './scriptKeys';
import { closestWord } from './similar';
import { BlockRanges } from './stringRanges';

/** A conda dependency of the script, as written under `[tool.pixi.dependencies]` (or a target's). */
export interface PixiCondaDependency {
  name: string;
  /** The target selector it sits under, when not the default target. */
  target?: string;
  /** The version spec (string value or `version` field). */
  version?: string;
  /** The `build` field. */
  build?: string;
  /** Whether it is written as `name = "spec"` on a line of its own in a `[header]` table. */
  plainLine: boolean;
  valueRange: Range;
  keyRange: Range;
  keyNode: AST.TOMLBare | AST.TOMLQuoted;
}

/** A PyPI dependency of the script under `[tool.pixi.pypi-dependencies]` (or a target's). */
export interface PixiPypiDependency {
  name: string;
  /** The target selector it sits under, when not the default target. */
  target?: string;
  /** Whether it is written as `name = …` on a line of its own in a `[header]` table. */
  plainLine: boolean;
  keyRange: Range;
}

/** What the checker learned about a script's `[tool.pixi]`, for the conventions, hover and fixes. */
export interface PixiScript {
  /** Script range of the `pixi` key (of `[tool.pixi…]` or `tool.pixi`). */
  range: Range;
  channels: { name: string; range: Range }[];
  /** True when `[tool.pixi.workspace]` has `platforms`. */
  platformsDeclared: boolean;
  platforms: { name: string; subdir?: string; cuda?: string; range: Range }[];
  /** `[tool.pixi.system-requirements] cuda`, when written. */
  systemCuda?: { version: string; range: Range };
  condaDependencies: PixiCondaDependency[];
  pypiDependencies: PixiPypiDependency[];
  /** Edits that declare `cuda` on the Linux platform (undefined where the header's layout allows no safe edit). */
  declareCuda(cuda: string): TextEdit[] | undefined;
  /** Line terminator of the header's lines. */
  eol: string;
}

const TOP_LEVEL = SCRIPT_KEYS.map((k) => k.key);
const PACKAGE_NAME = /^[A-Za-z0-9._-]*$/;
const PLATFORM_NAME = /^[A-Za-z0-9-]+$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const KNOWN_PREVIEW_FLAGS = ['pixi-build'];

/** The name pixi derives for an unnamed platform entry: the subdir, then each declared virtual package. */
function derivedPlatformName(subdir: string, entry: TomlTableView): string {
  const segment = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const parts = [subdir];
  for (const key of ['cuda', 'archspec', 'glibc', 'linux', 'macos', 'osx', 'windows']) {
    const v = entry.entries.get(key)?.value;
    const value = stringOf(v) ?? (v?.kind === 'table' ? stringOf(v.entries.get('driver')?.value) : undefined);
    if (value !== undefined) parts.push(`${key === 'osx' ? 'macos' : key}-${segment(value)}`);
  }
  for (const [key, member] of entry.entries) {
    const value = stringOf(member.value);
    if (key.startsWith('__') && value !== undefined) parts.push(`${segment(key.replace(/^_+/, ''))}-${segment(value)}`);
  }
  return parts.join('-');
}

/** The `tool.pixi` member of a header, when there is one. */
export function pixiMemberOf(tree: TomlTableView): TomlMember | undefined {
  const tool = tree.entries.get('tool');
  return tool?.value.kind === 'table' ? tool.value.entries.get('pixi') : undefined;
}

export function checkToolPixi(tree: TomlTableView, block: MetadataBlock, out: CoreDiagnostic[]): PixiScript | undefined {
  const member = pixiMemberOf(tree);
  if (!member) return undefined;
  return new PixiChecker(tree, block, out).check(member);
}

class PixiChecker {
  private readonly r: BlockRanges;
  private readonly script: PixiScript;

  constructor(
    private readonly tree: TomlTableView,
    private readonly block: MetadataBlock,
    private readonly out: CoreDiagnostic[],
  ) {
    this.r = new BlockRanges(block);
    this.script = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      channels: [],
      platformsDeclared: false,
      platforms: [],
      condaDependencies: [],
      pypiDependencies: [],
      declareCuda: (cuda) => declareCudaEdits(tree, block, cuda),
      eol: blockEol(block),
    };
  }

  check(pixi: TomlMember): PixiScript | undefined {
    this.script.range = this.r.node(pixi.keyNode);
    // pixi reads the whole block as a pyproject with one implicit environment and refuses other top-level keys.
    for (const [key, member] of this.tree.entries) {
      if (TOP_LEVEL.includes(key)) continue;
      this.error(
        member.keyNode,
        'pixi/not-in-scripts',
        `pixi refuses a script whose header has a top-level \`${key}\`: it reads only \`requires-python\`, \`dependencies\` and \`tool\` (uv would ignore it).`,
      );
    }
    if (pixi.value.kind !== 'table') {
      this.typeError(pixi.value, 'tool.pixi', 'a table');
      return undefined;
    }
    for (const [key, member] of pixi.value.entries) {
      const known = PIXI_SCRIPT_KEY_BY_NAME.get(key);
      if (!known) {
        this.unknownKey(member, 'tool.pixi', [...PIXI_SCRIPT_KEY_BY_NAME.keys()], true);
        continue;
      }
      if (member.value.kind !== 'table') {
        this.typeError(member.value, `tool.pixi.${key}`, 'a table');
        continue;
      }
      const table = member.value;
      switch (key) {
        case 'workspace':
          this.workspace(table);
          break;
        case 'dependencies':
        case 'constraints':
          this.condaDependencies(table, `tool.pixi.${key}`, key === 'dependencies' ? undefined : null);
          break;
        case 'pypi-dependencies':
          this.pypiDependencies(table, 'tool.pixi.pypi-dependencies', undefined);
          break;
        case 'system-requirements':
          this.systemRequirements(member, table);
          break;
        case 'activation':
          this.activation(table, 'tool.pixi.activation');
          break;
        case 'target':
          break; // after the workspace, whose platforms the selectors are matched against
      }
    }
    const target = pixi.value.entries.get('target');
    if (target?.value.kind === 'table') this.targets(target.value);
    return this.script;
  }

  // --- workspace -----------------------------------------------------------------------------------------------

  private workspace(table: TomlTableView): void {
    for (const [key, member] of table.entries) {
      const known = PIXI_WORKSPACE_KEY_BY_NAME.get(key);
      if (!known) {
        this.unknownKey(member, 'tool.pixi.workspace', [...PIXI_WORKSPACE_KEY_BY_NAME.keys()], true);
        continue;
      }
      const v = member.value;
      const label = `tool.pixi.workspace.${key}`;
      switch (key) {
        case 'channels':
          if (v.kind !== 'array' || v.ofTables) this.typeError(v, label, 'an array of channel names or URLs');
          else v.items.forEach((item) => this.channel(item, label));
          break;
        case 'platforms':
          this.script.platformsDeclared = true;
          if (v.kind !== 'array' || v.ofTables) this.typeError(v, label, 'an array of platforms such as `["linux-64"]`');
          else this.platforms(v.items, label);
          break;
        case 'preview':
          this.preview(v, label);
          break;
        case 'pypi-options':
          if (v.kind !== 'table') this.typeError(v, label, 'a table');
          else this.fields(v, label, PIXI_PYPI_OPTION_BY_NAME);
          break;
        default:
          this.typed(known, v, label);
      }
    }
  }

  private channel(item: TomlView, label: string): void {
    if (item.kind === 'table') {
      this.fields(item, `${label} entry`, PIXI_CHANNEL_FIELD_BY_NAME);
      const name = item.entries.get('channel');
      if (!name)
        this.error(
          item.anchor,
          'pixi/invalid-value',
          'A channel written as a table needs `channel = "<name or URL>"`; pixi refuses it without.',
        );
      else if (name.value.kind === 'scalar' && name.value.node.kind === 'string') this.channelName(name.value.node);
      return;
    }
    if (item.kind !== 'scalar' || item.node.kind !== 'string') {
      this.typeError(item, `each item of ${label}`, 'a channel name, a URL or a `{ channel = … }` table');
      return;
    }
    this.channelName(item.node);
  }

  private channelName(node: AST.TOMLStringValue): void {
    const name = node.value;
    this.script.channels.push({ name, range: this.r.stringContent(node) });
    if (URL_SCHEME.test(name)) {
      let ok = true;
      try {
        new URL(name);
      } catch {
        ok = false;
      }
      if (!ok)
        this.out.push({
          range: this.r.stringContent(node),
          severity: 'error',
          code: 'pixi/invalid-channel',
          message: `\`${name}\` is not a valid URL; pixi refuses the script.`,
        });
      return;
    }
    if (CONDA_CHANNELS.some((c) => c.name === name)) return;
    const guess = closestWord(
      name,
      CONDA_CHANNELS.map((c) => c.name).filter((c) => !c.includes('/')),
      2,
    );
    if (guess && guess !== name) {
      this.out.push({
        range: this.r.stringContent(node),
        severity: 'warning',
        code: 'pixi/unknown-channel',
        message: `No well-known channel is called \`${name}\`; did you mean \`${guess}\`? pixi reads the header but fails when it cannot fetch the channel.`,
        fixes: [this.r.replaceString(node, guess, `Change to \`${guess}\``)],
      });
    }
  }

  private platforms(items: TomlView[], label: string): void {
    const seen = new Map<string, Range>();
    for (const item of items) {
      let name: string | undefined;
      if (item.kind === 'scalar' && item.node.kind === 'string') {
        name = item.node.value;
        if (!isCondaPlatform(name)) {
          this.invalidPlatform(item.node, name);
          continue;
        }
        this.script.platforms.push({ name, subdir: name, range: this.r.node(item.node) });
      } else if (item.kind === 'table') {
        name = this.platformEntry(item, label);
      } else {
        this.typeError(
          item,
          `each item of ${label}`,
          'a platform name such as `"linux-64"` or a table such as `{ platform = "linux-64", cuda = "12.0" }`',
        );
        continue;
      }
      if (name === undefined) continue;
      const range = this.r.node(item.anchor);
      const first = seen.get(name);
      if (first) {
        this.out.push({
          range,
          severity: 'error',
          code: 'pixi/invalid-value',
          message: `The platform \`${name}\` is listed twice (also line ${first.start.line + 1}); pixi refuses the script.`,
        });
      } else seen.set(name, range);
    }
  }

  /** A `{ platform = …, cuda = … }` entry; returns its name when it has an explicit one or a plain subdir. */
  private platformEntry(item: TomlTableView, label: string): string | undefined {
    let virtualPackages = 0;
    for (const [key, member] of item.entries) {
      if (key.startsWith('__')) {
        virtualPackages++;
        if (stringOf(member.value) === undefined) this.typeError(member.value, `${label} ${key}`, 'a string');
        continue;
      }
      const field = PIXI_PLATFORM_FIELD_BY_NAME.get(key);
      if (!field) {
        this.unknownKey(member, `${label} entry`, [...PIXI_PLATFORM_FIELD_BY_NAME.keys()], false);
        continue;
      }
      if (key === 'platform' || key === 'name') {
        if (stringOf(member.value) === undefined) this.typeError(member.value, `${label} ${key}`, 'a string');
        continue;
      }
      virtualPackages++;
      if (key === 'cuda') this.platformCuda(member, label);
      else this.typed(field, member.value, `${label} ${key}`);
    }
    if (item.entries.has('macos') && item.entries.has('osx')) {
      this.error(item.entries.get('osx')!.keyNode, 'pixi/invalid-value', '`osx` is another name for `macos`: set only one of them.');
    }
    const platform = item.entries.get('platform');
    const nameMember = item.entries.get('name');
    const platformNode = platform?.value.kind === 'scalar' && platform.value.node.kind === 'string' ? platform.value.node : undefined;
    const nameNode = nameMember?.value.kind === 'scalar' && nameMember.value.node.kind === 'string' ? nameMember.value.node : undefined;
    let subdir: string | undefined;
    if (platformNode) {
      if (!isCondaPlatform(platformNode.value)) this.invalidPlatform(platformNode, platformNode.value);
      else subdir = platformNode.value;
    } else if (nameNode) {
      if (isCondaPlatform(nameNode.value)) subdir = nameNode.value;
      else
        this.error(
          nameNode,
          'pixi/invalid-value',
          `\`${nameNode.value}\` is not a conda platform: with a custom name, set \`platform\` too (e.g. \`platform = "linux-64"\`).`,
        );
    } else if (!platform && !nameMember) {
      this.error(
        item.anchor,
        'pixi/invalid-value',
        'A platform entry needs `platform` (e.g. `"linux-64"`) or `name`; pixi refuses it without.',
      );
    }
    if (nameNode) {
      if (!PLATFORM_NAME.test(nameNode.value)) {
        this.error(nameNode, 'pixi/invalid-value', `\`${nameNode.value}\` is not a valid platform name: use letters, digits and \`-\`.`);
      } else if (isCondaPlatform(nameNode.value) && virtualPackages > 0 && platformNode) {
        this.error(
          nameNode,
          'pixi/invalid-value',
          `An entry named like the platform \`${nameNode.value}\` cannot declare virtual packages: give it another name (e.g. \`${nameNode.value}-cuda\`).`,
        );
      }
    }
    const cuda = item.entries.get('cuda');
    const cudaVersion = cuda
      ? (stringOf(cuda.value) ?? (cuda.value.kind === 'table' ? stringOf(cuda.value.entries.get('driver')?.value) : undefined))
      : undefined;
    const name = nameNode?.value ?? (subdir !== undefined ? derivedPlatformName(subdir, item) : undefined);
    if (name !== undefined) this.script.platforms.push({ name, subdir, cuda: cudaVersion, range: this.r.node(item.anchor) });
    return nameNode?.value ?? (virtualPackages === 0 ? subdir : undefined);
  }

  private platformCuda(member: TomlMember, label: string): void {
    const v = member.value;
    if (v.kind === 'scalar' && v.node.kind === 'string') {
      this.version(v.node, `${label} cuda`);
      return;
    }
    if (v.kind !== 'table') {
      this.typeError(v, `${label} cuda`, 'a version string such as `"12.0"` or a table `{ driver = "12.0", arch = "8.6" }`');
      return;
    }
    for (const [key, field] of v.entries) {
      if (key !== 'driver' && key !== 'arch') {
        this.unknownKey(field, `${label} cuda`, ['driver', 'arch'], false);
        continue;
      }
      if (field.value.kind === 'scalar' && field.value.node.kind === 'string') this.version(field.value.node, `${label} cuda.${key}`);
      else this.typeError(field.value, `${label} cuda.${key}`, 'a version string');
    }
    if (!v.entries.has('driver')) {
      this.error(
        v.anchor,
        'pixi/invalid-value',
        v.entries.has('arch') ? '`cuda.arch` needs `cuda.driver` too.' : 'A `cuda` table must set `driver` (and may set `arch`).',
      );
    }
  }

  private invalidPlatform(node: AST.TOMLStringValue, name: string): void {
    const guess = closestWord(name, CONDA_PLATFORMS, 3);
    this.out.push({
      range: this.r.stringContent(node),
      severity: 'error',
      code: 'pixi/invalid-platform',
      message:
        `\`${name}\` is not a conda platform` +
        (guess ? `; did you mean \`${guess}\`?` : ' (e.g. `linux-64`, `linux-aarch64`, `osx-arm64`, `win-64`).') +
        ' pixi refuses the script.',
      fixes: guess ? [this.r.replaceString(node, guess, `Change to \`${guess}\``)] : undefined,
    });
  }

  private preview(v: TomlView, label: string): void {
    if (v.kind === 'scalar' && v.node.kind === 'boolean') return;
    if (v.kind !== 'array' || v.ofTables || !v.items.every((i) => i.kind === 'scalar' && i.node.kind === 'string')) {
      this.typeError(v, label, '`true`, `false` or an array of feature names such as `["pixi-build"]`');
      return;
    }
    for (const item of v.items) {
      if (item.kind !== 'scalar' || item.node.kind !== 'string' || KNOWN_PREVIEW_FLAGS.includes(item.node.value)) continue;
      this.out.push({
        range: this.r.stringContent(item.node),
        severity: 'warning',
        code: 'pixi/unknown-preview',
        message: `pixi knows no preview feature \`${item.node.value}\` and ignores it (known: ${KNOWN_PREVIEW_FLAGS.map((f) => `\`${f}\``).join(', ')}).`,
      });
    }
  }

  // --- dependencies --------------------------------------------------------------------------------------------

  /** `target`: undefined for the default target, a selector for a target, null for constraints (not collected). */
  private condaDependencies(table: TomlTableView, label: string, target: string | undefined | null): void {
    for (const [name, member] of table.entries) {
      if (!PACKAGE_NAME.test(name)) {
        this.error(
          member.keyNode,
          'pixi/invalid-package-name',
          `\`${name}\` is not a conda package name: only letters, digits, \`-\`, \`_\` and \`.\`. pixi refuses the script.`,
        );
        continue;
      }
      const keyRange = this.r.node(member.keyNode);
      const valueRange = this.r.node(member.value.anchor);
      const dep: PixiCondaDependency = {
        name: name.toLowerCase(),
        keyRange,
        valueRange,
        keyNode: member.keyNode,
        plainLine: !table.inline && member.keyNode.parent.keys.length === 1 && valueRange.end.line === keyRange.start.line,
      };
      if (target !== undefined && target !== null) dep.target = target;
      const v = member.value;
      if (v.kind === 'scalar' && v.node.kind === 'string') {
        dep.version = v.node.value;
        this.versionSpec(v.node, `${label}.${name}`);
      } else if (v.kind === 'table') {
        this.fields(v, `${label}.${name}`, PIXI_CONDA_SPEC_FIELD_BY_NAME);
        dep.version = stringOf(v.entries.get('version')?.value);
        dep.build = stringOf(v.entries.get('build')?.value);
      } else {
        this.typeError(
          v,
          `${label}.${name}`,
          'a version spec string such as `">=2.1"` or a table such as `{ version = "*", build = "*cuda*" }`',
        );
        continue;
      }
      if (target !== null) this.script.condaDependencies.push(dep);
    }
  }

  /** `target`: undefined for the default target, else its selector. */
  private pypiDependencies(table: TomlTableView, label: string, target: string | undefined): void {
    for (const [name, member] of table.entries) {
      const v = member.value;
      if (v.kind === 'scalar' && v.node.kind === 'string') {
        this.pypiVersion(v.node, `${label}.${name}`);
      } else if (v.kind === 'table') {
        this.fields(v, `${label}.${name}`, PIXI_PYPI_SPEC_FIELD_BY_NAME);
      } else {
        this.typeError(
          v,
          `${label}.${name}`,
          'a version string such as `">=2.1"` (or `"*"`) or a table such as `{ version = "*", index = "…" }`',
        );
        continue;
      }
      const keyRange = this.r.node(member.keyNode);
      const valueRange = this.r.node(v.anchor);
      const dep: PixiPypiDependency = {
        name,
        keyRange,
        plainLine: !table.inline && member.keyNode.parent.keys.length === 1 && valueRange.end.line === keyRange.start.line,
      };
      if (target !== undefined) dep.target = target;
      this.script.pypiDependencies.push(dep);
    }
  }

  private pypiVersion(node: AST.TOMLStringValue, label: string): void {
    if (node.value.trim() === '*') return;
    const problem = checkSpecifierSet(node.value);
    if (!problem) return;
    this.out.push({
      range: this.r.stringPart(node, problem.start, problem.end),
      severity: 'error',
      code: 'pep440/invalid-specifier',
      message: `\`${label}\`: ${problem.message}`,
      fixes:
        problem.suggestion !== undefined
          ? [this.r.replaceString(node, problem.suggestion, `Change to \`${problem.suggestion}\``)]
          : undefined,
    });
  }

  // --- system requirements, activation, targets -------------------------------------------------------------

  private systemRequirements(member: TomlMember, table: TomlTableView): void {
    const label = 'tool.pixi.system-requirements';
    this.fields(table, label, PIXI_SYSTEM_REQUIREMENT_BY_NAME);
    const cuda = table.entries.get('cuda');
    const cudaVersion = cuda ? stringOf(cuda.value) : undefined;
    if (cuda && cudaVersion !== undefined) this.script.systemCuda = { version: cudaVersion, range: this.r.node(cuda.value.anchor) };
    const libc = table.entries.get('libc');
    if (libc && libc.value.kind === 'table') {
      for (const [key, field] of libc.value.entries) {
        if (key !== 'family' && key !== 'version') this.unknownKey(field, `${label}.libc`, ['family', 'version'], false);
      }
      if (!libc.value.entries.has('version'))
        this.error(libc.value.anchor, 'pixi/invalid-value', '`libc` written as a table needs `version`.');
    } else if (libc && libc.value.kind === 'scalar' && libc.value.node.kind === 'string') this.version(libc.value.node, `${label}.libc`);
    const fixes = this.systemRequirementsFix(member, table, cudaVersion);
    this.out.push({
      range: this.r.node(member.keyNode),
      severity: 'warning',
      code: 'pixi/deprecated-system-requirements',
      message:
        'pixi reads `[tool.pixi.system-requirements]` but warns that it is deprecated: declare these on the platform instead, ' +
        '`platforms = [{ platform = "linux-64", cuda = "12.0" }]` in `[tool.pixi.workspace]`.',
      fixes,
    });
  }

  /** When the table only says `cuda`, move it onto the Linux platform (pixi's replacement). */
  private systemRequirementsFix(member: TomlMember, table: TomlTableView, cuda: string | undefined): QuickFix[] | undefined {
    if (cuda === undefined || table.entries.size !== 1 || condaVersionProblem(cuda)) return undefined;
    const remove = deleteTableEdit(member, ['tool', 'pixi', 'system-requirements'], this.block);
    const declare = declareCudaEdits(this.tree, this.block, cuda);
    if (!remove || !declare) return undefined;
    const overlaps = declare.some((e) => e.range.start.line > remove.range.start.line && e.range.start.line < remove.range.end.line);
    if (overlaps) return undefined;
    return [{ title: `Declare CUDA ${cuda} on the platform instead`, edits: [...declare, remove], isPreferred: true }];
  }

  private activation(table: TomlTableView, label: string): void {
    this.fields(table, label, PIXI_ACTIVATION_KEY_BY_NAME);
    const env = table.entries.get('env');
    if (env?.value.kind === 'table') {
      for (const [key, variable] of env.value.entries) {
        if (stringOf(variable.value) === undefined) this.typeError(variable.value, `${label}.env.${key}`, 'a string');
      }
    }
  }

  private targets(table: TomlTableView): void {
    for (const [selector, member] of table.entries) {
      const label = `tool.pixi.target.${selector}`;
      if (member.value.kind !== 'table') {
        this.error(member.keyNode, 'pixi/not-in-scripts', `\`${label}\` must be a table of dependencies; pixi refuses the script.`);
        continue;
      }
      this.selector(member, selector);
      for (const [key, part] of member.value.entries) {
        if (!PIXI_TARGET_KEY_BY_NAME.has(key)) {
          this.unknownKey(part, label, [...PIXI_TARGET_KEY_BY_NAME.keys()], true);
          continue;
        }
        if (part.value.kind !== 'table') {
          this.typeError(part.value, `${label}.${key}`, 'a table');
          continue;
        }
        if (key === 'dependencies' || key === 'constraints')
          this.condaDependencies(part.value, `${label}.${key}`, key === 'dependencies' ? selector : null);
        else if (key === 'pypi-dependencies') this.pypiDependencies(part.value, `${label}.${key}`, selector);
        else this.activation(part.value, `${label}.${key}`);
      }
    }
  }

  private selector(member: TomlMember, selector: string): void {
    const family = PLATFORM_FAMILIES[selector] !== undefined;
    const glob = selector.includes('*');
    if (selector.includes('(')) {
      this.error(
        member.keyNode,
        'pixi/invalid-value',
        `\`${selector}\`: conditional targets are for packages; a script's target is a platform such as \`linux-64\`.`,
      );
      return;
    }
    if (!family && !glob && !isCondaPlatform(selector) && !PLATFORM_NAME.test(selector)) {
      this.error(
        member.keyNode,
        'pixi/invalid-platform',
        `\`${selector}\` is not a platform, a platform name or a family (\`linux\`, \`unix\`, \`win\`, \`osx\`); pixi refuses the script.`,
      );
      return;
    }
    const declared = this.script.platforms;
    const matches = declared.some((p) => {
      if (glob) return new RegExp(`^${selector.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(p.name);
      if (family) return p.subdir !== undefined && inPlatformFamily(selector, p.subdir);
      return p.name === selector || p.subdir === selector;
    });
    if (matches) return;
    this.out.push({
      range: this.r.node(member.keyNode),
      severity: 'warning',
      code: 'pixi/unused-target',
      message: this.script.platformsDeclared
        ? `No platform in \`[tool.pixi.workspace] platforms\` is \`${selector}\`, so pixi warns and never uses this target.`
        : `pixi warns that \`${selector}\` matches none of the script's platforms: declare them, e.g. \`platforms = ["${isCondaPlatform(selector) ? selector : 'linux-64'}"]\` in \`[tool.pixi.workspace]\`.`,
    });
  }

  // --- shared checks ------------------------------------------------------------------------------------------

  /** Keys of a table against a known list (pixi denies unknown fields); typed values are checked too. */
  private fields(table: TomlTableView, label: string, known: ReadonlyMap<string, PixiKey>): void {
    for (const [key, member] of table.entries) {
      const field = known.get(key);
      if (!field) {
        this.unknownKey(member, label, [...known.keys()], false);
        continue;
      }
      this.typed(field, member.value, `${label}.${key}`);
    }
  }

  private typed(field: PixiKey, v: TomlView, label: string): void {
    // Versions and version specs are strings first; what they hold is checked below. `preview`'s type
    // (boolean-or-string-array) and `any` are not checked here.
    const version = field.type === 'version' || field.type === 'version-spec';
    const shape = version ? 'string' : field.type === 'boolean-or-string-array' ? undefined : asValueShape(field.type);
    if (shape && !fitsShape(shape, v)) {
      const want =
        field.type === 'version'
          ? 'a version string such as `"12.0"`'
          : field.type === 'version-spec'
            ? 'a version spec string such as `">=1.2"`'
            : shapeInWords(shape, label);
      this.typeError(v, label, want);
      return;
    }
    if (v.kind !== 'scalar' || v.node.kind !== 'string') return;
    const node = v.node;
    if (field.values && !field.values.includes(node.value)) {
      const guess = closestWord(node.value, field.values, 3);
      this.out.push({
        range: this.r.stringContent(node),
        severity: 'error',
        code: 'pixi/invalid-value',
        message: `\`${label}\` must be one of ${field.values.map((x) => `\`${x}\``).join(', ')}; pixi refuses \`${node.value}\`.`,
        fixes: guess ? [this.r.replaceString(node, guess, `Change to \`${guess}\``)] : undefined,
      });
    } else if (field.type === 'version') this.version(node, label);
    else if (field.type === 'version-spec') this.versionSpec(node, label);
  }

  private version(node: AST.TOMLStringValue, label: string): void {
    const problem = condaVersionProblem(node.value);
    if (!problem) return;
    this.out.push({
      range: this.r.stringContent(node),
      severity: 'error',
      code: 'pixi/invalid-value',
      message: `\`${label}\` must be a conda version such as \`"12.0"\`: ${problem}. pixi refuses the script.`,
    });
  }

  private versionSpec(node: AST.TOMLStringValue, label: string): void {
    const checked = checkPixiVersionSpec(node.value);
    if (checked.kind === 'ok') return;
    if (checked.kind === 'ambiguous') {
      const v = checked.version;
      const fix = (text: string, what: string, preferred: boolean) =>
        this.r.replaceStringPart(node, checked.start, checked.end, text, what) ??
        this.r.replaceString(node, node.value.slice(0, checked.start) + text + node.value.slice(checked.end), what, preferred);
      const exact = fix(`==${v}`, `Change to \`==${v}\` (exactly this version)`, false);
      const series = fix(`${v}.*`, `Change to \`${v}.*\` (any ${v}.x release)`, false);
      exact.isPreferred = false;
      series.isPreferred = false;
      this.out.push({
        range: this.r.stringPart(node, checked.start, checked.end),
        severity: 'warning',
        code: 'pixi/ambiguous-version',
        message: `\`${v}\` has no operator: pixi reads it as \`==${v}\` (exactly ${v}) and warns that this will become an error. Write \`==${v}\`, or \`${v}.*\` for any ${v}.x release.`,
        fixes: [series, exact],
      });
      return;
    }
    const p = checked.problem;
    this.out.push({
      range: this.r.stringPart(node, p.start, p.end),
      severity: 'error',
      code: 'pixi/invalid-version-spec',
      message: `\`${label}\`: ${p.message}` + (checked.hint ? `; ${checked.hint}` : '') + '. pixi refuses the script.',
    });
  }

  private unknownKey(member: TomlMember, label: string, known: readonly string[], scriptLevel: boolean): void {
    const key = member.key;
    const range = this.r.node(member.keyNode);
    const reason = scriptLevel ? PIXI_WORKSPACE_ONLY[key] : undefined;
    if (reason) {
      const fixes: QuickFix[] | undefined =
        key === 'project' && label === 'tool.pixi'
          ? [{ title: 'Rename to `workspace`', edits: [{ range, newText: 'workspace' }], isPreferred: true }]
          : undefined;
      this.out.push({
        range,
        severity: 'error',
        code: 'pixi/not-in-scripts',
        message: `pixi does not accept \`${label}.${key}\` in a script (${reason}) and refuses to run it.`,
        fixes,
      });
      return;
    }
    const guess = closestWord(key, known, 2);
    this.out.push({
      range,
      severity: 'error',
      code: 'pixi/unknown-key',
      message:
        `pixi does not know \`${key}\` in \`${label}\` and refuses the script` +
        (guess ? `; did you mean \`${guess}\`?` : `. It accepts ${known.map((k) => `\`${k}\``).join(', ')}.`),
      fixes: guess ? [{ title: `Rename to \`${guess}\``, edits: [{ range, newText: guess }], isPreferred: true }] : undefined,
    });
  }

  private typeError(v: TomlView, label: string, want: string): void {
    this.out.push({
      range: this.r.node(v.anchor),
      severity: 'error',
      code: 'pixi/invalid-type',
      message: `\`${label}\` must be ${want}, not ${describeView(v)}; pixi refuses the script.`,
    });
  }

  private error(node: { range: AST.Range }, code: string, message: string): void {
    this.out.push({ range: this.r.node(node), severity: 'error', code, message });
  }
}
