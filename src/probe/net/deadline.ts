// Every probe has a deadline measured on the injected clock, so a timeout is
// tested by moving a manual clock rather than by waiting for it.
import type { Clock } from "../clock.ts";

/** Thrown (as the abort reason) when a probe's deadline passes. */
export class DeadlineError extends Error {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super(message);
    this.name = "DeadlineError";
    this.timeoutMs = timeoutMs;
  }
}

export interface DeadlineOptions {
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Cancels the work early, for a caller that gives up before the deadline. */
  readonly signal?: AbortSignal;
  /** The error the work fails with at the deadline; it can say what was being waited for. */
  readonly onTimeout: () => Error;
}

/**
 * Runs `work` with a signal that aborts at the deadline (or with the outer
 * signal). Settles as soon as the signal aborts even if `work` ignores it, and
 * cancels the deadline's timer once the work is done so no sleeper is left.
 */
export async function withDeadline<T>(options: DeadlineOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { clock, timeoutMs, signal: outer } = options;
  if (!(timeoutMs > 0)) throw new RangeError(`a deadline must be a positive number of milliseconds, got ${timeoutMs}`);
  const controller = new AbortController();
  const timer = new AbortController();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener("abort", onOuterAbort, { once: true });

  clock.sleep(timeoutMs, timer.signal).then(
    () => controller.abort(options.onTimeout()),
    () => undefined,
  );
  const aborted = new Promise<never>((_resolve, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason as Error);
    else controller.signal.addEventListener("abort", () => reject(controller.signal.reason as Error), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } finally {
    timer.abort();
    outer?.removeEventListener("abort", onOuterAbort);
  }
}
