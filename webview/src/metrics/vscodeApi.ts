// The webview's side of VS Code: posting messages to the extension, and the state VS Code keeps for the panel
// while it is hidden and across window reloads (the extension's serializer gets it back after a reload).
import type { Direction } from '#core/metrics/direction';
import type { ViewOptions, WebviewMessage } from '#core/metrics/protocol';

export interface PanelState {
  experimentDir: string;
  runIds: string[];
  options: ViewOptions;
  /** Directions chosen in the panel, by `<log>|<key>`; null: none. */
  directions: [string, Direction | null][];
  logY: boolean;
  /** Zoomed x range per chart key. */
  zoom: Record<string, [number, number]>;
  /** The summary column sorted by, and how. */
  sort?: { column: string; descending: boolean };
  scrollY: number;
}

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function loadState(): Partial<PanelState> {
  const state = api.getState();
  return typeof state === 'object' && state !== null ? state : {};
}

export function saveState(state: PanelState): void {
  api.setState(state);
}
