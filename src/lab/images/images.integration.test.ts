// The lab's images, built for real and checked by running them: each holds
// what the nodes and probes call, the boot server serves over TFTP and HTTP
// across a network, and the recipe hash decides what is rebuilt.
// Needs a Docker engine; a cold run builds everything (a few minutes).
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import Dockerode from "dockerode";
import { DEFAULTS } from "../../site/index.ts";
import type { EnsuredImages, ServiceImages } from "./index.ts";
import { CHRONY, ensureImages, IMAGE_LABELS, LAB_BASE_IMAGE } from "./index.ts";
import { PATHS } from "./paths.ts";

const docker = new Dockerode();
const TEST_LABEL = { "io.coreos-infra.test": `images-${process.pid}` };
const images: ServiceImages = { ...DEFAULTS.images };

interface RunResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a command to completion in a fresh container and removes it. */
async function run(image: string, cmd: string[], hostConfig: Dockerode.HostConfig = {}): Promise<RunResult> {
  const container = await docker.createContainer({ Image: image, Cmd: cmd, Tty: true, Labels: TEST_LABEL, HostConfig: hostConfig });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const output = (await container.logs({ stdout: true, stderr: true, follow: false })).toString("utf8");
    return { code: StatusCode, output: output.replace(/\r\n/g, "\n") };
  } finally {
    await container.remove({ force: true });
  }
}

const sh = (image: string, script: string, hostConfig: Dockerode.HostConfig = {}) => run(image, ["sh", "-c", script], hostConfig);

