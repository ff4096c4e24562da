// Collects keys of changed things and hands them over in one batch once changes pause: a training loop appends to
// its log many times a second, and each write must not cost a re-read. A batch is delivered at the latest
// `maxWaitMs` after its first change, so that a run that writes continuously still updates.

export class ChangeBatcher<K> {
  private pending = new Set<K>();
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  private maxTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private disposed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly deliver: (keys: Set<K>) => Promise<void> | void,
    private readonly quietMs = 200,
    private readonly maxWaitMs = 1000,
  ) {}

  add(key: K): void {
    if (this.disposed) return;
    this.pending.add(key);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => void this.flush(), this.quietMs);
    this.maxTimer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
  }

  /** True while changes wait for delivery or a delivery is running. */
  get busy(): boolean {
    return this.pending.size > 0 || this.inFlight !== undefined;
  }

  /** Resolves once nothing waits for delivery and no delivery runs (at once when that is so now). */
  idle(): Promise<void> {
    if (!this.busy || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Delivers what is pending now; batches never overlap. */
  async flush(): Promise<void> {
    this.clearTimers();
    while (this.inFlight) await this.inFlight;
    if (this.pending.size === 0 || this.disposed) return this.settle();
    const keys = this.pending;
    this.pending = new Set();
    const run = (async () => {
      try {
        await this.deliver(keys);
      } catch {
        // A failed delivery must not stop later ones; the deliverer reports its own problems.
      }
    })();
    this.inFlight = run;
    try {
      await run;
    } finally {
      this.inFlight = undefined;
      this.settle();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.pending.clear();
    this.settle();
  }

  /** Wakes the callers of idle() when there is nothing left to do (or the batcher is gone). */
  private settle(): void {
    if (this.busy && !this.disposed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private clearTimers(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.quietTimer = this.maxTimer = undefined;
  }
}
