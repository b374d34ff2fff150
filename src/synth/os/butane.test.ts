import { describe, it } from "node:test";
import { expect } from "chai";
import { parse } from "yaml";
import type { Os } from "../../site/index.ts";
import { butaneConfig } from "./butane.ts";
import type { NodeConfig } from "./node-config.ts";
import { TRICKY_TEXTS } from "./tricky-texts.ts";

const OS: Os = { stream: "stable", butaneVersion: "1.4.0", ignitionVersion: "3.3.0" };

const CONFIG: NodeConfig = {
  hostname: "ns1",
  sshKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKqRm0rYay7BKEqWUdrhu1yrpJnsIxfxvf9CO9G1XnLS admin@office.example.com"],
  files: [
    { path: "/etc/kea/kea-dhcp4.conf", contents: '{ "Dhcp4": {} }\n', mode: 0o600 },
    { path: "/etc/hostname", contents: "ns1\n", mode: 0o644 },
  ],
  units: [{ name: "coreos-infra-firewall.service", contents: "[Unit]\nDescription=x\n\n[Service]\nType=oneshot\nExecStart=/usr/sbin/nft -f /etc/coreos-infra/firewall.nft\n", enabled: true }],
  directories: [{ path: "/var/lib/coreos-infra/kea", mode: 0o750 }],
};

/** Reads Butane YAML the way go-yaml does (YAML 1.1: 0644 is octal). */
function read(text: string): Record<string, unknown> {
  return parse(text, { version: "1.1" }) as Record<string, unknown>;
}

describe("butaneConfig", () => {
  it("writes the fcos variant at the site's Butane version", () => {
    expect(read(butaneConfig(CONFIG, OS))).to.include({ variant: "fcos", version: "1.4.0" });
    expect(read(butaneConfig(CONFIG, { ...OS, butaneVersion: "1.5.0", ignitionVersion: "3.4.0" }))).to.include({ version: "1.5.0" });
  });

  it("carries users, directories, files and units, sorted, with modes in octal", () => {
    const text = butaneConfig(CONFIG, OS);
    expect(text).to.include("      mode: 0600\n");
    expect(text).to.include("      mode: 0750\n");
    expect(read(text)).to.deep.equal({
      variant: "fcos",
      version: "1.4.0",
      passwd: { users: [{ name: "core", ssh_authorized_keys: CONFIG.sshKeys }] },
      storage: {
        directories: [{ path: "/var/lib/coreos-infra/kea", mode: 0o750 }],
        files: [
          { path: "/etc/hostname", mode: 0o644, overwrite: true, contents: { inline: "ns1\n" } },
          { path: "/etc/kea/kea-dhcp4.conf", mode: 0o600, overwrite: true, contents: { inline: '{ "Dhcp4": {} }\n' } },
        ],
      },
      systemd: { units: [{ name: "coreos-infra-firewall.service", enabled: true, contents: CONFIG.units[0]!.contents }] },
    });
  });

  it("leaves out the core user when the site has no keys, and empty sections", () => {
    const doc = read(butaneConfig({ hostname: "h", sshKeys: [], files: [], units: [], directories: [] }, OS));
    expect(doc).to.deep.equal({ variant: "fcos", version: "1.4.0" });
  });

  it("round-trips file contents exactly, whatever characters they hold", () => {
    const files = TRICKY_TEXTS.map((contents, i) => ({ path: `/etc/t/${String(i).padStart(2, "0")}`, contents, mode: 0o644 }));
    const doc = read(butaneConfig({ ...CONFIG, files, units: [] }, OS)) as { storage: { files: { contents: { inline: string } }[] } };
    expect(doc.storage.files.map((f) => f.contents.inline)).to.deep.equal([...TRICKY_TEXTS]);
  });

  it("is deterministic whatever order the content comes in", () => {
    const shuffled = { ...CONFIG, files: [...CONFIG.files].reverse() };
    expect(butaneConfig(shuffled, OS)).to.equal(butaneConfig(CONFIG, OS));
  });

  it("refuses a path given twice", () => {
    const twice = { ...CONFIG, files: [...CONFIG.files, { path: "/etc/hostname", contents: "other\n", mode: 0o644 }] };
    expect(() => butaneConfig(twice, OS)).to.throw(/\/etc\/hostname is given twice/);
    const clash = { ...CONFIG, directories: [{ path: "/etc/hostname", mode: 0o755 }] };
    expect(() => butaneConfig(clash, OS)).to.throw(/both a file and a directory/);
  });
});
