// Parameters of Kea's HA hook for one node: hot-standby, the primary serves
// and the standby takes over when the primary stops answering heartbeats.
// Peers talk through each other's control agent, so the URLs name agents.
import { formatIpv4 } from "../../site/index.ts";
import type { Node, Site } from "../../site/index.ts";
import { serviceAddress } from "../services.ts";

export function peerUrl(site: Site, peer: Node): string {
  return `http://${formatIpv4(serviceAddress(peer))}:${site.dhcp.ha.port}/`;
}

export function haParameters(site: Site, node: Node): object {
  const ha = site.dhcp.ha;
  return {
    "high-availability": [
      {
        "this-server-name": node.hostname,
        mode: ha.mode,
        "heartbeat-delay": ha.heartbeatDelay,
        "max-response-delay": ha.maxResponseDelay,
        "max-ack-delay": ha.maxAckDelay,
        "max-unacked-clients": ha.maxUnackedClients,
        // Both nodes list the peers in the same order, primary first, so the
        // two configs differ only in this-server-name.
        peers: site.nodes.map((peer) => ({
          name: peer.hostname,
          url: peerUrl(site, peer),
          role: peer.role,
          "auto-failover": true,
          "basic-auth-user": ha.user,
          "basic-auth-password": ha.password,
        })),
      },
    ],
  };
}
