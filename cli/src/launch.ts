// `experiment-scripts train NAME EXPERIMENT_DIR`, `eval RUN_DIR`, `plot RUN_DIR`: the launches of the commands in
// VS Code, from a shell, with the same rules: the refusals and runner rule of #core/launch/launchDecision, the GPU
// choice of #core/gpu/resolveGpuSetting, the run record, and on SLURM the submission of #core/launch/slurmDecision.
// Every name, path and option is passed as one argument; nothing here goes through a shell.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage } from '#core/errorMessage';
import { isDirectory, isFile } from '#core/fileKinds';
import { nodeExecFile } from '#core/gpu/execFile';
import { noGpuNotice, queryGpus } from '#core/gpu/queryGpus';
import { resolveGpuSetting } from '#core/gpu/resolveGpuSetting';
import { findExecutable } from '#core/launch/findExecutable';
import { decideLaunch, DeviceChoice, LaunchFacts, TargetFacts } from '#core/launch/launchDecision';
import type { LaunchPlan, LaunchTarget } from '#core/launch/launchPlan';
import { launchEndEntry, launchStartEntry } from '#core/launch/launchRecord';
import { findNewRunDir } from '#core/launch/newRunDir';
import { findPixiManifest } from '#core/launch/pixiManifest';
import { runTargetFromPath } from '#core/launch/runTarget';
import { readScriptText } from '#core/launch/scriptHeader';
import { scriptFileFor } from '#core/launch/scriptSettings';
import { decideSlurmLaunch } from '#core/launch/slurmDecision';
import type { LaunchKind } from '#core/launch/taskName';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { writeRunRecord } from '#core/runs/runRecord';
import type { SlurmOptions } from '#core/slurm/slurmOptions';
import { submitJob } from '#core/slurm/submitJob';
import { parseArgs } from './args';
import { CliIo, shownPath, textLine } from './io';
import { slurmOptionsFromArgs, SLURM_VALUED, waitForJob } from './slurmJobs';

const RUNNERS = ['auto', 'uv', 'pixi', 'pixi-script', 'python'];
const OPTIONS = `  --on local|slurm        where the run goes (default local)
  --gpu auto|none|0,1     local runs: the GPU by the launcher's rule, the CPU, or these GPUs (default auto)
  --runner auto|uv|pixi|pixi-script|python   as the experimentScripts.runner setting (default auto)
  --python PATH           the interpreter of the python runner (default python3)
  --yes                   run a script that asks for CUDA on a machine without a GPU
  --wait                  slurm: follow the job to its end and exit with its exit code
  --partition P  --gpus N  --gpu-type T  --gpu-option gres|gpus  --cpus N  --mem SIZE  --time LIMIT
  --account A  --qos Q  --sbatch-arg ARG (repeatable)    slurm: what the job asks for; over the
                          script's [tool.experiment-scripts.slurm] table
`;
const USAGE: Record<LaunchKind, string> = {
  train: `usage: experiment-scripts train NAME [options] EXPERIMENT_DIR\n${OPTIONS}`,
  eval: `usage: experiment-scripts eval [options] RUN_DIR\n${OPTIONS}`,
  plot: `usage: experiment-scripts plot [options] RUN_DIR\n${OPTIONS}`,
};

