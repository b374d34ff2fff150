// The table `coreos-infra test` ends with: each scenario, its result and the
// outages it measured.
import Table from "cli-table3";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ScenarioRow } from "../scenarios/session.ts";

export async function renderSummary(reportsDir: string): Promise<string> {
  let rows: ScenarioRow[];
  try {
    rows = (await readFile(join(reportsDir, "scenarios.jsonl"), "utf8")).trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as ScenarioRow);
  } catch {
    return "no scenario ran\n";
  }
  const table = new Table({ head: ["feature", "scenario", "result", "measured outage", "s"], style: { head: [], border: [] }, wordWrap: true, colWidths: [22, 52, 9, 34, 7] });
  // Labs side by side finish scenarios in no fixed order; the table lists them as the features do.
  rows.sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line);
  for (const r of rows) {
    const outages = r.outages.map((o) => `${o.what}: ${(o.outageMs / 1000).toFixed(1)} s${o.boundMs !== undefined ? ` (≤ ${(o.boundMs / 1000).toFixed(1)})` : ""}`).join("\n");
    table.push([r.feature, r.scenario, r.status.toLowerCase(), outages || "-", (r.durationMs / 1000).toFixed(1)]);
  }
  const passed = rows.filter((r) => r.status === "PASSED").length;
  return `${table.toString()}\n${passed} of ${rows.length} scenarios passed\n`;
}
