// Outages from a timeline. Definition (what scenarios assert on):
//
//   An outage is a maximal run of consecutive failed attempts, taken in the
//   order the attempts started. It begins at the start of the run's first
//   attempt and ends at the start of the first successful attempt after it
//   (or when recording stopped, if none succeeded: the outage is "ongoing").
//
// Starts, not ends, bound the window because an attempt's end depends on how
// it failed (a refusal returns at once, a dead host only at the timeout),
// while its start is when the client asked. The true edges lie within one
// interval before each bound, so the measured duration is accurate to about
// one interval.
import type { AttemptRecord, MarkAnalysis, OutageWindow, TimelineAnalysis, TimelineMark, TimelineRecord } from "./types.ts";

export function findOutages(record: Pick<TimelineRecord, "attempts" | "stoppedMs">): OutageWindow[] {
  const attempts = [...record.attempts].sort((a, b) => a.startMs - b.startMs || a.seq - b.seq);
  const outages: OutageWindow[] = [];
  let run: AttemptRecord[] = [];
  const close = (endMs: number, ongoing: boolean): void => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    outages.push({
      startMs: first.startMs,
      endMs,
      durationMs: endMs - first.startMs,
      failedAttempts: run.length,
      firstSeq: first.seq,
      lastSeq: last.seq,
      ongoing,
      ...(first.error ? { firstError: first.error } : {}),
    });
    run = [];
  };
  for (const attempt of attempts) {
    if (!attempt.ok) run.push(attempt);
    else close(attempt.startMs, false);
  }
  close(Math.max(record.stoppedMs, run[run.length - 1]?.startMs ?? 0), true);
  return outages;
}

export function analyseMark(mark: TimelineMark, attempts: readonly AttemptRecord[], outages: readonly OutageWindow[]): MarkAnalysis {
  const firstFailure = attempts.filter((a) => !a.ok && a.startMs >= mark.atMs).sort((a, b) => a.startMs - b.startMs)[0];
  // In progress at the mark (began before it, ended after it) or beginning at or after it.
  const outage = outages.find((o) => o.endMs > mark.atMs || (o.ongoing && o.endMs >= mark.atMs)) ?? null;
  return {
    label: mark.label,
    atMs: mark.atMs,
    firstFailureMs: firstFailure ? firstFailure.startMs - mark.atMs : null,
    outage,
    recoveryMs: outage === null ? 0 : outage.ongoing ? null : outage.endMs - mark.atMs,
  };
}

export function analyseTimeline(record: TimelineRecord): TimelineAnalysis {
  const outages = findOutages(record);
  const successes = record.attempts.filter((a) => a.ok).length;
  const longestOutage = outages.reduce<OutageWindow | null>((best, o) => (best === null || o.durationMs > best.durationMs ? o : best), null);
  return {
    attempts: record.attempts.length,
    successes,
    failures: record.attempts.length - successes,
    successRatio: record.attempts.length === 0 ? null : successes / record.attempts.length,
    outages,
    longestOutage,
    longestOutageMs: longestOutage?.durationMs ?? 0,
    totalDowntimeMs: outages.reduce((sum, o) => sum + o.durationMs, 0),
    marks: record.marks.map((m) => analyseMark(m, record.attempts, outages)),
  };
}

/** The analysis of the first mark with this label. */
export function markNamed(analysis: TimelineAnalysis, label: string): MarkAnalysis | undefined {
  return analysis.marks.find((m) => m.label === label);
}

/** One line for logs and step output: "dns: 150 attempts, 96.7% ok, 1 outage, longest 1200 ms from 4000 ms". */
export function summaryLine(name: string, analysis: TimelineAnalysis): string {
  const ratio = analysis.successRatio === null ? "no attempts" : `${(analysis.successRatio * 100).toFixed(1)}% ok`;
  const outages = `${analysis.outages.length} outage${analysis.outages.length === 1 ? "" : "s"}`;
  const longest = analysis.longestOutage
    ? `, longest ${Math.round(analysis.longestOutage.durationMs)} ms from ${Math.round(analysis.longestOutage.startMs)} ms${analysis.longestOutage.ongoing ? " (still down at the end)" : ""}`
    : "";
  return `${name}: ${analysis.attempts} attempts, ${ratio}, ${outages}${longest}`;
}