export async function launchCommand(kind: LaunchKind, args: string[], io: CliIo): Promise<number> {
  const usage = USAGE[kind];
  const parsed = parseArgs(kind, usage, args, io, {
    formats: ['text'],
    flags: ['--wait', '--yes'],
    valued: ['--on', '--gpu', '--runner', '--python', ...SLURM_VALUED],
  });
  if ('exitCode' in parsed) return parsed.exitCode;
  const { positional, flags, values } = parsed;
  const one = (name: string) => values.get(name)?.at(-1);
  const bad = (message: string) => {
    io.err(`experiment-scripts ${kind}: ${message}\n${usage}`);
    return 2;
  };
  const on = one('--on') ?? 'local';
  if (on !== 'local' && on !== 'slurm') return bad(`--on takes local or slurm, not '${on}'`);
  const runner = one('--runner') ?? 'auto';
  if (!RUNNERS.includes(runner)) return bad(`--runner takes ${RUNNERS.join(', ')}, not '${runner}'`);
  const slurmOptions = slurmOptionsFromArgs(values);
  if (typeof slurmOptions === 'string') return bad(slurmOptions);
  if (on === 'local' && (Object.keys(slurmOptions).length > 0 || flags.has('--wait'))) {
    return bad('--wait and the SLURM options go with --on slurm (a local run is always followed to its end)');
  }

  let target: LaunchTarget;
  let experimentDir: string;
  if (kind === 'train') {
    if (positional.length !== 2) return bad(`expected NAME and EXPERIMENT_DIR, got ${positional.length} argument(s)`);
    experimentDir = path.resolve(positional[1]);
    if (!(await isDirectory(experimentDir))) return bad(`${positional[1]}: no such folder`);
    target = { kind: 'train', name: positional[0] };
  } else {
    if (positional.length !== 1) return bad(`expected one RUN_DIR, got ${positional.length}`);
    const run = runTargetFromPath(positional[0]);
    if (typeof run === 'string') return bad(run);
    experimentDir = run.experimentDir;
    target = { kind, run };
  }
  const script = scriptFileFor(kind, undefined);
  const scriptPath = path.join(experimentDir, script);
  const targetFacts: TargetFacts = {
    target,
    experimentDir,
    shownDir: `${shownPath(experimentDir)}/`,
    // The command line runs what its user names: there is no workspace to stay inside.
    inWorkspace: true,
    script,
    scriptKey: `${kind}Script`,
    scriptIsFile: await isFile(scriptPath),
    runExists: target.kind === 'train' ? undefined : await isDirectory(target.run.path),
  };
  const common = {
    scriptText: readScriptText(scriptPath),
    runnerSetting: runner,
    pixiManifest: runner === 'auto' || runner === 'pixi' ? findPixiManifest(experimentDir, undefined) : undefined,
    python: runner === 'python' ? (one('--python') ?? 'python3') : undefined,
    findProgram: (command: string) => findExecutable(command, process.env.PATH, experimentDir),
  };
  if (on === 'slurm') return submitOnSlurm({ ...targetFacts, ...common }, slurmOptions, flags.has('--wait'), io);

  const device = await chooseDevice(one('--gpu') ?? 'auto', io);
  if (typeof device === 'string') return bad(device);
  let decision = decideLaunch({ ...targetFacts, ...common, device } satisfies LaunchFacts);
  if (decision.kind === 'confirm-cuda') {
    if (!flags.has('--yes')) {
      io.err(textLine(`experiment-scripts ${kind}: ${decision.message} Pass --yes to run it anyway.`));
      return 1;
    }
    decision = decideLaunch({ ...targetFacts, ...common, device, cudaConfirmed: true });
  }
  if (decision.kind === 'refuse') {
    io.err(textLine(`experiment-scripts ${kind}: ${decision.message}`));
    return 1;
  }
  if (decision.kind !== 'launch') return 1;
  return runHere(decision.plan, decision.program, experimentDir, target, io);
}

/** The device of a local run, as the launcher chooses it in VS Code; a message when `--gpu` is not usable. */
async function chooseDevice(setting: string, io: CliIo): Promise<DeviceChoice | string> {
  if (setting.trim().toLowerCase() === 'ask') return '--gpu ask needs someone to answer; give GPU indices such as 0,1';
  const env = process.env;
  let gpus: Awaited<ReturnType<typeof queryGpus>> | undefined;
  if (env.CUDA_VISIBLE_DEVICES === undefined && setting.trim().toLowerCase() !== 'none') {
    gpus = await queryGpus(nodeExecFile);
    if (gpus.kind === 'error') {
      io.err(textLine(`Could not list GPUs: ${gpus.message} The run starts without a GPU choice.`));
      return { resolution: { kind: 'cpu', cudaVisibleDevices: undefined, device: 'GPU unknown' }, noGpu: false };
    }
    const notice = noGpuNotice(gpus);
    if (notice) io.err(textLine(notice));
  }
  const ok = gpus?.kind === 'ok' ? gpus : undefined;
  const resolution = resolveGpuSetting(setting, env, ok?.gpus ?? [], ok?.apps ?? []);
  if (resolution.kind === 'ask') return 'no GPU to ask about';
  if (resolution.kind === 'invalid') return resolution.message.replace('experimentScripts.gpu', '--gpu');
  if (resolution.notice) io.err(textLine(resolution.notice));
  return { resolution, noGpu: gpus !== undefined && noGpuNotice(gpus) !== undefined };
}

