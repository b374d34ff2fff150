// /etc/chrony.conf for one node: the site's upstreams plus the partner, so the
// pair agrees on time even when the upstreams are gone (orphan mode), and
// answers only the networks the site allows.
import { formatIpv4 } from "../../site/index.ts";
import type { Node, Site } from "../../site/index.ts";
import { HOST } from "../layout.ts";
import { partnerOf, serviceAddress } from "../services.ts";
import { MAX_UNREACH_POLLS, ORPHAN_WAIT_POLLS, REACH_BITS, orphanTiming } from "./orphan-timing.ts";

export function chronyConf(site: Site, node: Node): string {
  const partner = partnerOf(site, node);
  const poll = site.ntp.poll ? ` minpoll ${site.ntp.poll.min} maxpoll ${site.ntp.poll.max}` : "";
  const orphan = orphanTiming(site.ntp.poll);
  const lines = [
    `# chrony.conf for ${node.hostname} (${node.role}) of site ${site.name}. Generated: edit site.yaml instead.`,
    "",
    `# Upstream time servers of the site. One that answered none of its last`,
    `# ${REACH_BITS} polls stays selectable for ${MAX_UNREACH_POLLS} more, then gives way to the partner.`,
    ...site.ntp.upstreams.map((u) => `server ${formatIpv4(u)} iburst${poll} maxunreach ${MAX_UNREACH_POLLS}`),
    "",
    "# The partner: the pair stays in step when the upstreams are unreachable.",
    `server ${formatIpv4(serviceAddress(partner))} iburst${poll}`,
    "",
    "# With no upstream left, serve the pair's own time (orphan mode): once the",
    `# clock has had no update for ${ORPHAN_WAIT_POLLS} polls (${orphan.waitSeconds} s), however good its last`,
    "# estimate. Of two nodes serving their own time, the one with the lower",
    "# address leads and the other follows it one stratum higher.",
    `local stratum ${site.ntp.orphanStratum} orphan distance 0.0 waitsynced ${orphan.waitSeconds} waitunsynced ${orphan.waitSeconds}`,
    "",
    "# Who may ask for time.",
    ...site.ntp.allow.map((a) => `allow ${a.cidr.text}`),
    `allow ${formatIpv4(serviceAddress(partner))}`,
    "",
    `driftfile ${HOST.chronyState}/drift`,
    "makestep 1.0 3",
    "rtcsync",
    "",
  ];
  return lines.join("\n");
}
