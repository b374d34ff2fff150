// The on-wire calculation of RFC 5905 §8. t1: client sends, t2: server
// receives, t3: server sends, t4: client receives; client times from the
// local clock, server times from the reply. All in milliseconds.

export interface OnWireTimes {
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
  readonly t4: number;
}

/** θ: how far the server's clock is ahead of ours (positive: ours is behind). */
export function clockOffset(t: OnWireTimes): number {
  return (t.t2 - t.t1 + (t.t3 - t.t4)) / 2;
}

/** δ: the round trip, without the time the server held the request. */
export function roundTripDelay(t: OnWireTimes): number {
  return t.t4 - t.t1 - (t.t3 - t.t2);
}
