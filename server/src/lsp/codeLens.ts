// The code lens on a header's `# /// script` line: "Lock Script Environment", saying whether the lock beside the
// script is missing or older than the script. It is offered only to clients that implement the command (announced
// in `initializationOptions.clientCommands`), and it stats two files; nothing is read. The tool is the one the
// launcher's `auto` rule runs the script with; a script run in a pixi manifest's environment has no lens, since the
// command would refuse to lock it (the manifest's lock is pixi's own business).
import { promises as fs } from 'node:fs';
import type { CodeLens } from 'vscode-languageserver/node';
import type { ScriptAnalysis } from '#core/pep723/index';
import { lockFileFor, lockLensTitle, lockState, lockToolFor } from '#core/launch/scriptLock';
import { LOCK_SCRIPT_ENVIRONMENT_COMMAND } from '#core/protocol/clientCommands';
import { filePathOf } from './diskBom';

/** Modification time of a regular file (links are not followed), or undefined. */
async function mtimeOf(file: string): Promise<number | undefined> {
  try {
    const stat = await fs.lstat(file);
    return stat.isFile() ? stat.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/** `pixiManifest`: the manifest that applies to the script's experiment, if any (from the folder facts). */
export async function lockCodeLenses(uri: string, analysis: ScriptAnalysis, pixiManifest: string | undefined): Promise<CodeLens[]> {
  const file = filePathOf(uri);
  const block = analysis.block;
  if (!file || !block) return [];
  const scriptMtime = await mtimeOf(file);
  if (scriptMtime === undefined) return [];
  const tool = analysis.tree?.entries.get('tool')?.value;
  const pixi = tool?.kind === 'table' && tool.entries.has('pixi');
  const decision = lockToolFor('auto', pixiManifest, pixi);
  if ('refused' in decision) return [];
  const lockTool = decision.tool;
  const state = lockState(scriptMtime, await mtimeOf(lockFileFor(file, lockTool)));
  const line = block.openLine;
  return [
    {
      range: { start: { line, character: block.openColumn }, end: { line, character: block.openColumn + 12 } },
      command: { title: lockLensTitle(state, file, lockTool), command: LOCK_SCRIPT_ENVIRONMENT_COMMAND, arguments: [uri] },
    },
  ];
}

/** Lock files the server watches, so the lens follows a lock written or removed outside the editor. */
export const LOCK_FILE_GLOBS = ['**/*.py.lock', '**/*.py.pixi.lock'];
