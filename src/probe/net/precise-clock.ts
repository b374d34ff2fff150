// Date.now() only has millisecond resolution, too coarse for NTP offsets and
// for DNS latencies on a local segment. This clock reads the monotonic
// high-resolution timer against a wall-clock anchor, and re-anchors whenever
// the two disagree (the host clock was stepped or slewed), so it stays a wall
// clock rather than drifting away from one.
import { performance } from "node:perf_hooks";
import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";

/** How far the anchored reading may stray from Date.now() before re-anchoring. */
const TOLERANCE_MS = 2;

let anchor = performance.timeOrigin;

/** Waits for Date.now() to tick so the anchor lands on a millisecond edge (at most ~1 ms of spinning). */
function reanchor(): void {
  const start = Date.now();
  let edge = start;
  while (edge === start) edge = Date.now();
  anchor = edge - performance.now();
}

export function preciseNow(): number {
  const reading = anchor + performance.now();
  const coarse = Date.now();
  if (reading < coarse - TOLERANCE_MS || reading > coarse + 1 + TOLERANCE_MS) {
    reanchor();
    return anchor + performance.now();
  }
  return reading;
}

/** The system clock with sub-millisecond `now()`; the default for probes. */
export const preciseClock: Clock = {
  now: preciseNow,
  sleep: (ms, signal) => systemClock.sleep(ms, signal),
};
