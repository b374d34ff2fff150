// Addresses outside every lab network that a lab packet must never reach:
// a documentation address, the machine's own default gateway and its own
// addresses. One that falls inside a lab network (a machine whose own uplink
// is in 192.0.2.0/24, say) is left out: there it belongs to the lab. Only
// used where routing already shows the packet has nowhere to go, so nothing
// ever leaves the machine.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { contains, parseCidr, parseIpv4 } from "../../site/index.ts";
import type { LabPlan } from "../../synth/index.ts";

export interface OutsideTarget {
  readonly address: string;
  readonly what: string;
}

/** The host's default route from /proc/net/route: gateway and interface, when it has one. */
function defaultRoute(): { gateway: string; iface: string } | undefined {
  const lines = readFileSync("/proc/net/route", "utf8").split("\n").slice(1);
  for (const line of lines) {
    const [iface, destination, gateway] = line.trim().split(/\s+/);
    if (destination !== "00000000" || !gateway || !iface) continue;
    // Little-endian hex, as the kernel prints it.
    const n = Number.parseInt(gateway, 16);
    return { gateway: [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join("."), iface };
  }
  return undefined;
}

/** The machine's IPv4 addresses, down interfaces included, without loopback or any lab's bridges. */
function hostAddresses(): { iface: string; address: string }[] {
  const lines = execFileSync("ip", ["-4", "-o", "addr", "show"], { encoding: "utf8" }).split("\n");
  return lines.flatMap((l) => {
    const m = /^\d+:\s+(\S+)\s+inet\s+([\d.]+)\//.exec(l);
    if (!m || m[1] === "lo" || /^ci[0-9a-f]{6}-\d+$/.test(m[1]!)) return [];
    return [{ iface: m[1]!, address: m[2]! }];
  });
}

export function outsideTargets(plan: LabPlan): OutsideTarget[] {
  const inLab = (address: string) => plan.networks.some((n) => contains(parseCidr(n.subnet)!, parseIpv4(address)!));
  const targets: OutsideTarget[] = [];
  const add = (t: OutsideTarget) => {
    if (!inLab(t.address) && !targets.some((x) => x.address === t.address)) targets.push(t);
  };
  const doc = ["203.0.113.1", "198.51.100.1", "192.0.2.1"].find((a) => !inLab(a));
  if (doc) add({ address: doc, what: "a documentation address" });
  const route = defaultRoute();
  if (route) add({ address: route.gateway, what: `the machine's default gateway (via ${route.iface})` });
  // The machine's own addresses (its uplink, docker0…), but a few only: the
  // router answers each with an ICMP error, and the kernel rate-limits those.
  const own = hostAddresses().map(({ iface, address }) => ({ address, what: `the machine's own address on ${iface}` }));
  own.sort((a, b) => Number(!a.what.endsWith(` ${route?.iface}`)) - Number(!b.what.endsWith(` ${route?.iface}`)));
  for (const t of own.filter((x) => !inLab(x.address)).slice(0, 2)) add(t);
  return targets;
}
