// Whether a path may be deleted as a run, whatever a command's arguments say: it must be `<experiment>/runs/<run>`
// with a run folder's name, the experiment must lie inside a workspace folder, and `runs/` must really be inside
// the experiment (a `runs/` linked to another place would make `<runs>/<name>` a folder out there). A run that is
// itself a symbolic link is deleted as a link: what it points to stays. The path to delete is built from the real
// `runs/` folder, so nothing swapped in between can redirect it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary, isInside } from '#core/fs/boundary';
import { describeFileType, describeFsError } from '#core/fs/fsErrors';
import { parseRunDirName } from './runName';
import { RUNS_DIR } from './experimentFolder';

export type DeletableRun =
  | { ok: true; /** What to delete. */ path: string; /** True when the run folder is a link (only the link goes). */ isLink: boolean }
  | { ok: false; message: string };

export function checkDeletableRun(runPath: string, workspaceFolders: readonly string[]): DeletableRun {
  const full = path.resolve(runPath);
  const name = path.basename(full);
  const runsDir = path.dirname(full);
  const experiment = path.dirname(runsDir);
  const refuse = (why: string): DeletableRun => ({ ok: false, message: `${runPath} is not deleted: ${why}.` });
  if (path.basename(runsDir) !== RUNS_DIR || !parseRunDirName(name))
    return refuse('it is not a run folder (runs/YYYY-MM-DDTHH-MM-SS-<name>)');
  const boundary = new Boundary(experiment, 'the experiment');
  const realExperiment = boundary.realPath();
  if (realExperiment === undefined) return refuse('its experiment folder cannot be found');
  const inWorkspace = workspaceFolders.some((folder) => {
    const real = new Boundary(folder, folder).realPath();
    return real !== undefined && isInside(realExperiment, real);
  });
  if (!inWorkspace) return refuse('it is not inside an open workspace folder');
  let realRuns: string;
  try {
    realRuns = fs.realpathSync.native(runsDir);
  } catch (err) {
    return refuse(`runs/ cannot be read (${describeFsError(err)})`);
  }
  if (!boundary.holds(realRuns)) return refuse(`runs/ leads to ${realRuns}, outside the experiment`);
  const target = path.join(realRuns, name);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(target);
  } catch (err) {
    return refuse(describeFsError(err));
  }
  if (st.isSymbolicLink()) return { ok: true, path: target, isLink: true };
  if (!st.isDirectory()) return refuse(`it is ${describeFileType(st)}, not a run folder`);
  return { ok: true, path: target, isLink: false };
}
