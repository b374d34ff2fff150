import { describe, it } from "node:test";
import { expect } from "chai";
import type { Os } from "../../site/index.ts";
import { decodeDataUrl } from "./data-url.ts";
import { ignitionConfig } from "./ignition.ts";
import { ignitionContent } from "./ignition-content.ts";
import type { NodeConfig } from "./node-config.ts";
import { TRICKY_TEXTS } from "./tricky-texts.ts";

const OS: Os = { stream: "stable", butaneVersion: "1.4.0", ignitionVersion: "3.3.0" };

const CONFIG: NodeConfig = {
  hostname: "ns1",
  sshKeys: ["ssh-ed25519 AAAA admin@example.com"],
  files: [
    { path: "/etc/kea/kea-dhcp4.conf", contents: '{ "Dhcp4": {} }\n', mode: 0o600 },
    { path: "/etc/hostname", contents: "ns1\n", mode: 0o644 },
  ],
  units: [{ name: "coreos-infra-firewall.service", contents: "[Service]\nType=oneshot\nExecStart=/usr/bin/true\n", enabled: true }],
  directories: [{ path: "/var/lib/coreos-infra/kea", mode: 0o750 }],
};

describe("ignitionConfig", () => {
  it("writes pretty JSON with a trailing newline and keys in a fixed order", () => {
    const text = ignitionConfig(CONFIG, OS);
    expect(text.endsWith("}\n")).to.equal(true);
    expect(text.startsWith('{\n  "ignition": {\n    "version": "3.3.0"\n  },\n  "passwd"')).to.equal(true);
    const doc = JSON.parse(text) as Record<string, Record<string, unknown[]>>;
    expect(Object.keys(doc)).to.deep.equal(["ignition", "passwd", "storage", "systemd"]);
    expect(Object.keys(doc.storage!)).to.deep.equal(["directories", "files"]);
    expect(Object.keys(doc.storage!.files![0] as object)).to.deep.equal(["path", "mode", "overwrite", "contents"]);
  });

  it("uses the site's Ignition version", () => {
    const doc = JSON.parse(ignitionConfig(CONFIG, { ...OS, butaneVersion: "1.5.0", ignitionVersion: "3.4.0" })) as { ignition: { version: string } };
    expect(doc.ignition.version).to.equal("3.4.0");
  });

  it("carries files as data URLs with decimal modes, overwriting what the OS ships", () => {
    const doc = JSON.parse(ignitionConfig(CONFIG, OS)) as { storage: { files: { path: string; mode: number; overwrite: boolean; contents: { source: string } }[] } };
    const hostname = doc.storage.files.find((f) => f.path === "/etc/hostname")!;
    expect(hostname).to.deep.equal({ path: "/etc/hostname", mode: 420, overwrite: true, contents: { source: "data:,ns1%0A" } });
    const kea = doc.storage.files.find((f) => f.path === "/etc/kea/kea-dhcp4.conf")!;
    expect(kea.mode).to.equal(384);
    expect(decodeDataUrl(kea.contents.source).toString("utf8")).to.equal('{ "Dhcp4": {} }\n');
  });

  it("holds the same content as the NodeConfig", () => {
    expect(ignitionContent(ignitionConfig(CONFIG, OS))).to.deep.equal({
      version: "3.3.0",
      users: [{ name: "core", sshAuthorizedKeys: CONFIG.sshKeys }],
      directories: [{ path: "/var/lib/coreos-infra/kea", mode: 0o750, overwrite: false }],
      files: [
        { path: "/etc/hostname", mode: 0o644, overwrite: true, contents: "ns1\n" },
        { path: "/etc/kea/kea-dhcp4.conf", mode: 0o600, overwrite: true, contents: '{ "Dhcp4": {} }\n' },
      ],
      units: [{ name: "coreos-infra-firewall.service", enabled: true, contents: CONFIG.units[0]!.contents }],
      unread: [],
    });
  });

  it("round-trips file contents exactly, whatever characters they hold", () => {
    const files = TRICKY_TEXTS.map((contents, i) => ({ path: `/etc/t/${String(i).padStart(2, "0")}`, contents, mode: 0o644 }));
    const content = ignitionContent(ignitionConfig({ ...CONFIG, files }, OS));
    expect(content.files.map((f) => f.contents)).to.deep.equal([...TRICKY_TEXTS]);
  });

  it("is exactly JSON.stringify's pretty form, whatever the files, units and keys hold", () => {
    const files = TRICKY_TEXTS.map((contents, i) => ({ path: `/etc/t/${String(i).padStart(2, "0")}`, contents, mode: 0o644 }));
    const units = TRICKY_TEXTS.map((contents, i) => ({ name: `u${i}.service`, contents, enabled: i % 2 === 0 }));
    for (const config of [CONFIG, { ...CONFIG, files, units, sshKeys: ['ssh-ed25519 AAAA "quoted" \\ é'] }, { ...CONFIG, sshKeys: [], directories: [] }]) {
      const text = ignitionConfig(config, OS);
      expect(text).to.equal(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });

  it("leaves out passwd and empty sections", () => {
    expect(JSON.parse(ignitionConfig({ hostname: "h", sshKeys: [], files: [], units: [], directories: [] }, OS))).to.deep.equal({ ignition: { version: "3.3.0" } });
  });

  it("is deterministic whatever order the content comes in", () => {
    expect(ignitionConfig({ ...CONFIG, files: [...CONFIG.files].reverse() }, OS)).to.equal(ignitionConfig(CONFIG, OS));
  });
});
