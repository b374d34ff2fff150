// When a node gives up on its upstreams and serves the pair's own time
// (orphan mode), in the site's polls. chrony.conf is generated from these and
// the scenarios derive their bounds from them, so both say the same thing.

/** chrony's maxpoll when the site sets none (2^10 s). */
export const CHRONY_DEFAULT_MAXPOLL = 10;

/** Bits in chrony's reachability register: a source is unreachable after this many polls without an answer. */
export const REACH_BITS = 8;

/** Polls an unreachable upstream may stay selected (chrony's `maxunreach`; its default is 100000). */
export const MAX_UNREACH_POLLS = 4;

/**
 * Polls without a clock update before the node serves its own clock at the
 * orphan stratum, whether it was synchronised (`waitsynced`) or never was
 * (`waitunsynced`). Eight is chrony's reachability window: an upstream that
 * answered none of its last eight polls is gone, not late.
 */
export const ORPHAN_WAIT_POLLS = 8;

/** The longest interval between two polls of a server, in seconds. */
export function maxPollSeconds(poll: { readonly max: number } | undefined): number {
  return 2 ** (poll?.max ?? CHRONY_DEFAULT_MAXPOLL);
}

export interface OrphanTiming {
  /** `waitsynced` and `waitunsynced` of the `local` directive, in seconds. */
  readonly waitSeconds: number;
  /**
   * By when, after the upstreams stop answering, the pair has settled: each
   * node's clock has gone unupdated for `waitSeconds` and it serves its own
   * time; the partner with the higher address follows the other once no
   * upstream is selectable (REACH_BITS unanswered polls, then
   * MAX_UNREACH_POLLS more), and needs two polls more to take its time.
   */
  readonly settleSeconds: number;
}

export function orphanTiming(poll: { readonly max: number } | undefined): OrphanTiming {
  const interval = maxPollSeconds(poll);
  const waitSeconds = ORPHAN_WAIT_POLLS * interval;
  return {
    waitSeconds,
    settleSeconds: Math.max(waitSeconds, (REACH_BITS + MAX_UNREACH_POLLS) * interval) + 2 * interval,
  };
}
