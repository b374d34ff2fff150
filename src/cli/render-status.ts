// The lab status as a table for the terminal.
import Table from "cli-table3";
import type { LabStatus } from "../lab/index.ts";

export function renderStatus(status: LabStatus): string {
  const nodes = new Table({ head: ["node", "role", "deployment", "addresses", "Kea HA", "services"], style: { head: [], border: [] } });
  for (const n of status.nodes) {
    const deployment = `${n.deployment} (booted)${n.rollback ? `\n${n.rollback} (rollback)` : ""}`;
    const notes = [n.power === "off" ? "POWERED OFF" : "", n.partitioned.length ? `cut off: ${n.partitioned.join(", ")}` : "", n.skewSeconds ? `clock ${n.skewSeconds > 0 ? "+" : ""}${n.skewSeconds} s` : ""].filter(Boolean);
    nodes.push([
      `${n.node}${notes.length ? `\n${notes.join("\n")}` : ""}`,
      n.role,
      deployment,
      n.addresses.join("\n"),
      n.ha ?? "-",
      n.services.map((s) => `${s.service}: ${s.state}`).join("\n"),
    ]);
  }
  const others = new Table({ head: ["lab part", "container", "state"], style: { head: [], border: [] } });
  for (const o of status.others) others.push([o.service, o.container, o.state]);
  return `lab ${status.lab} (site ${status.site})\n${nodes.toString()}\n${others.toString()}\n`;
}
