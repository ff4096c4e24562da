// "Running" means a process is running the run. These tests hand the index a process table made of /proc files in
// their real format (stat lines, NUL-separated command lines, cwd links), and one test uses the real /proc with a
// real child process.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexExperiment, loadRunDetails, readRun } from '#core/runs/experimentIndex';
import { LiveExperiment } from '#core/runs/liveExperiment';
import { describeCommand, parseBootTime, parseCmdline, parseProcStat, ProcessTable, ProcFs, runsScript } from '#core/runs/processTable';
import { formatRunDirName } from '#core/runs/runName';
import { RUN_RECORD_FILE } from '#core/runs/runRecord';
import type { RunInfo } from '#core/runs/types';
import { tempDir, writeFile } from './runs-fixture';

const BOOT_S = 1_738_000_000; // btime of the fake machine
const HZ = 100;
const PROC_STAT = `cpu  252930 2405 51050 138940 2844 0 622 159 0 0\ncpu0 125842 1138 24929 71646 712 0 102 80 0 0\nintr 0\nctxt 9138291\nbtime ${BOOT_S}\nprocesses 29455\nprocs_running 1\n`;

interface FakeProcess {
  pid: number;
  comm: string;
  argv: string[];
  cwd?: string;
  /** Start time, epoch ms. */
  startedAtMs: number;
  state?: string;
}

/** A stat line as Linux writes it (copied from a real one), with this process's pid, name, state and start time. */
function statLine(p: FakeProcess): string {
  const ticks = Math.round((p.startedAtMs / 1000 - BOOT_S) * HZ);
  return `${p.pid} (${p.comm}) ${p.state ?? 'S'} 29430 29430 24048 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 ${ticks} 3133440 387 18446744073709551615 94345230249984 94345230269865 140726134849744 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94345230285872 94345230287488 94345883508736 140726134852322 140726134852342 140726134852342 140726134853611 0\n`;
}

/** A /proc of these processes; counts reads so that tests can see what a refresh costs. */
function fakeProc(processes: FakeProcess[]): ProcFs & { reads: string[] } {
  const files = new Map<string, string>([['/proc/stat', PROC_STAT]]);
  const links = new Map<string, string>();
  for (const p of processes) {
    files.set(`/proc/${p.pid}/stat`, statLine(p));
    files.set(`/proc/${p.pid}/cmdline`, p.argv.map((a) => a + '\0').join(''));
    if (p.cwd) links.set(`/proc/${p.pid}/cwd`, p.cwd);
  }
  const enoent = (p: string) => Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  const reads: string[] = [];
  return {
    reads,
    readdir: (dir) => {
      reads.push(dir);
      if (dir !== '/proc') return Promise.reject(enoent(dir));
      return Promise.resolve(['1', '2', 'self', 'stat', 'uptime', ...processes.map((p) => String(p.pid))]);
    },
    readFile: (file) => {
      reads.push(file);
      const text = files.get(file);
      if (text === undefined) return Promise.reject(enoent(file));
      return Promise.resolve(text);
    },
    readlink: (link) => {
      reads.push(link);
      const target = links.get(link);
      // Another user's process: its cwd cannot be read.
      if (target === undefined) return Promise.reject(Object.assign(new Error(`EACCES: ${link}`), { code: 'EACCES' }));
      return Promise.resolve(target);
    },
  };
}

const table = (proc: ProcFs | null) => new ProcessTable(proc, { realpath: (d) => Promise.resolve(d) });

/** An experiment with one run started `startedAt` (to the second), whose log was written `logAgeMs` ago. */
function experiment(runs: { name: string; startedAt: Date; log?: string; logAgeMs?: number }[]): { dir: string; dirNames: string[] } {
  const dir = fs.realpathSync(tempDir('runs-proc-'));
  const dirNames = runs.map((r) => {
    const dirName = formatRunDirName(r.startedAt, r.name);
    const runDir = path.join(dir, 'runs', dirName);
    fs.mkdirSync(runDir, { recursive: true });
    if (r.log !== undefined) writeFile(path.join(runDir, 'logs', 'train.log'), r.log, new Date(Date.now() - (r.logAgeMs ?? 3600_000)));
    return dirName;
  });
  return { dir, dirNames };
}

const toSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
const LOG = '2025-02-02 14:30:01 | INFO | metric {"epoch": 0, "loss": 0.9}\n';

test('stat, cmdline and /proc/stat are read in their real formats, whatever the command name holds', () => {
  assert.deepEqual(parseProcStat('29432 (cat) R 29430 29430 24048 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 225895 3133440 387 0\n'), {
    state: 'R',
    startTicks: 225895,
  });
  // The name field may hold spaces and ")" itself.
  assert.deepEqual(parseProcStat('77 (tmux: server) S 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 4242 1 1 0'), {
    state: 'S',
    startTicks: 4242,
  });
  assert.deepEqual(parseProcStat('78 (a) b) (c) Z 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 99 1 1 0'), { state: 'Z', startTicks: 99 });
  assert.equal(parseProcStat('garbage'), undefined);
  assert.equal(parseProcStat('1 (x) S 1 2 3'), undefined, 'too few fields');
  assert.equal(parseBootTime(PROC_STAT), BOOT_S);
  assert.equal(parseBootTime('cpu 1 2 3\n'), undefined);
  assert.deepEqual(parseCmdline('uv\0run\0train.py\0de-risk\0'), ['uv', 'run', 'train.py', 'de-risk']);
  assert.deepEqual(parseCmdline('python\0-c\0import time; time.sleep(1)\0\0'), ['python', '-c', 'import time; time.sleep(1)', '']);
  assert.deepEqual(parseCmdline(''), []);
  assert.equal(describeCommand(['/home/ada/.local/bin/uv', 'run', 'train.py', 'de-risk']), 'uv run train.py de-risk');
});

test('a command runs a run when it has the train script and, after it, the run name', () => {
  assert.ok(runsScript(['uv', 'run', 'train.py', 'de-risk'], 'train.py', 'de-risk'));
  assert.ok(runsScript(['/w/.venv/bin/python', '/w/mnist/train.py', '--epochs', '3', 'de-risk'], 'train.py', 'de-risk'));
  assert.ok(runsScript(['pixi', 'run', 'python', 'train.py', 'de-risk'], 'train.py', 'de-risk'));
  assert.ok(!runsScript(['uv', 'run', 'train.py', 'full'], 'train.py', 'de-risk'), 'another run name');
  assert.ok(!runsScript(['uv', 'run', 'eval.py', 'runs/2025-02-02T14-30-00-de-risk'], 'train.py', 'de-risk'), 'eval of the run');
  assert.ok(!runsScript(['de-risk', 'train.py'], 'train.py', 'de-risk'), 'the name must come after the script');
  assert.ok(!runsScript(['python', 'retrain.py', 'de-risk'], 'train.py', 'de-risk'));
  assert.ok(runsScript(['python', 'scripts/fit.py', 'x'], 'scripts/fit.py', 'x'), 'a configured script is matched by file name');
});

test('a run started from a terminal is running while its process lives; uv or its python child both count', async () => {
  const now = Date.now();
  const start = toSecond(now - 30 * 60_000); // the run started half an hour ago and logs rarely
  const { dir, dirNames } = experiment([{ name: 'de-risk', startedAt: start, log: LOG, logAgeMs: 20 * 60_000 }]);
  const t = start.getTime();
  const uv: FakeProcess = {
    pid: 4121,
    comm: 'uv',
    argv: ['/home/ada/.local/bin/uv', 'run', 'train.py', 'de-risk'],
    cwd: dir,
    startedAtMs: t - 3_000,
  };
  const python: FakeProcess = {
    pid: 4130,
    comm: 'python',
    argv: [`${dir}/.venv/bin/python`, 'train.py', 'de-risk'],
    cwd: dir,
    startedAtMs: t - 1_000,
  };
  const others: FakeProcess[] = [
    // The same command in another experiment folder, another run name here, and an eval of this run.
    { pid: 500, comm: 'python', argv: ['python', 'train.py', 'de-risk'], cwd: '/elsewhere/mnist', startedAtMs: t - 1_000 },
    { pid: 501, comm: 'python', argv: ['python', 'train.py', 'full'], cwd: dir, startedAtMs: t - 1_000 },
    { pid: 502, comm: 'python', argv: ['python', 'eval.py', `runs/${dirNames[0]}`], cwd: dir, startedAtMs: t + 60_000 },
    // Another user's process: no readable cwd.
    { pid: 503, comm: 'python', argv: ['python', 'train.py', 'de-risk'], startedAtMs: t - 1_000 },
  ];

  let run = await readRun(dir, dirNames[0], { processes: table(fakeProc([uv, python, ...others])) });
  assert.ok(run && 'status' in run);
  assert.deepEqual([run.status, run.statusReason], ['running', 'process 4121 (uv run train.py de-risk) is running']);

  run = await readRun(dir, dirNames[0], { processes: table(fakeProc([python, ...others])) });
  assert.ok(run && 'status' in run);
  assert.deepEqual([run.status, run.statusReason], ['running', 'process 4130 (python train.py de-risk) is running']);

  run = await readRun(dir, dirNames[0], { processes: table(fakeProc(others)) });
  assert.ok(run && 'status' in run);
  assert.equal(run.status, 'finished');
  assert.equal(run.statusReason, 'logs/train.log ends without an error (log written 20 min ago, no process of this run found)');
});