async function removeTestObjects(): Promise<void> {
  const filters = JSON.stringify({ label: [`io.coreos-infra.test=${TEST_LABEL["io.coreos-infra.test"]}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
}

let ensured: EnsuredImages;

describe("lab images", () => {
  before(async () => {
    const started = performance.now();
    ensured = await ensureImages(images, {
      onProgress: (e) => {
        if (!e.detail) console.log(`# ${((performance.now() - started) / 1000).toFixed(1)} s ${e.image}: ${e.step}`);
      },
    });
    for (const image of Object.values(ensured)) console.log(`# ${image.ref}: ${image.outcome} in ${image.seconds} s`);
  });

  after(removeTestObjects);

  it("are up to date on a second call: nothing is rebuilt", async () => {
    const started = performance.now();
    const again = await ensureImages(images);
    const ms = performance.now() - started;
    console.log(`# warm ensureImages: ${ms.toFixed(0)} ms`);
    expect(Object.values(again).map((i) => i.outcome)).to.deep.equal(["up-to-date", "up-to-date", "up-to-date", "up-to-date"]);
    expect(again.dhcp.id).to.equal(ensured.dhcp.id);
  });

  it("base: has the tools the lab calls, and no apt lists or manuals", async () => {
    const tools = "chronyd chronyc dhcrelay dig perfdhcp nft iptables faketime tcpdump curl ping ip in.tftpd kea-dhcp4 kea-ctrl-agent awk ps";
    const r = await sh(
      LAB_BASE_IMAGE,
      `for t in ${tools}; do command -v "$t" >/dev/null || echo "missing $t"; done
       for a in udhcpc tftp httpd; do busybox --list | grep -qx "$a" || echo "missing busybox $a"; done
       ls /var/lib/apt/lists | grep -v -e '^lock$' -e '^partial$' | sed 's/^/apt list /'
       find /usr/share/man /usr/share/locale -type f 2>/dev/null | head -3 | sed 's/^/not excluded: /'
       chronyd -v | grep -q "version ${CHRONY.version} " || echo "chronyd is not ${CHRONY.version}: $(chronyd -v)"
       echo "skew $(( $(faketime -f '+90s' date +%s) - $(date +%s) ))"`,
    );
    expect(r.output.trim()).to.match(/^skew (89|90|91)$/);
    expect(r.code).to.equal(0);
  });

  it("kea: Kea 2.2 with the ha and lease_cmds hooks and its runtime directories", async () => {
    const r = await sh(
      images.dhcp,
      "kea-dhcp4 -v; kea-ctrl-agent -v; ls /usr/lib/x86_64-linux-gnu/kea/hooks; test -d /run/kea && test -d /var/lib/kea && echo dirs-ok",
    );
    expect(r.code).to.equal(0);
    const [dhcp4, agent] = r.output.split("\n");
    expect(dhcp4).to.match(/^2\.2\.\d+$/);
    expect(agent).to.match(/^2\.2\.\d+$/);
    expect(r.output).to.include("libdhcp_ha.so").and.include("libdhcp_lease_cmds.so").and.include("dirs-ok");
    const info = await docker.getImage(images.dhcp).inspect();
    expect(info.Config.Labels?.[IMAGE_LABELS.recipe]).to.equal("kea");
  });

  it("kea: a daemon that crashed starts again in the same container", async () => {
    // Kea refuses to start when its PID file names a live process. A crash
    // leaves the file behind, naming PID 1: after a restart, the new daemon itself.
    const container = await docker.createContainer({ Image: images.dhcp, Labels: TEST_LABEL, HostConfig: { NetworkMode: "none" } });
    try {
      await container.start();
      await sleep(1500);
      await container.kill({ signal: "SIGKILL" });
      await container.start();
      await sleep(1500);
      const state = (await container.inspect()).State;
      const logs = (await container.logs({ stdout: true, stderr: true })).toString("utf8");
      expect(logs).to.not.include("ALREADY_RUNNING");
      expect(state.Running).to.equal(true);
    } finally {
      await container.remove({ force: true });
    }
  });

  it("coredns: a lone static binary at /coredns that reports the tag's version", async () => {
    const r = await run(images.dns, ["-version"]);
    expect(r.code).to.equal(0);
    expect(r.output).to.match(/^CoreDNS-1\.12\.4$/m);
    const info = await docker.getImage(images.dns).inspect();
    expect(info.Config.Entrypoint).to.deep.equal(["/coredns"]);
  });

  it("boot: serves the tree and the iPXE binaries over TFTP and HTTP, and stops on SIGTERM", async () => {
    const tree = await mkdtemp(join(tmpdir(), "boot-tree-"));
    const network = `coreos-infra-images-test-${process.pid}`;
    try {
      await mkdir(join(tree, "profiles"));
      await writeFile(join(tree, "boot.ipxe"), "#!ipxe\nchain profiles/test.ipxe\n");
      await writeFile(join(tree, "profiles", "test.ipxe"), "#!ipxe\necho served over http\n");
      await docker.createNetwork({ Name: network, Internal: true, Labels: TEST_LABEL });
      const server = await docker.createContainer({
        Image: images.boot,
        Cmd: ["boot-server", "--root", "/srv/boot", "--http-port", "8080"],
        Labels: TEST_LABEL,
        HostConfig: { NetworkMode: network, Binds: [`${tree}:/srv/boot:ro`] },
      });
      await server.start();
      const address = (await server.inspect()).NetworkSettings.Networks[network]!.IPAddress;

      const r = await sh(
        LAB_BASE_IMAGE,
        `cd /tmp
         for i in $(seq 20); do busybox tftp -g -r boot.ipxe -l boot.ipxe ${address} 2>/dev/null && break; sleep 0.25; done
         cat boot.ipxe
         busybox tftp -g -r undionly.kpxe -l undionly.kpxe ${address} && echo "undionly $(wc -c < undionly.kpxe)"
         curl -fsS http://${address}:8080/profiles/test.ipxe
         echo "ipxe.efi $(curl -fsS -o /dev/null -w '%{http_code} %{size_download}' http://${address}:8080/ipxe.efi)"`,
        { NetworkMode: network },
      );
      expect(r.output).to.include("chain profiles/test.ipxe");
      expect(r.output).to.match(/^undionly [1-9]\d{3,}$/m);
      expect(r.output).to.include("echo served over http");
      expect(r.output).to.match(/^ipxe\.efi 200 [1-9]\d{3,}$/m);

      const stopping = performance.now();
      await server.stop({ t: 10 });
      const stopMs = performance.now() - stopping;
      const state = (await server.inspect()).State;
      console.log(`# boot-server stopped in ${stopMs.toFixed(0)} ms, exit ${state.ExitCode}`);
      expect(state.ExitCode).to.equal(0);
      expect(stopMs).to.be.below(5000);
      const logs = (await server.logs({ stdout: true, stderr: true })).toString("utf8");
      expect(logs).to.match(/RRQ from \S+ filename boot\.ipxe/);
    } finally {
      await removeTestObjects();
      await rm(tree, { recursive: true, force: true });
    }
  });

  it("are rebuilt when their recipe changes, and only those", async () => {
    const recipes = await mkdtemp(join(tmpdir(), "recipes-"));
    const boot = `localhost/coreos-infra/boot:images-test-${process.pid}`;
    const changed: ServiceImages = { ...images, boot };
    try {
      await cp(PATHS.recipes, recipes, { recursive: true });
      // Changed from the start, so this image is not the default boot image
      // under another tag (the build cache would make them one).
      await appendFile(join(recipes, "boot", "boot-server"), "# first\n");
      const first = await ensureImages(changed, { paths: { recipes } });
      expect(first.base.outcome).to.equal("up-to-date");
      expect(first.dhcp.outcome).to.equal("up-to-date");
      expect(first.boot.outcome).to.equal("built");

      await appendFile(join(recipes, "boot", "boot-server"), "# second\n");
      const second = await ensureImages(changed, { paths: { recipes } });
      expect([second.base.outcome, second.dns.outcome, second.dhcp.outcome]).to.deep.equal(["up-to-date", "up-to-date", "up-to-date"]);
      expect(second.boot.outcome).to.equal("built");
      expect(second.boot.id).to.not.equal(first.boot.id);
      // The image the tag moved away from is gone, not left dangling.
      const old = await docker.getImage(first.boot.id).inspect().then(() => "kept", () => "removed");
      expect(old).to.equal("removed");

      const third = await ensureImages(changed, { paths: { recipes } });
      expect(third.boot.outcome).to.equal("up-to-date");
    } finally {
      await docker.getImage(boot).remove().catch(() => undefined);
      await rm(recipes, { recursive: true, force: true });
    }
  });

  it("with pull, fail clearly when no registry answers", async () => {
    // A registry on a closed loopback port: unreachable on every machine, and
    // no traffic leaves this one.
    const unreachable: ServiceImages = { ...images, dns: "localhost:1/coredns/coredns:1.12.4" };
    let caught: unknown;
    await ensureImages(unreachable, { pull: true }).catch((e: unknown) => (caught = e));
    expect(String(caught)).to.match(/cannot pull localhost:1\/coredns\/coredns:1\.12\.4: no container registry is reachable/);
    expect(String(caught)).to.match(/Drop --pull/);
  });
});
