// Every question the commands ask and every message they show goes through one small interface, so that the
// commands keep the arguments VS Code gives them and the end-to-end tests answer the questions in their place
// (through the extension's API; see extension.ts).
import * as vscode from 'vscode';

export type NoticeSeverity = 'info' | 'warning' | 'error';

export interface QuickPickQuestion<T extends vscode.QuickPickItem> extends vscode.QuickPickOptions {
  /** The item selected when the list opens. */
  active?: T;
}

export interface Prompts {
  /** An input box; undefined when dismissed. */
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A list to pick one item from; undefined when dismissed. */
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: QuickPickQuestion<T>): Thenable<T | undefined>;
  /** A list to tick several items in (those with `picked` start ticked); undefined when dismissed. */
  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined>;
  /** A modal question with one action besides Cancel; true when the user chose the action. */
  confirm(message: string, action: string, detail?: string): Thenable<boolean>;
  /** A notification; resolves to the action the user chose, if any. */
  notify(severity: NoticeSeverity, message: string, ...actions: string[]): Thenable<string | undefined>;
}

/** The prompts VS Code shows. */
export const vscodePrompts: Prompts = {
  inputBox: (options) => vscode.window.showInputBox(options),
  quickPick: (items, options) => (options.active ? pickWithActive(items, options) : vscode.window.showQuickPick(items, options)),
  quickPickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
  confirm: async (message, action, detail) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
  notify: (severity, message, ...actions) => {
    if (severity === 'error') return vscode.window.showErrorMessage(message, ...actions);
    if (severity === 'warning') return vscode.window.showWarningMessage(message, ...actions);
    return vscode.window.showInformationMessage(message, ...actions);
  },
};

/** showQuickPick cannot pre-select an item: a list with one is built with createQuickPick. */
function pickWithActive<T extends vscode.QuickPickItem>(items: readonly T[], options: QuickPickQuestion<T>): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = options.title;
  pick.placeholder = options.placeHolder;
  pick.ignoreFocusOut = options.ignoreFocusOut ?? false;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  pick.items = items;
  pick.activeItems = options.active ? [options.active] : [];
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** The prompts in use: VS Code's, unless replaced (by the end-to-end tests, through the extension's API). */
export class ReplaceablePrompts implements Prompts {
  private current: Prompts = vscodePrompts;

  /** Uses `prompts` until the returned disposable is disposed. */
  replace(prompts: Prompts): vscode.Disposable {
    this.current = prompts;
    return new vscode.Disposable(() => {
      if (this.current === prompts) this.current = vscodePrompts;
    });
  }

  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return this.current.inputBox(options);
  }
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: QuickPickQuestion<T>): Thenable<T | undefined> {
    return this.current.quickPick(items, options);
  }
  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined> {
    return this.current.quickPickMany(items, options);
  }
  confirm(message: string, action: string, detail?: string): Thenable<boolean> {
    return this.current.confirm(message, action, detail);
  }
  notify(severity: NoticeSeverity, message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.current.notify(severity, message, ...actions);
  }
}