test('a process counts only if it started within 120 s before to 5 s after the time in the folder name', async () => {
  const start = toSecond(Date.now() - 3600_000);
  const { dir, dirNames } = experiment([{ name: 'sweep', startedAt: start }]);
  const statusWithStart = async (offsetMs: number) => {
    const p: FakeProcess = {
      pid: 900,
      comm: 'python',
      argv: ['python', 'train.py', 'sweep'],
      cwd: dir,
      startedAtMs: start.getTime() + offsetMs,
    };
    const run = await readRun(dir, dirNames[0], { processes: table(fakeProc([p])) });
    assert.ok(run && 'status' in run);
    return run.status;
  };
  assert.equal(await statusWithStart(-119_000), 'running', 'slow imports before the script names its folder');
  assert.equal(await statusWithStart(4_000), 'running', 'whole-second boot time');
  assert.equal(await statusWithStart(-121_000), 'incomplete', 'an earlier run of the same name, still going');
  assert.equal(await statusWithStart(6_000), 'incomplete', 'a later run of the same name');
});

test('a recorded process counts only while alive and started when the record says: a reused id does not', async () => {
  const now = Date.now();
  const recordStart = new Date(now - 3600_000);
  const { dir, dirNames } = experiment([{ name: 'full', startedAt: toSecond(recordStart.getTime()), log: LOG, logAgeMs: 50 * 60_000 }]);
  const runDir = path.join(dir, 'runs', dirNames[0]);
  writeFile(
    path.join(runDir, RUN_RECORD_FILE),
    JSON.stringify({ train: { exitCode: null, startedAt: recordStart.toISOString(), argv: ['uv', 'run', 'train.py', 'full'], pid: 4242 } }),
  );
  const at = async (p: FakeProcess[]) => {
    const run = await readRun(dir, dirNames[0], { processes: table(fakeProc(p)) });
    assert.ok(run && 'status' in run);
    return [run.status, run.statusReason];
  };
  const launched = { pid: 4242, comm: 'uv', argv: ['uv', 'run', 'train.py', 'full'], cwd: dir, startedAtMs: recordStart.getTime() + 300 };
  assert.deepEqual(await at([launched]), ['running', 'process 4242 (uv run train.py full) is running, as the launcher recorded']);
  // After a reboot the id went to some other program, started long after the run.
  assert.deepEqual(await at([{ pid: 4242, comm: 'bash', argv: ['bash'], cwd: '/home/ada', startedAtMs: now - 60_000 }]), [
    'finished',
    "logs/train.log ends without an error (the launcher's process 4242 has ended and its id now belongs to a later program; log written 50 min ago, no process of this run found)",
  ]);
  assert.equal((await at([{ ...launched, state: 'Z' }]))[0], 'finished', 'a zombie has ended');
  assert.equal((await at([]))[0], 'finished');
});

