import { describe, it } from "node:test";
import { expect } from "chai";
import { loadFixture } from "../../testing/fixtures.ts";
import { HOST } from "../layout.ts";
import { servicesOf } from "../services.ts";
import type { ServiceSpec } from "../services.ts";
import { QUADLET_START_TIMEOUT_SEC, quadletFile } from "./quadlet.ts";

const site = await loadFixture("small-office");
const services = servicesOf(site, site.nodes[0]);
const byName = (name: string): ServiceSpec => services.find((s) => s.name === name)!;

/** Values of `key` in `section` of a unit file, in order. */
function values(contents: string, section: string, key: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of contents.split("\n")) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = header[1]!;
    else if (current === section && line.startsWith(`${key}=`)) out.push(line.slice(key.length + 1));
  }
  return out;
}

describe("quadletFile", () => {
  it("puts the file under /etc/containers/systemd, named after the unit", () => {
    const f = quadletFile(byName("dhcp"), services);
    expect(f.path).to.equal(`${HOST.quadlets}/kea-dhcp4.container`);
    expect(f.mode).to.equal(0o644);
    expect(f.contents.endsWith("\n")).to.equal(true);
  });

  it("runs the image on the host network under the unit's name", () => {
    const c = quadletFile(byName("dns"), services).contents;
    expect(values(c, "Container", "Image")).to.deep.equal([site.images.dns]);
    expect(values(c, "Container", "ContainerName")).to.deep.equal(["coredns"]);
    expect(values(c, "Container", "Network")).to.deep.equal(["host"]);
    expect(values(c, "Container", "Exec")).to.deep.equal(["-conf /etc/coredns/Corefile"]);
    expect(values(c, "Unit", "Description")).to.deep.equal([byName("dns").description]);
  });

  it("waits for the network and for the units the service comes after", () => {
    const c = quadletFile(byName("dhcp-agent"), services).contents;
    expect(values(c, "Unit", "Wants")).to.deep.equal(["network-online.target"]);
    expect(values(c, "Unit", "After")).to.deep.equal(["network-online.target", "kea-dhcp4.service"]);
  });

  it("labels a host path private when one service mounts it and shared when several do", () => {
    const c = quadletFile(byName("dhcp"), services).contents;
    expect(values(c, "Container", "Volume")).to.deep.equal([
      "/etc/kea:/etc/kea:ro,z",
      "/var/lib/coreos-infra/kea:/var/lib/kea:Z",
      "/run/coreos-infra/kea:/run/kea:z",
    ]);
    expect(values(quadletFile(byName("dns"), services).contents, "Container", "Volume")).to.deep.equal(["/etc/coreos-infra/coredns:/etc/coredns:ro,Z"]);
  });

  it("treats a path inside another service's mount as shared", () => {
    const a = { ...byName("dns"), mounts: [{ host: "/etc/x", container: "/x", readOnly: true, kind: "config" as const }] };
    const b = { ...byName("boot"), mounts: [{ host: "/etc/x/sub", container: "/y", readOnly: true, kind: "config" as const }] };
    const c = { ...byName("dhcp"), mounts: [{ host: "/etc/xy", container: "/z", readOnly: false, kind: "config" as const }] };
    expect(values(quadletFile(a, [a, b, c]).contents, "Container", "Volume")).to.deep.equal(["/etc/x:/x:ro,z"]);
    expect(values(quadletFile(c, [a, b, c]).contents, "Container", "Volume")).to.deep.equal(["/etc/xy:/z:Z"]);
  });

  it("adds each capability", () => {
    const c = quadletFile(byName("dhcp"), services).contents;
    expect(values(c, "Container", "AddCapability")).to.deep.equal(["CAP_NET_RAW", "CAP_NET_BIND_SERVICE"]);
    expect(values(quadletFile(byName("dhcp-agent"), services).contents, "Container", "AddCapability")).to.deep.equal([]);
  });

  it("creates run and state paths before podman mounts them, not config paths", () => {
    expect(values(quadletFile(byName("dhcp"), services).contents, "Service", "ExecStartPre")).to.deep.equal([
      "/usr/bin/mkdir -p /var/lib/coreos-infra/kea /run/coreos-infra/kea",
    ]);
    expect(values(quadletFile(byName("dhcp-agent"), services).contents, "Service", "ExecStartPre")).to.deep.equal(["/usr/bin/mkdir -p /run/coreos-infra/kea"]);
    expect(values(quadletFile(byName("dns"), services).contents, "Service", "ExecStartPre")).to.deep.equal([]);
  });

  it("restarts always, allows time for the first pull and starts at boot", () => {
    const c = quadletFile(byName("boot"), services).contents;
    expect(values(c, "Service", "Restart")).to.deep.equal(["always"]);
    expect(values(c, "Service", "TimeoutStartSec")).to.deep.equal([String(QUADLET_START_TIMEOUT_SEC)]);
    expect(values(c, "Install", "WantedBy")).to.deep.equal(["multi-user.target"]);
  });

  it("quotes the command and environment for systemd, environment sorted", () => {
    const s: ServiceSpec = {
      ...byName("dns"),
      command: ["serve", "--motd", "hello world", "--rate=100%"],
      environment: { TZ: "UTC", GREETING: 'say "hi"' },
      description: "50% done",
    };
    const c = quadletFile(s, [s]).contents;
    expect(values(c, "Container", "Exec")).to.deep.equal(['serve --motd "hello world" --rate=100%%']);
    expect(values(c, "Container", "Environment")).to.deep.equal(['"GREETING=say \\"hi\\""', "TZ=UTC"]);
    expect(values(c, "Unit", "Description")).to.deep.equal(["50%% done"]);
  });

  it("refuses a service the OS runs itself, and a mount path Volume= cannot express", () => {
    expect(() => quadletFile(byName("ntp"), services)).to.throw(/no image/);
    const bad = { ...byName("dns"), mounts: [{ host: "/etc/a:b", container: "/x", readOnly: true, kind: "config" as const }] };
    expect(() => quadletFile(bad, [bad])).to.throw(/Volume=/);
  });

  it("is deterministic", () => {
    expect(quadletFile(byName("dhcp"), services)).to.deep.equal(quadletFile(byName("dhcp"), servicesOf(site, site.nodes[0])));
  });
});
