// Kea HA timers that could never take over, or would take over too late for
// the clients: the standby must notice a silent primary before leases run out.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import type { Site } from "../model.ts";

export function checkHaTimers(site: Site): Diagnostic[] {
  const ha = site.dhcp.ha;
  const out: Diagnostic[] = [];
  const at = ha.at.length > 1 ? ha.at : ["dhcp"];
  if (ha.heartbeatDelay === 0) {
    out.push(diag([...at, "heartbeat-delay"], "heartbeat-delay 0 turns heartbeats off, so the standby never notices that the primary is gone", "set heartbeat-delay (ms), e.g. 10000, or 1000 for a fast lab"));
  }
  if (ha.maxResponseDelay <= ha.heartbeatDelay) {
    out.push(diag([...at, "max-response-delay"], `max-response-delay ${ha.maxResponseDelay} ms is not above heartbeat-delay ${ha.heartbeatDelay} ms, so a healthy partner is declared lost between two heartbeats`, `set max-response-delay above ${ha.heartbeatDelay}, e.g. ${ha.heartbeatDelay * 3}`));
  }
  if (ha.maxAckDelay >= ha.maxResponseDelay) {
    out.push(diag([...at, "max-ack-delay"], `max-ack-delay ${ha.maxAckDelay} ms is not below max-response-delay ${ha.maxResponseDelay} ms, so unanswered clients cannot confirm a failure in time`, `set max-ack-delay below ${ha.maxResponseDelay}`));
  }
  const shortest = Math.min(...site.segments.flatMap((s) => (s.dhcp ? [s.dhcp.leaseTime] : [])));
  if (Number.isFinite(shortest) && ha.maxResponseDelay >= (shortest * 1000) / 2) {
    out.push(diag([...at, "max-response-delay"], `max-response-delay ${ha.maxResponseDelay} ms is half or more of the shortest lease (${shortest} s): clients try to renew before the standby takes over`, `set max-response-delay below ${(shortest * 1000) / 2} ms or lengthen the leases`));
  }
  return out;
}
