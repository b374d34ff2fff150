// Time as a dependency. Probes and failover timelines wait and measure through
// a Clock so that retry schedules (RFC 2131 back-off, resolver timeouts) are
// unit-tested by moving a manual clock instead of sleeping for minutes.
export interface Clock {
  /** Milliseconds since the Unix epoch (or any fixed origin, for a manual clock). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. With a signal, rejects with the
   * signal's reason as soon as it aborts, so a waiter can be cancelled and
   * leaves no timer behind.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A clock that only moves when told to. `advance()` fires due sleepers in
 * time order and lets the promise callbacks they trigger run before going
 * on, so code under test observes the same ordering as with real time.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Sleepers not yet woken. */
  get pending(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer: Timer = {
        due: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Moves time forward by `ms`, waking every sleeper due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settleCallbacks();
    for (;;) {
      const next = this.#nextTimer();
      if (!next || next.due > target) break;
      this.#fire(next);
      await settleCallbacks();
    }
    this.#now = target;
    await settleCallbacks();
  }

  /**
   * Drives time until `work` settles, jumping straight to each next sleeper
   * whenever nothing else is runnable. Fails rather than hanging when the
   * work waits on something other than this clock, or runs past `limitMs`.
   */
  async run<T>(work: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
    let settled = false;
    const observed = work.finally(() => {
      settled = true;
    });
    observed.catch(() => undefined);
    const limit = this.#now + limitMs;
    await settleCallbacks();
    while (!settled) {
      const next = this.#nextTimer();
      if (!next) throw new Error("ManualClock.run: the work is waiting, but not on this clock (no sleeper left to wake)");
      if (next.due > limit) throw new Error(`ManualClock.run: the work did not finish within ${limitMs} ms of clock time`);
      this.#now = Math.max(this.#now, next.due);
      this.#fire(next);
      await settleCallbacks();
    }
    return work;
  }

  #nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers) if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    return best;
  }

  #fire(timer: Timer): void {
    this.#timers = this.#timers.filter((t) => t !== timer);
    this.#now = Math.max(this.#now, timer.due);
    timer.resolve();
  }
}

/** Lets every queued promise callback (and the ones they queue) run. */
async function settleCallbacks(): Promise<void> {
  // setImmediate runs after the microtask queue drains; a few rounds cover
  // chains of awaits that hop through several promises.
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
