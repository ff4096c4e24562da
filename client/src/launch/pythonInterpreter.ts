// Which Python the `python` runner uses: the setting, else the Python extension's selected interpreter, else python3.
import * as vscode from 'vscode';

/** The subset of the Python extension's API we use; every member is optional because versions differ. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment?(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined };
}

const PYTHON_EXTENSION_TIMEOUT_MS = 5000;

export async function resolvePythonInterpreter(configured: string | undefined, resource: vscode.Uri): Promise<string> {
  if (configured && configured.trim() !== '') return configured.trim();
  const fromExtension = await withTimeout(fromPythonExtension(resource), PYTHON_EXTENSION_TIMEOUT_MS).catch(() => undefined);
  return fromExtension ?? 'python3';
}

async function fromPythonExtension(resource: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext) return undefined;
  const api = ext.isActive ? ext.exports : await ext.activate();
  const envs = api?.environments;
  const active = envs?.getActiveEnvironmentPath?.(resource);
  if (active && envs?.resolveEnvironment) {
    const resolved = await envs.resolveEnvironment(active);
    const exe = resolved?.executable?.uri?.fsPath;
    if (exe) return exe;
  }
  // Older API: a command line; only a single program (not `conda run …`) can be used as our interpreter.
  const exec = api?.settings?.getExecutionDetails?.(resource)?.execCommand;
  return exec && exec.length === 1 && exec[0] ? exec[0] : undefined;
}

/** The promise's value, or undefined once `ms` have passed without one. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
