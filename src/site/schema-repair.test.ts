import { describe, it } from "node:test";
import { expect } from "chai";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkSchema } from "./schema-repair.ts";

const SMALL = readFileSync(fileURLToPath(new URL("../../fixtures/sites/small-office.yaml", import.meta.url)), "utf8");
const CAMPUS = readFileSync(fileURLToPath(new URL("../../fixtures/sites/campus.yaml", import.meta.url)), "utf8");

type Path = (string | number)[];
type Bag = Record<string | number, unknown>;

/** A fixture as data, changed by a function. */
function data(text: string, change: (site: Bag) => void = () => {}): Bag {
  const site = parse(text) as Bag;
  change(site);
  return site;
}

function parentOf(site: Bag, path: Path): Bag {
  return path.slice(0, -1).reduce<Bag>((v, step) => v[step] as Bag, site);
}

/** Sets the value at a path; undefined removes the key. */
function set(site: Bag, path: Path, value: unknown): void {
  const parent = parentOf(site, path);
  if (value === undefined) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = value;
}

/** Renames the last key of a path, keeping its value. */
function rename(site: Bag, path: Path, to: string): void {
  const parent = parentOf(site, path);
  parent[to] = parent[path.at(-1)!];
  delete parent[path.at(-1)!];
}

describe("checkSchema", () => {
  it("passes a valid site through untouched", () => {
    const result = checkSchema(data(SMALL));
    expect(result.diagnostics).to.have.length(0);
    expect(result.site?.site.name).to.equal("small-office");
    expect(result.unsure).to.have.length(0);
    expect(result.toWritten(["segments", 0])).to.deep.equal(["segments", 0]);
  });

  it("reads a misspelt key as the key it resembles, and maps its place back", () => {
    const result = checkSchema(data(CAMPUS, (s) => rename(s, ["segments", 3, "relayed"], "relayd")));
    expect(result.diagnostics.map((d) => d.message)).to.deep.equal(['unknown key "relayd" in segments[3]']);
    expect(result.site?.segments[3]?.relayed).to.equal(true);
    expect(result.unsure).to.have.length(0);
    expect(result.toWritten(["segments", 3, "relayed"])).to.deep.equal(["segments", 3, "relayd"]);
  });

  it("does not report a required key as missing when a typo of it is there", () => {
    const result = checkSchema(data(SMALL, (s) => rename(s, ["segments", 0, "gateway"], "gatway")));
    expect(result.diagnostics.map((d) => d.message)).to.deep.equal(['unknown key "gatway" in segments[0]']);
    expect(result.site?.segments[0]?.gateway).to.equal("198.18.10.1");
  });

  it("reports the value behind a corrected key too", () => {
    const result = checkSchema(data(SMALL, (s) => {
      rename(s, ["segments", 0, "gateway"], "gatway");
      set(s, ["segments", 0, "gatway"], "198.18.10.300");
    }));
    expect(result.diagnostics.map((d) => d.message)).to.deep.equal(['unknown key "gatway" in segments[0]', 'segments[0].gatway "198.18.10.300" is not valid']);
    expect(result.site).to.equal(undefined, "a segment needs a gateway and segments are required: nothing is left to check");
  });

  it("sets a bad list item aside and keeps the places of the items after it", () => {
    const result = checkSchema(data(CAMPUS, (s) => set(s, ["segments", 1, "subnet"], "198.18.21.1/24")));
    expect(result.diagnostics.map((d) => d.at)).to.deep.equal([["segments", 1, "subnet"]]);
    expect(result.site?.segments.map((x) => x.name)).to.deep.equal(["servers", "labs", "guest"]);
    expect(result.removed).to.deep.equal([["segments", 1]]);
    expect(result.unsure).to.deep.equal([["segments", "#"]]);
    expect(result.toWritten(["segments", 1, "gateway"])).to.deep.equal(["segments", 2, "gateway"]);
    expect(result.toRepaired(["segments", 3, "name"])).to.deep.equal(["segments", 2, "name"]);
    expect(result.toRepaired(["segments", 1, "name"])).to.equal(undefined);
  });

  it("sets aside the optional key holding a problem, and the block when it empties a required list", () => {
    const result = checkSchema(data(SMALL, (s) => {
      set(s, ["segments", 0, "dhcp", "pools"], ["198.18.10.199-198.18.10.100"]);
      set(s, ["dhcp", "ha", "heartbeat-delay"], "fast");
    }));
    expect(result.diagnostics).to.have.length(2);
    expect(result.site?.segments[0]?.dhcp).to.equal(undefined);
    expect(result.site?.dhcp?.ha?.["heartbeat-delay"]).to.equal(undefined);
    expect(result.unsure).to.deep.include.members([["segments", 0, "dhcp"], ["dhcp", "ha", "heartbeat-delay"]]);
  });

  it("stands a placeholder in for a broken ntp section, marked as in doubt", () => {
    const result = checkSchema(data(SMALL, (s) => set(s, ["ntp", "upstreams"], "192.0.2.123")));
    expect(result.diagnostics).to.have.length(1);
    expect(result.site).to.not.equal(undefined);
    expect(result.unsure).to.deep.equal([["ntp"]]);
  });

  it("gives up when a required part of the site cannot be read", () => {
    const result = checkSchema(data(SMALL, (s) => set(s, ["pair", "primary", "hostname"], "NS1")));
    expect(result.diagnostics).to.have.length(1);
    expect(result.site).to.equal(undefined);
  });

  it("sets aside the item holding a place in doubt", () => {
    const result = checkSchema(data(CAMPUS), [["segments", 2, "gateway"]]);
    expect(result.diagnostics).to.have.length(0);
    expect(result.site?.segments.map((x) => x.name)).to.deep.equal(["servers", "staff", "guest"]);
  });

  it("marks where a misplaced key was meant to go", () => {
    const result = checkSchema(data(SMALL, (s) => set(s, ["ntp", "heartbeat-delay"], 1000)));
    expect(result.diagnostics.map((d) => d.hint)).to.deep.equal(['"heartbeat-delay" is a key of dhcp.ha, not of ntp']);
    expect(result.unsure).to.deep.equal([["ntp", "heartbeat-delay"], ["dhcp", "ha", "heartbeat-delay"]]);
  });
});
