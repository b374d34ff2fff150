// Entry point of the DHCP probe inside a client's network namespace:
//
//   ip netns exec NS node src/probe/dhcp/run-probe.ts [--broadcast-route IFACE] PLAN.json|-
//
// It reads a probe plan (see probe-plan.ts) from the file or stdin, runs it
// over a UDP socket on port 68 and prints the results as one JSON document.
// With --broadcast-route it first makes sure the namespace can send to
// 255.255.255.255 through IFACE (see udp-transport.ts for why that is needed).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { toJson } from "./json.ts";
import { parsePlan, runPlan } from "./probe-plan.ts";
import { broadcastRouteCommand, UdpTransport } from "./udp-transport.ts";

function ensureBroadcastRoute(iface: string): void {
  const [command, ...args] = broadcastRouteCommand(iface);
  const r = spawnSync(command!, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`could not add the broadcast route on ${iface}: ${r.error?.message ?? r.stderr.trim()}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const args = [...argv];
  const routeAt = args.indexOf("--broadcast-route");
  if (routeAt >= 0) {
    const iface = args[routeAt + 1];
    if (!iface) throw new Error("--broadcast-route needs an interface name");
    ensureBroadcastRoute(iface);
    args.splice(routeAt, 2);
  }
  const source = args[0] ?? "-";
  const plan = parsePlan(readFileSync(source === "-" ? 0 : source, "utf8"));
  const transport = await UdpTransport.open();
  try {
    const results = await runPlan(plan, transport);
    process.stdout.write(`${toJson({ mac: plan.mac, results })}\n`);
  } finally {
    await transport.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`dhcp probe: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
