// The real agent process, run on the host (target { local: true }) and probed
// over loopback; namespaces are the integration test's business.
import { describe, it } from "node:test";
import { expect } from "chai";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { reply, startFakeDnsServer } from "../dns/testing/fake-server.ts";
import { AgentError, AgentRequestError, agentCommand, startAgent } from "./agent-client.ts";
import type { DnsResult } from "../dns/index.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

describe("probe agent client", () => {
  it("builds the nsenter command line for a namespace", () => {
    expect(agentCommand({ netnsPid: 1234 }).args.slice(0, 2)).to.deep.equal(["--net=/proc/1234/ns/net", process.execPath]);
    expect(agentCommand({ netnsPath: "/run/netns/lab-c1" })).to.deep.include({ command: "nsenter" });
    expect(agentCommand({ local: true }).command).to.equal(process.execPath);
  });

  it("starts an agent, runs requests concurrently and closes it", async () => {
    await using server = await startFakeDnsServer((q) => [reply(q, { answers: [{ type: "A", name: q.questions?.[0]?.name ?? "", ttl: 60, data: "198.18.0.10" }] })]);
    const agent = await startAgent({ local: true }, { label: "test" });
    const pid = agent.pid ?? 0;
    try {
      expect(agent.kinds).to.include.members(["dns", "ntp", "ping", "interfaces"]);
      const pong = await agent.request<{ pid: number }>("ping", {}, 5000);
      expect(pong.pid).to.equal(pid);
      const names = ["a.example.test", "b.example.test", "c.example.test"];
      const answers = await Promise.all(
        names.map((name) => agent.request<DnsResult>("dns", { server: "127.0.0.1", port: server.port, name, type: "A", timeoutMs: 2000 }, 5000)),
      );
      expect(answers.map((a) => a.answers[0]?.name)).to.deep.equal(names.map((n) => `${n}.`));
      const interfaces = await agent.request<{ name: string; address: string }[]>("interfaces", {}, 5000);
      expect(interfaces.map((i) => i.address)).to.include("127.0.0.1");
    } finally {
      await agent.close();
    }
    expect(alive(pid)).to.equal(false);
  });

  it("turns failures into AgentRequestError with the probe's reason and cause", async () => {
    await using agent = await startAgent({ local: true });
    const invalid = await agent.request("ntp", { server: "127.0.0.1" }, 5000).then(() => undefined, (e: unknown) => e);
    expect(invalid).to.be.instanceOf(AgentRequestError).with.property("reason", "invalid-params");
    expect((invalid as Error).message).to.match(/ntp request failed in probe agent pid \d+: invalid ntp parameters: timeoutMs/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await agent.request("dns", { server: "127.0.0.1", port, name: "x.test", type: "A", timeoutMs: 2000, transport: "tcp" }, 5000).then(() => undefined, (e: unknown) => e);
    expect(refused).to.be.instanceOf(AgentRequestError).with.property("reason", "refused");
    expect(((refused as Error).cause as Error).name).to.equal("DnsProbeError");
    const unknown = await agent.request("teleport", {}, 5000).then(() => undefined, (e: unknown) => e);
    expect(unknown).to.have.property("reason", "unknown-kind");
  });

  it("gives up on a request at its own deadline", async () => {
    await using server = await startFakeDnsServer(() => []);
    await using agent = await startAgent({ local: true });
    const error = await agent.request("dns", { server: "127.0.0.1", port: server.port, name: "x.test", type: "A", timeoutMs: 5000 }, 200).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(AgentRequestError).with.property("reason", "timeout");
    // The agent itself is still fine.
    expect(await agent.request("ping", {}, 5000)).to.have.property("pid");
  });

  it("reports an agent that could not start", async () => {
    const error = await startAgent({ netnsPath: "/nonexistent/netns" }, { readyTimeoutMs: 5000 }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(AgentError);
    expect((error as Error).message).to.match(/exited \(code \d+\); it said: .*nsenter/);
  });

  it("exits by itself when the harness that started it is killed", async () => {
    const clientModule = fileURLToPath(new URL("./agent-client.ts", import.meta.url));
    const script = `import { startAgent } from ${JSON.stringify(clientModule)}; const a = await startAgent({ local: true }); console.log(a.pid); setInterval(() => {}, 1000);`;
    const harness = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const agentPid = await new Promise<number>((resolve, reject) => {
      harness.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      harness.once("exit", (code) => reject(new Error(`harness exited early (${code})`)));
    });
    try {
      expect(alive(agentPid)).to.equal(true);
      harness.kill("SIGKILL");
      expect(await waitUntil(() => !alive(agentPid), 5000), "agent still running after its harness died").to.equal(true);
    } finally {
      if (harness.pid && alive(harness.pid)) harness.kill("SIGKILL");
      if (alive(agentPid)) process.kill(agentPid, "SIGKILL");
    }
  });
});
