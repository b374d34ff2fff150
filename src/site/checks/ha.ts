// Kea HA timers that could never take over, or would take over too late for
// the clients: the standby must notice a silent primary before leases run out.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import type { Segment, Site } from "../model.ts";
import type { CheckContext } from "./context.ts";
import { ANY } from "./unsure.ts";

export function checkHaTimers(site: Site, context: CheckContext): Diagnostic[] {
  const ha = site.dhcp.ha;
  // A timer set aside would be judged by its default, which the user did not choose.
  if (context.unsure.touches(["dhcp", "ha"])) return [];
  const out: Diagnostic[] = [];
  const at = ["dhcp", "ha"];
  if (ha.heartbeatDelay === 0) {
    out.push(diag([...at, "heartbeat-delay"], "heartbeat-delay 0 turns heartbeats off, so the standby never notices that the primary is gone", "set heartbeat-delay (ms), e.g. 10000, or 1000 for a fast lab"));
  }
  if (ha.maxResponseDelay <= ha.heartbeatDelay) {
    out.push(diag([...at, "max-response-delay"], `max-response-delay ${ha.maxResponseDelay} ms is not above heartbeat-delay ${ha.heartbeatDelay} ms, so a healthy partner is declared lost between two heartbeats`, `set max-response-delay above ${ha.heartbeatDelay}, e.g. ${Math.max(ha.heartbeatDelay * 3, 3000)}`));
  }
  if (ha.maxAckDelay >= ha.maxResponseDelay) {
    out.push(diag([...at, "max-ack-delay"], `max-ack-delay ${ha.maxAckDelay} ms is not below max-response-delay ${ha.maxResponseDelay} ms, so unanswered clients cannot confirm a failure in time`, `set max-ack-delay below ${ha.maxResponseDelay}`));
  }
  if (context.unsure.touches(["dhcp", "lease-time"], ["segments", ANY, "dhcp", "lease-time"])) return out;
  let shortest: Segment | undefined;
  for (const s of site.segments) if (s.dhcp && (!shortest || s.dhcp.leaseTime < shortest.dhcp!.leaseTime)) shortest = s;
  if (shortest?.dhcp && ha.maxResponseDelay >= (shortest.dhcp.leaseTime * 1000) / 2) {
    const lease = shortest.dhcp.leaseTime;
    // Without an ha block the delay is Kea's default; the lease is what the user wrote.
    const place = ha.at.length > 1 ? [...at, "max-response-delay"] : [...shortest.at, "dhcp", "lease-time"];
    out.push(diag(place, `max-response-delay ${ha.maxResponseDelay} ms is half or more of the shortest lease (${lease} s, on segment ${shortest.name}): clients try to renew before the standby takes over`, `set max-response-delay below ${(lease * 1000) / 2} ms, or lengthen the leases`));
  }
  return out;
}
