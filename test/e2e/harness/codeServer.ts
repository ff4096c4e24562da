// Starts and stops code-server (the VS Code server with its web workbench) for the end-to-end tests.
// It runs in its own process group with a fresh profile under a temporary folder, and is stopped by killing the
// whole group: VS Code's file watchers and extension hosts outlive the main process otherwise.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface CodeServerOptions {
  node: string;
  entry: string;
  /** A temporary folder the server may fill: profile, extensions, HOME, log. */
  dir: string;
  /** Extra variables for the server's environment (they reach the extension host too). */
  env?: Record<string, string>;
  /** Adds `--vscode-option enable-smoke-test-driver`, without which the workbench ignores the `payload` URL parameter. */
  smokeTestDriver?: boolean;
  /** Fixed port; a free one is picked when absent. */
  port?: number;
  /** Milliseconds to wait for /healthz. */
  timeoutMs?: number;
}

/** User settings on top of the quiet defaults, for the runs that need them (e.g. one with Workspace Trust on). */
export type UserSettings = Record<string, unknown>;

export interface CodeServer {
  url: string;
  pid: number;
  logFile: string;
  /** Milliseconds from spawn to the first healthy answer. */
  readyMs: number;
  /** The tail of the server's log, to print when something went wrong. */
  logTail(lines?: number): string;
  /**
   * Rewrites the profile's user settings: the quiet defaults plus `extra`. A workbench page opened afterwards reads
   * them; pages already open follow the change too, so call this only between runs.
   */
  setUserSettings(extra?: UserSettings): void;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The settings of the fresh profile: no welcome page, trust prompt, telemetry, update or gallery noise. Workspace
 * Trust is off here rather than through `--disable-workspace-trust`, so that one run can turn it on in its settings
 * (the flag would disable it for every page of the server).
 */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  // Local history copies each saved file; the suites delete their scratch copies right after saving them.
  'workbench.localHistory.enabled': false,
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const home = path.join(options.dir, 'home');
  const userData = path.join(options.dir, 'user-data');
  const extensions = path.join(options.dir, 'extensions');
  for (const d of [home, path.join(userData, 'User'), extensions]) fs.mkdirSync(d, { recursive: true });
  const settingsFile = path.join(userData, 'User', 'settings.json');
  const setUserSettings = (extra: UserSettings = {}) =>
    fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
  setUserSettings();
  const config = path.join(options.dir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(options.dir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');

  const args = [
    options.entry,
    '--config',
    config,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '10',
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(options.node)}:${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    // No extension gallery: none can be reached from the test machines, and an empty one stops the queries.
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const started = Date.now();
  // detached: a new session and process group whose id is the child's pid, so stop() can end the whole tree.
  const child = spawn(options.node, args, { detached: true, stdio: ['ignore', log, log], env });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start code-server with ${options.node}`);
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  const url = `http://127.0.0.1:${port}`;

  const server: CodeServer = {
    url,
    pid,
    logFile,
    readyMs: 0,
    logTail: (lines = 40) => fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n'),
    setUserSettings,
    stop: () => killProcessGroup(pid),
  };
  registerCleanup(pid);

  const deadline = started + (options.timeoutMs ?? 60000);
  for (;;) {
    if (exited) throw new Error(`code-server ${exited} before answering; log:\n${server.logTail()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${options.timeoutMs ?? 60000} ms; log:\n${server.logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.readyMs = Date.now() - started;
  return server;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the group, up to 5 s for it to go, then SIGKILL. */
export async function killProcessGroup(pgid: number): Promise<void> {
  cleanups.delete(pgid);
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// Process groups still running when the harness exits (an exception, Ctrl-C) are killed synchronously on exit.
const cleanups = new Set<number>();
function registerCleanup(pgid: number): void {
  if (cleanups.size === 0) {
    process.on('exit', () => {
      for (const g of cleanups) {
        try {
          process.kill(-g, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    });
  }
  cleanups.add(pgid);
}