test('without /proc, a log written in the last minute is "probably running"; older, the log decides', async () => {
  const { dir } = experiment([
    { name: 'fresh', startedAt: toSecond(Date.now() - 90_000), log: LOG, logAgeMs: 12_000 },
    { name: 'quiet', startedAt: toSecond(Date.now() - 600_000), log: LOG, logAgeMs: 300_000 },
  ]);
  const noProc = new ProcessTable(null, { isAlive: () => false });
  const index = await indexExperiment(dir, { details: true, processes: noProc });
  const byName = (name: string) => index.runs.find((r) => r.name === name) as RunInfo;
  assert.equal(byName('fresh').status, 'running');
  assert.match(
    byName('fresh').statusReason ?? '',
    /^probably running: logs\/train\.log written 1[23] s ago \(this system cannot list processes to be sure\)$/,
  );
  assert.deepEqual([byName('quiet').status, byName('quiet').statusReason], ['finished', 'logs/train.log ends without an error']);
  assert.equal(noProc.scans, 0);
});

test('a refresh makes one pass over /proc for all runs, and none when no run is recent enough to be running', async () => {
  const now = Date.now();
  const recent = Array.from({ length: 30 }, (_, i) => ({ name: `sweep-${i}`, startedAt: toSecond(now - (i + 1) * 60_000), log: LOG }));
  const { dir } = experiment(recent);
  const proc = fakeProc([
    { pid: 700, comm: 'python', argv: ['python', 'train.py', 'sweep-0'], cwd: dir, startedAtMs: toSecond(now - 60_000).getTime() - 2_000 },
  ]);
  const processes = table(proc);
  const live = new LiveExperiment(dir, { processes });
  const runs = await live.visibleRuns();
  assert.equal(processes.scans, 1, 'one pass shared by the 30 runs');
  assert.equal(proc.reads.filter((r) => r === '/proc').length, 1);
  assert.equal(
    runs
      .filter((e) => e.run.status === 'running')
      .map((e) => e.run.name)
      .join(),
    'sweep-0',
  );
  assert.equal(live.runningEntries().length, 1);

  const old = experiment([
    { name: 'a', startedAt: new Date(2024, 0, 1), log: LOG, logAgeMs: 2 * 3600_000 },
    { name: 'b', startedAt: new Date(2024, 0, 2), log: LOG, logAgeMs: 30 * 86400_000 },
  ]);
  const idle = table(fakeProc([]));
  const index = await indexExperiment(old.dir, { details: true, processes: idle });
  assert.deepEqual(
    index.runs.map((r) => r.status),
    ['finished', 'finished'],
  );
  assert.equal(idle.scans, 0, 'old runs are not looked for among processes');
});

test('a run being trained by a real child process reads running, and not once the process is killed', async (t) => {
  if (process.platform !== 'linux') {
    t.skip('processes are listed through /proc, which only Linux has');
    return;
  }
  const dir = fs.realpathSync(tempDir('runs-proc-real-'));
  // A stand-in train script: node runs it whatever its extension, and it waits to be killed.
  fs.writeFileSync(path.join(dir, 'train.py'), 'setInterval(() => {}, 1000);\n');
  const child = spawn(process.execPath, ['train.py', 'live'], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.after(() => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  // As train.py does once it runs: name the run folder after the current time.
  const dirName = formatRunDirName(new Date(), 'live');
  writeFile(path.join(dir, 'runs', dirName, 'logs', 'train.log'), LOG, new Date(Date.now() - 30 * 60_000));

  const processes = new ProcessTable();
  const statusNow = async () => {
    processes.invalidate();
    const run = (await indexExperiment(dir, { details: true, processes })).runs[0];
    return run;
  };
  let run = await statusNow();
  for (let i = 0; i < 100 && run.status !== 'running'; i++) {
    // The child may not have exec'd node yet on a busy machine: look again.
    await new Promise((r) => setImmediate(r));
    run = await statusNow();
  }
  assert.equal(run.status, 'running', run.statusReason);
  assert.equal(run.statusReason, `process ${child.pid} (${path.basename(process.execPath)} train.py live) is running`);

  // A launcher record naming this process passes the start-time check against the real /proc; one from a day
  // earlier names a process that cannot be this one.
  assert.equal(await processes.recordedProcess(child.pid!, new Date().toISOString()), 'alive');
  assert.equal(await processes.recordedProcess(child.pid!, new Date(Date.now() - 86400_000).toISOString()), 'reused');

  child.kill('SIGKILL');
  await exited;
  run = await statusNow();
  assert.equal(run.status, 'finished');
  assert.match(run.statusReason ?? '', /no process of this run found/);
  const again = await loadRunDetails(run, { processes });
  assert.equal(again?.status, 'finished');
});
