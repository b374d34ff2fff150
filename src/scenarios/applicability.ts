// Which scenarios a site can run. A scenario tagged with a need the site does
// not meet (no relayed segment, no candidate deployment…) is left out and
// listed as not applicable, rather than passing without testing anything.
import type { Site } from "../site/index.ts";
import { FILLABLE_POOL, poolSize } from "./dhcp-expectations.ts";
import { QUICK_LOSS_LIMIT_MS, noticesLossQuickly, timeSegments } from "./ntp-expectations.ts";

export interface Need {
  readonly tag: string;
  readonly what: string;
  readonly met: (site: Site) => boolean;
}

export const NEEDS: readonly Need[] = [
  { tag: "@needs-relay", what: "a relayed segment", met: (s) => s.segments.some((x) => x.relayed && x.dhcp) },
  { tag: "@needs-candidate", what: "a candidate deployment", met: (s) => s.deployments.length > 0 },
  {
    tag: "@needs-broken-candidate",
    what: "a candidate deployment that breaks forwarding",
    met: (s) => s.deployments.some((d) => d.site.dns.forwarders.join() !== s.dns.forwarders.join()),
  },
  { tag: "@needs-forwarders", what: "DNS forwarders", met: (s) => s.dns.forwarders.length > 0 },
  {
    tag: "@needs-closed-segment",
    what: "a segment that may not query the pair",
    met: (s) => s.segments.some((seg) => !s.dns.allowQuery.some((a) => a.segment === seg.name)),
  },
  { tag: "@needs-reservation", what: "a DHCP reservation", met: (s) => s.segments.some((x) => (x.dhcp?.reservations.length ?? 0) > 0) },
  { tag: "@needs-pxe", what: "a PXE profile", met: (s) => s.pxe.profiles.length > 0 },
  { tag: "@needs-closed-ntp-segment", what: "a segment that may not ask the pair for time", met: (s) => timeSegments(s, false).length > 0 },
  {
    tag: "@needs-quick-ntp-poll",
    what: `NTP polling that notices a lost server within ${QUICK_LOSS_LIMIT_MS / 1000} s`,
    met: (s) => noticesLossQuickly(s),
  },
  {
    tag: "@needs-fillable-pool",
    what: `a DHCP segment with at most ${FILLABLE_POOL} pool addresses`,
    met: (s) => s.segments.some((x) => x.dhcp && poolSize(x) <= FILLABLE_POOL),
  },
];

/** The tag expression that leaves out what the site cannot run, combined with the user's own. */
export function tagExpression(site: Site, userTags?: string): { expression: string; unmet: Need[] } {
  const unmet = NEEDS.filter((n) => !n.met(site));
  const parts = [...unmet.map((n) => `not ${n.tag}`), ...(userTags ? [`(${userTags})`] : [])];
  return { expression: parts.join(" and "), unmet };
}
