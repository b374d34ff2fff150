import { describe, it } from "node:test";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatDiagnostic, SiteError } from "./diagnostic.ts";
import { loadSite, parseSite } from "./load.ts";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/sites/${name}.yaml`, import.meta.url)), "utf8");
const SMALL = fixture("small-office");

function problems(text: string): string[] {
  const result = loadSite(text, "site.yaml");
  return result.ok ? [] : result.diagnostics.map(formatDiagnostic);
}

/** The small-office site with one text edit; the edit must apply exactly once. */
function edited(...edits: [string, string][]): string {
  let text = SMALL;
  for (const [from, to] of edits) {
    expect(text.split(from).length - 1, `edit ${from}`).to.equal(1);
    text = text.replace(from, to);
  }
  return text;
}

describe("loadSite", () => {
  it("loads the example sites", () => {
    for (const name of ["small-office", "campus"]) {
      const result = loadSite(fixture(name), `${name}.yaml`);
      expect(result.ok, result.ok ? name : result.diagnostics.map(formatDiagnostic).join("\n")).to.equal(true);
    }
  });

  it("names the file in every problem, and reports an empty file", () => {
    expect(problems("")).to.deep.equal(["site.yaml:1:1: the site file is empty; describe at least site, segments, pair and ntp (fixtures/sites/small-office.yaml is a small example)"]);
    expect(problems("# nothing yet\n")).to.have.length(1);
  });

  it("stops after a syntax error, reporting each mistake once", () => {
    const lines = problems(edited(["    gateway: 198.18.10.1", "\tgateway: 198.18.10.1"], ["  orphan-stratum: 8", "\torphan-stratum: 8"]));
    expect(lines).to.have.length(2);
    for (const line of lines) expect(line).to.contain("a tab is used for indentation");
  });

  it("reports a schema problem and a semantic problem elsewhere in one run", () => {
    const lines = problems(edited(["          ip: 198.18.10.30", "          ip: 198.18.10.300"], ["    heartbeat-delay: 1000", "    heartbeat-delay: 0"]));
    expect(lines.some((l) => l.includes('"198.18.10.300" is not valid'))).to.equal(true);
    expect(lines.some((l) => l.includes("heartbeat-delay 0 turns heartbeats off"))).to.equal(true);
  });

  it("checks the rest of a site as if a misspelt key were spelt right", () => {
    // Read as lease-time, the short lease makes the HA timers too slow: one run shows both.
    const lines = problems(edited(["      lease-time: 3600", "      lease-tme: 4"]));
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^site\.yaml:\d+:7: unknown key "lease-tme" in segments\[0\]\.dhcp; did you mean "lease-time"\?$/);
    expect(lines[1]).to.contain("max-response-delay 3000 ms is half or more of the shortest lease (4 s, on segment lan)");
  });

  it("does not report what only follows from an item set aside", () => {
    // The printer's reservation is set aside for its MAC; the SRV record naming the printer is not dangling.
    const lines = problems(edited(['        - mac: "52:54:00:0a:00:20"', '        - mac: "52:54:00:0a:00"']));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain("segments[0].dhcp.reservations[0].mac");
  });

  it("points past a set-aside item at the right place", () => {
    // With the first reservation set aside, the third is still reported at its own line.
    const text = edited(['        - mac: "52:54:00:0a:00:20"', '        - mac: "52:54:00:0a:00"'], ["          ip: 198.18.10.40", "          ip: 198.18.10.150"]);
    const lines = problems(text);
    const line = text.split("\n").findIndex((l) => l.includes("198.18.10.150")) + 1;
    expect(lines.some((l) => l.startsWith(`site.yaml:${line}:15: reservation kiosk (198.18.10.150) is inside pool`))).to.equal(true);
  });

  it("reports an alias without an anchor instead of failing", () => {
    const lines = problems(edited(["  forwarders: [192.0.2.53]", "  forwarders: *upstream"]));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain("alias *upstream refers to no anchor");
  });

  it("returns the problems sorted by place", () => {
    const result = loadSite(edited(["    heartbeat-delay: 1000", "    heartbeat-delay: 0"], ["  name: small-office", "  name: Small-Office"]), "site.yaml");
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    const places = result.diagnostics.map((d) => d.line * 1000 + d.col);
    expect(places).to.deep.equal([...places].sort((a, b) => a - b));
  });
});

describe("parseSite", () => {
  it("throws one error carrying every problem", () => {
    try {
      parseSite(edited(["    heartbeat-delay: 1000", "    heartbeat-delay: 0"], ["  forwarders: [192.0.2.53]", "  forwarders: [198.18.10.2]"]), "office.yaml");
      expect.fail("the site is invalid");
    } catch (error) {
      expect(error).to.be.instanceOf(SiteError);
      const e = error as SiteError;
      expect(e.diagnostics).to.have.length(2);
      expect(e.message).to.match(/^2 problems in the site:\noffice\.yaml:/);
    }
  });
});
