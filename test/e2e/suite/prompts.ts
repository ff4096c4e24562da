// Answers the extension's questions in place of a person: a suite queues the answers it would type or pick, and
// reads back every message the extension showed. Installed through the extension's API (`usePrompts`), so the
// commands run exactly as from the command palette or the Run Explorer, with the arguments VS Code gives them.
import type * as vscode from 'vscode';
import type { NoticeSeverity, Prompts, QuickPickQuestion } from '#client/prompts';

export type Answer =
  /** Types this into the next input box. */
  | { input: string }
  /** Picks, in the next list, the first item whose label contains this text (or that the function accepts). */
  | { pick: string | ((item: vscode.QuickPickItem) => boolean) }
  /** Ticks, in the next list of several choices, exactly the items whose label contains one of these texts. */
  | { tick: string[] }
  /** Answers the next confirmation. */
  | { confirm: boolean };

export interface Notice {
  severity: NoticeSeverity;
  message: string;
}

export class ScriptedPrompts implements Prompts {
  /** Every message shown, oldest first. */
  readonly notices: Notice[] = [];
  /** Every question asked, oldest first: its title or message, and for lists the labels offered. */
  readonly asked: { question: string; offered?: string[]; validation?: string }[] = [];
  private queue: Answer[] = [];

  /** Queues answers for the next questions, in order. A question with no answer queued is dismissed. */
  answer(...answers: Answer[]): this {
    this.queue.push(...answers);
    return this;
  }

  /** Drops the answers no question used (a question that may or may not come, such as a second confirmation). */
  clear(): void {
    this.queue = [];
  }

  /** The answers still waiting for a question. */
  get unused(): readonly Answer[] {
    return this.queue;
  }

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const answer = this.next('input', options.title ?? options.prompt ?? 'input box');
    if (!answer || !('input' in answer)) return undefined;
    // What the box would have said about the value as it was typed.
    const said = await options.validateInput?.(answer.input);
    const validation = typeof said === 'string' ? said : said?.message;
    this.asked[this.asked.length - 1].validation = validation ?? undefined;
    return answer.input;
  }

  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: QuickPickQuestion<T>): Promise<T | undefined> {
    const offered = items.filter((i) => i.label !== '').map((i) => i.label);
    const answer = this.next('pick', options.title ?? options.placeHolder ?? 'quick pick', offered);
    if (!answer || !('pick' in answer)) return Promise.resolve(undefined);
    const { pick } = answer;
    const accepts = typeof pick === 'string' ? (i: vscode.QuickPickItem) => i.label.includes(pick) : pick;
    // Like a person who does not find the entry: the list is dismissed.
    return Promise.resolve(items.find((i) => i.label !== '' && accepts(i)));
  }

  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<readonly T[] | undefined> {
    const offered = items.filter((i) => i.label !== '').map((i) => i.label);
    const answer = this.next('tick', options.title ?? options.placeHolder ?? 'quick pick', offered);
    if (!answer || !('tick' in answer)) return Promise.resolve(undefined);
    return Promise.resolve(items.filter((i) => i.label !== '' && answer.tick.some((t) => i.label.includes(t))));
  }

  confirm(message: string): Promise<boolean> {
    const answer = this.next('confirm', message);
    return Promise.resolve(answer !== undefined && 'confirm' in answer && answer.confirm);
  }

  notify(severity: NoticeSeverity, message: string): Promise<string | undefined> {
    this.notices.push({ severity, message });
    return Promise.resolve(undefined);
  }

  private next(kind: 'input' | 'pick' | 'tick' | 'confirm', question: string, offered?: string[]): Answer | undefined {
    this.asked.push({ question, offered });
    const answer = this.queue[0];
    if (answer === undefined) return undefined;
    if (!(kind in answer)) throw new Error(`asked "${question}" (${kind}), but the next answer is ${JSON.stringify(answer)}`);
    this.queue.shift();
    return answer;
  }
}
