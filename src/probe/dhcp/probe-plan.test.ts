import { describe, it } from "node:test";
import { expect } from "chai";
import { ManualClock } from "../clock.ts";
import { messageType } from "./codec.ts";
import { toJsonValue } from "./json.ts";
import { option, optionValue } from "./options.ts";
import { parsePlan, runPlan } from "./probe-plan.ts";
import { FakeTransport } from "./testing/fake-transport.ts";
import type { Responder } from "./testing/fake-transport.ts";
import { replyTo } from "./testing/replies.ts";

const server: Responder = (sent) => {
  const type = messageType(sent.message);
  const address = sent.message.ciaddr === "0.0.0.0" ? "198.18.0.100" : sent.message.ciaddr;
  if (type === "DISCOVER") return [{ data: replyTo(sent.message, "OFFER", { yiaddr: address }), delayMs: 2 }];
  if (type === "REQUEST") return [{ data: replyTo(sent.message, "ACK", { yiaddr: address, options: [option("dhcp-lease-time", 600)] }), delayMs: 2 }];
  return [];
};

describe("probe plans", () => {
  it("runs operations in order, later ones using the lease an earlier one got", async () => {
    const clock = new ManualClock(0);
    const transport = new FakeTransport(clock, server);
    const plan = parsePlan(
      JSON.stringify({
        mac: "02:00:5e:10:00:01",
        options: [{ name: "user-class", value: { format: "raw", text: "iPXE" } }],
        operations: [{ op: "lease" }, { op: "wait", ms: 5000 }, { op: "renew", lease: "last" }, { op: "release" }],
      }),
    );
    const results = await clock.run(runPlan(plan, transport, clock));
    expect(results.map((r) => r.op)).to.deep.equal(["lease", "wait", "renew", "release"]);
    expect(results.map((r) => r.startedAt)).to.deep.equal([0, 4, 5004, 5006]);
    const sent = transport.sent.map((s) => [messageType(s.message), s.message.ciaddr, s.to.address]);
    expect(sent).to.deep.equal([
      ["DISCOVER", "0.0.0.0", "255.255.255.255"],
      ["REQUEST", "0.0.0.0", "255.255.255.255"],
      ["REQUEST", "198.18.0.100", "198.18.0.2"],
      ["RELEASE", "198.18.0.100", "198.18.0.2"],
    ]);
    expect(optionValue(transport.sent[0]!.message.options, "user-class")).to.deep.equal({ format: "raw", text: "iPXE" });
  });

  it("prints as plain JSON, octets in hex", async () => {
    const clock = new ManualClock(0);
    const results = await clock.run(runPlan({ mac: "02:00:5e:10:00:01", operations: [{ op: "lease" }] }, new FakeTransport(clock, server), clock));
    const json = JSON.parse(JSON.stringify(toJsonValue(results))) as { result: { lease: { ack: { chaddr: string } } } }[];
    expect(json[0]!.result.lease.ack.chaddr).to.equal("02:00:5e:10:00:01:00:00:00:00:00:00:00:00:00:00");
  });

  it("fails an operation that needs a lease when none was obtained, saying which", async () => {
    const clock = new ManualClock(0);
    const run = runPlan({ mac: "02:00:5e:10:00:01", operations: [{ op: "release" }] }, new FakeTransport(clock), clock);
    const error = await clock.run(run).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/operation 1 \(release\).*no earlier operation obtained one/);
  });

  it("says which option of which operation is malformed", async () => {
    const clock = new ManualClock(0);
    const plan = { mac: "02:00:5e:10:00:01", operations: [{ op: "discover" as const, options: [{ name: "routers", value: "x" }] }] };
    const error = await clock.run(runPlan(plan, new FakeTransport(clock), clock)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/operation 1 \(discover\) of the probe plan is malformed: option .*routers/);
  });

  it("refuses text that is not a plan", () => {
    expect(() => parsePlan("{")).to.throw(/not JSON/);
    expect(() => parsePlan('{"operations": []}')).to.throw(/"mac"/);
  });
});
