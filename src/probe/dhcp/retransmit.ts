// When a client sends again (RFC 2131 §4.1): the first retransmission after
// 4 s, then 8, 16, 32 and 64 s, each randomized by a uniform ±1 s so that
// clients restarted together do not retry in lockstep. Failover timelines are
// measured against this schedule, so it is explicit data, not a loop detail.

export interface RetransmitPolicy {
  /** Wait after the first transmission. */
  readonly initialMs: number;
  /** The doubling stops here. */
  readonly maxMs: number;
  /** Each wait is moved by a uniform amount in [-jitterMs, +jitterMs]. */
  readonly jitterMs: number;
  /** Transmissions in all, the first included; the exchange gives up after the last wait. */
  readonly tries: number;
}

export const RFC2131_RETRANSMIT: RetransmitPolicy = { initialMs: 4000, maxMs: 64_000, jitterMs: 1000, tries: 5 };

/** A source of uniform numbers in [0, 1), like Math.random; injected so tests know the jitter. */
export type RandomSource = () => number;

/** The wait after transmission number `attempt` (0 for the first). */
export function retransmitDelay(policy: RetransmitPolicy, attempt: number, random: RandomSource): number {
  const base = Math.min(policy.initialMs * 2 ** attempt, policy.maxMs);
  const jitter = (random() * 2 - 1) * policy.jitterMs;
  return Math.max(0, Math.round(base + jitter));
}

export function checkPolicy(policy: RetransmitPolicy): RetransmitPolicy {
  const ok =
    Number.isInteger(policy.tries) && policy.tries >= 1 && policy.initialMs >= 0 && policy.maxMs >= policy.initialMs && policy.jitterMs >= 0 && policy.jitterMs <= policy.initialMs;
  if (!ok) throw new RangeError(`retransmit policy ${JSON.stringify(policy)} needs tries >= 1 and 0 <= jitterMs <= initialMs <= maxMs`);
  return policy;
}
