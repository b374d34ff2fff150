// A timeline as data: every attempt and every mark, in milliseconds since
// the timeline started, plain JSON so it can go straight into a report.

export interface AttemptError {
  readonly message: string;
  /** A short machine-readable cause when the probe gives one ("timeout", "refused", …). */
  readonly reason?: string;
}

export interface AttemptRecord {
  /** 0 for the first attempt; attempts are numbered in the order they started. */
  readonly seq: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly ok: boolean;
  /** What the probe said (which server answered, the address leased…), as the timeline's `describe` put it. */
  readonly detail?: unknown;
  readonly error?: AttemptError;
}

export interface TimelineMark {
  readonly label: string;
  readonly atMs: number;
  readonly data?: unknown;
}

export interface TimelineRecord {
  readonly name: string;
  /** Clock reading when the timeline started (epoch ms for the system clock). */
  readonly startedAt: number;
  /** When recording stopped, since the start. */
  readonly stoppedMs: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** null: unlimited. */
  readonly maxInFlight: number | null;
  readonly attempts: readonly AttemptRecord[];
  readonly marks: readonly TimelineMark[];
  /** Ticks with no attempt: maxInFlight attempts were still running, or the process fell behind the grid. */
  readonly skippedTicks: number;
}

export interface OutageWindow {
  /** Start of the first failed attempt of the run. */
  readonly startMs: number;
  /** Start of the first successful attempt after the run; when recording stopped, if none came. */
  readonly endMs: number;
  readonly durationMs: number;
  readonly failedAttempts: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** No success came before recording stopped: the outage lasted at least this long. */
  readonly ongoing: boolean;
  readonly firstError?: AttemptError;
}

export interface MarkAnalysis {
  readonly label: string;
  readonly atMs: number;
  /** Delay from the mark to the start of the first failed attempt started at or after it; null if none failed. */
  readonly firstFailureMs: number | null;
  /**
   * The outage the mark is answered by: the first one in progress at the
   * mark or beginning after it. null when the service never failed after it.
   */
  readonly outage: OutageWindow | null;
  /**
   * From the mark to the end of that outage: how long until the service was
   * back. 0 when there was no outage; null when it had not come back when
   * recording stopped.
   */
  readonly recoveryMs: number | null;
}

export interface TimelineAnalysis {
  readonly attempts: number;
  readonly successes: number;
  readonly failures: number;
  /** successes / attempts; null with no attempts. */
  readonly successRatio: number | null;
  readonly outages: readonly OutageWindow[];
  readonly longestOutage: OutageWindow | null;
  readonly longestOutageMs: number;
  readonly totalDowntimeMs: number;
  readonly marks: readonly MarkAnalysis[];
}

export interface Timeline extends TimelineRecord {
  readonly analysis: TimelineAnalysis;
}