/** Runs the plan here, in the foreground, recording its start (once its run folder exists) and its end. */
async function runHere(plan: LaunchPlan, program: string, experimentDir: string, target: LaunchTarget, io: CliIo): Promise<number> {
  const startedAt = new Date();
  io.err(textLine(plan.taskName));
  const child = spawn(program, plan.command.args, {
    cwd: plan.command.cwd,
    env: { ...process.env, ...plan.command.env },
    stdio: 'inherit',
    shell: false,
  });
  // Ctrl-C reaches the script too (same terminal): this process stays to record how it ended.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  let runDir = target.kind === 'train' ? undefined : target.run.path;
  const findRun = async () => {
    if (runDir || target.kind !== 'train') return runDir;
    const names = await fs.readdir(path.join(experimentDir, RUNS_DIR)).catch((): string[] => []);
    const found = findNewRunDir(names, target.name, startedAt);
    if (found) runDir = path.join(experimentDir, RUNS_DIR, found);
    return runDir;
  };
  let recorded = false;
  const recordStart = async () => {
    if (recorded || child.pid === undefined) return;
    const dir = await findRun();
    if (!dir) return;
    recorded = true;
    await writeRunRecord(dir, plan.kind, launchStartEntry(plan, startedAt, child.pid)).catch(() => undefined);
  };
  const timer = setInterval(() => void recordStart(), 500);
  void recordStart();
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  clearInterval(timer);
  process.off('SIGINT', ignore);
  process.off('SIGTERM', ignore);
  if (ended.error) {
    io.err(textLine(`${plan.taskName}: ${program} could not be started: ${errorMessage(ended.error)}`));
    return 1;
  }
  const dir = await findRun();
  if (dir) {
    const entry = launchEndEntry(plan, startedAt, new Date(), ended.code ?? undefined, child.pid);
    await writeRunRecord(dir, plan.kind, entry).catch((err: unknown) => io.err(textLine(`run record for ${dir}: ${errorMessage(err)}`)));
    io.out(textLine(shownPath(dir)));
  } else if (plan.kind === 'train') {
    io.err(textLine(`${plan.taskName}: no run folder named ${plan.scriptArgs[0]} appeared in ${RUNS_DIR}/`));
  }
  return exitStatus(ended.code, ended.signal === null ? null : signalNumber(ended.signal));
}

async function submitOnSlurm(
  facts: Omit<Parameters<typeof decideSlurmLaunch>[0], 'now' | 'launchOptions'>,
  launchOptions: SlurmOptions,
  wait: boolean,
  io: CliIo,
): Promise<number> {
  const kind = facts.target.kind;
  const now = new Date();
  const decision = decideSlurmLaunch({ ...facts, launchOptions, now });
  if (decision.kind === 'refuse') {
    io.err(textLine(`experiment-scripts ${kind}: ${decision.message}`));
    return 1;
  }
  for (const w of decision.warnings) io.err(textLine(`${facts.script}: ${w}`));
  const outcome = await submitJob({
    plan: decision.plan,
    submission: decision.submission,
    target: facts.target.kind === 'train' ? facts.target.name : facts.target.run.relativePath,
    runDirName: facts.target.kind === 'train' ? undefined : facts.target.run.dirName,
    exec: nodeExecFile,
    env: process.env,
    now,
  });
  if (outcome.kind === 'failed') {
    io.err(textLine(`experiment-scripts ${kind}: ${outcome.message}`));
    return 1;
  }
  const { record } = outcome.job;
  io.out(
    textLine(
      `submitted job ${record.jobId} (${record.jobName})${record.partition ? ` to ${record.partition}` : ''}; output: ${record.outputFile}`,
    ),
  );
  if (!wait) return 0;
  return waitForJob(outcome.job, io);
}

/** The shell's convention: the exit code, or 128 plus the signal that ended the program. */
export function exitStatus(code: number | null, signal: number | null): number {
  if (signal !== null) return 128 + signal;
  return code ?? 1;
}

function signalNumber(signal: NodeJS.Signals): number {
  return os.constants.signals[signal] ?? 1;
}
