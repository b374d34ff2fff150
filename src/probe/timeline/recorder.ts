// Runs a probe at a fixed rate while a scenario acts on the lab, and keeps
// every attempt. Attempts start on a fixed grid (start + k·interval) whether
// or not earlier ones have finished: during an outage each attempt may hang
// until its timeout, and waiting for it would stretch the grid to the timeout
// and blur the outage's edges by as much. So attempts overlap (up to
// maxInFlight, unlimited by default; 1 gives strictly sequential attempts
// for probes that must not overlap, and a tick that finds the limit reached
// is skipped). When the process falls behind the grid (a busy event loop),
// the missed ticks are skipped rather than fired in a burst. Skipped ticks
// are counted in the record.
import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import { DeadlineError, withDeadline } from "../net/index.ts";
import { analyseTimeline } from "./analysis.ts";
import type { AttemptError, AttemptRecord, Timeline, TimelineMark, TimelineRecord } from "./types.ts";

export interface TimelineOptions<T> {
  readonly name?: string;
  /** One attempt; it should give up when the signal aborts. Rejecting is a failure. */
  readonly probe: (signal: AbortSignal) => Promise<T>;
  readonly intervalMs: number;
  /** Each attempt's own deadline; past it the attempt fails with reason "timeout". */
  readonly timeoutMs: number;
  readonly clock?: Clock;
  readonly maxInFlight?: number;
  /** Turns a probe's value into the attempt's detail (keep it small: there is one per attempt). */
  readonly describe?: (value: T) => unknown;
  /** Returns why a value counts as a failure (a SERVFAIL, a lease from the wrong server), or undefined. */
  readonly judge?: (value: T) => string | undefined;
}

export class TimelineRecorder<T> implements AsyncDisposable {
  readonly #options: TimelineOptions<T>;
  readonly #clock: Clock;
  readonly #startedAt: number;
  readonly #attempts: AttemptRecord[] = [];
  readonly #marks: TimelineMark[] = [];
  readonly #running = new Set<Promise<void>>();
  readonly #stopping = new AbortController();
  readonly #loop: Promise<void>;
  #seq = 0;
  #skipped = 0;
  #finishing: Promise<Timeline> | undefined;

  constructor(options: TimelineOptions<T>) {
    if (!(options.intervalMs > 0)) throw new RangeError(`timeline interval must be positive, got ${options.intervalMs}`);
    if (!(options.timeoutMs > 0)) throw new RangeError(`timeline attempt timeout must be positive, got ${options.timeoutMs}`);
    if (options.maxInFlight !== undefined && !(options.maxInFlight >= 1)) throw new RangeError(`maxInFlight must be at least 1, got ${options.maxInFlight}`);
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#startedAt = this.#clock.now();
    this.#loop = this.#run();
  }

  get name(): string {
    return this.#options.name ?? "timeline";
  }

  /** Milliseconds since the timeline started. */
  elapsed(): number {
    return this.#clock.now() - this.#startedAt;
  }

  /** Attempts finished so far, in start order. */
  get attempts(): readonly AttemptRecord[] {
    return [...this.#attempts].sort((a, b) => a.seq - b.seq);
  }

  /** Notes an event ("crash primary") at the current time, for the analysis to measure from. */
  mark(label: string, data?: unknown): TimelineMark {
    if (this.#finishing) throw new Error(`timeline "${this.name}" has stopped; mark "${label}" came too late`);
    const mark: TimelineMark = data === undefined ? { label, atMs: this.elapsed() } : { label, atMs: this.elapsed(), data };
    this.#marks.push(mark);
    return mark;
  }

  /**
   * Stops starting attempts, waits for the ones in flight (each ends by its
   * timeout at the latest) and returns the timeline with its analysis.
   */
  stop(): Promise<Timeline> {
    this.#finishing ??= this.#stop();
    return this.#finishing;
  }

  async #stop(): Promise<Timeline> {
    const stoppedMs = this.elapsed();
    this.#stopping.abort();
    await this.#loop;
    while (this.#running.size > 0) await Promise.all(this.#running);
    const record: TimelineRecord = {
      name: this.name,
      startedAt: this.#startedAt,
      stoppedMs,
      intervalMs: this.#options.intervalMs,
      timeoutMs: this.#options.timeoutMs,
      maxInFlight: this.#options.maxInFlight ?? null,
      attempts: this.attempts,
      marks: [...this.#marks],
      skippedTicks: this.#skipped,
    };
    return { ...record, analysis: analyseTimeline(record) };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #run(): Promise<void> {
    const { intervalMs } = this.#options;
    const signal = this.#stopping.signal;
    for (let tick = 0; !signal.aborted; tick++) {
      const due = this.#startedAt + tick * intervalMs;
      const wait = due - this.#clock.now();
      if (wait > 0) {
        try {
          await this.#clock.sleep(wait, signal);
        } catch {
          return; // stopped while waiting
        }
      }
      if (signal.aborted) return;
      const late = this.#clock.now() - due;
      if (late >= intervalMs) {
        // The next slot is due already: go to the latest one instead of firing each.
        const missed = Math.floor(late / intervalMs);
        this.#skipped += missed;
        tick += missed - 1;
        continue;
      }
      if (this.#running.size >= (this.#options.maxInFlight ?? Infinity)) {
        this.#skipped++;
        continue;
      }
      this.#launch();
    }
  }

  #launch(): void {
    const seq = this.#seq++;
    const startMs = this.elapsed();
    const { timeoutMs, probe, describe, judge } = this.#options;
    const attempt = withDeadline(
      { clock: this.#clock, timeoutMs, onTimeout: () => new DeadlineError(`no answer within ${timeoutMs} ms`, timeoutMs) },
      (signal) => probe(signal),
    ).then(
      (value): AttemptRecord => {
        const failure = judge?.(value);
        const detail = describe ? describe(value) : value;
        const base = { seq, startMs, endMs: this.elapsed() };
        if (failure !== undefined) return { ...base, ok: false, detail, error: { message: failure, reason: "rejected" } };
        return detail === undefined ? { ...base, ok: true } : { ...base, ok: true, detail };
      },
      (error: unknown): AttemptRecord => ({ seq, startMs, endMs: this.elapsed(), ok: false, error: attemptError(error) }),
    );
    const done = attempt.then((record) => {
      this.#attempts.push(record);
    });
    this.#running.add(done);
    void done.finally(() => this.#running.delete(done));
  }
}

/** The message and a short reason: a probe error's `reason`, else its `code`, else "timeout" for a deadline. */
export function attemptError(error: unknown): AttemptError {
  if (error instanceof DeadlineError) return { message: error.message, reason: "timeout" };
  if (error instanceof Error) {
    const tagged = error as Error & { reason?: unknown; code?: unknown };
    const reason = typeof tagged.reason === "string" ? tagged.reason : typeof tagged.code === "string" ? tagged.code : undefined;
    return reason === undefined ? { message: error.message } : { message: error.message, reason };
  }
  return { message: String(error) };
}

export function startTimeline<T>(options: TimelineOptions<T>): TimelineRecorder<T> {
  return new TimelineRecorder(options);
}
