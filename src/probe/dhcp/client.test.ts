import { describe, it } from "node:test";
import { expect } from "chai";
import { ManualClock } from "../clock.ts";
import { hexToBytes } from "./bytes.ts";
import { DhcpClient } from "./client.ts";
import type { ClientSettings, LeaseResult } from "./client.ts";
import { encodeMessage, hardwareAddress, isBroadcast, messageType } from "./codec.ts";
import { BOOTREPLY } from "./message-types.ts";
import { findOption, option, optionValue } from "./options.ts";
import { FakeTransport } from "./testing/fake-transport.ts";
import type { Responder, SentDatagram } from "./testing/fake-transport.ts";
import { replyTo } from "./testing/replies.ts";

const MAC = "02:00:5e:10:00:01";
const SERVER = "198.18.0.2";

/** A random source that plays back `values`, then 0.5 (no jitter) forever. */
function playback(...values: number[]): () => number {
  return () => values.shift() ?? 0.5;
}

function setup(responder: Responder, settings: Partial<ClientSettings> = {}) {
  const clock = new ManualClock(0);
  const transport = new FakeTransport(clock, responder);
  const client = new DhcpClient({ transport, mac: MAC, clock, random: playback(), ...settings });
  return { clock, transport, client };
}

/** A server that offers and acknowledges 198.18.0.100 with a few options. */
const kindServer: Responder = (sent) => {
  const type = messageType(sent.message);
  const options = [option("subnet-mask", "255.255.255.0"), option("routers", ["198.18.0.1"]), option("dhcp-lease-time", 600), option("domain-search", ["lab.example"])];
  if (type === "DISCOVER") return [{ data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.100", options }), delayMs: 5 }];
  if (type === "REQUEST") return [{ data: replyTo(sent.message, "ACK", { yiaddr: sent.message.ciaddr === "0.0.0.0" ? "198.18.0.100" : sent.message.ciaddr, options }), delayMs: 5 }];
  if (type === "INFORM") return [{ data: replyTo(sent.message, "ACK", { options: options.filter((o) => o.code !== 51) }), delayMs: 5 }];
  return [];
};

const silent: Responder = () => [];

function types(sent: readonly SentDatagram[]): unknown[] {
  return sent.map((s) => messageType(s.message));
}

function bound(result: LeaseResult) {
  if (result.outcome !== "bound") throw new Error(`expected a lease, got ${result.outcome}`);
  return result.lease;
}

describe("DhcpClient.lease (DORA)", () => {
  it("discovers, requests the offer and returns the lease with its options decoded", async () => {
    const { clock, transport, client } = setup(kindServer, { options: [option("vendor-class-identifier", "coreos-infra-probe")] });
    const lease = bound(await clock.run(client.lease()));
    expect(lease).to.include({ address: "198.18.0.100", serverId: SERVER, mac: MAC, leaseTime: 600, renewalTime: 300, rebindingTime: 525 });
    expect(optionValue(lease.options, "routers")).to.deep.equal(["198.18.0.1"]);
    expect(optionValue(lease.options, "domain-search")).to.deep.equal(["lab.example"]);

    expect(types(transport.sent)).to.deep.equal(["DISCOVER", "REQUEST"]);
    const [discover, request] = transport.sent.map((s) => s.message);
    expect(transport.sent[0]!.to).to.deep.equal({ address: "255.255.255.255", port: 67 });
    expect(isBroadcast(discover!)).to.equal(true);
    expect(hardwareAddress(discover!)).to.equal(MAC);
    expect(optionValue(discover!.options, "vendor-class-identifier")).to.equal("coreos-infra-probe");
    expect(optionValue(discover!.options, "dhcp-parameter-request-list")).to.include.members([1, 3, 6, 42, 119]);
    expect(request!.xid).to.equal(discover!.xid);
    expect(request!.ciaddr).to.equal("0.0.0.0");
    expect(optionValue(request!.options, "dhcp-requested-address")).to.equal("198.18.0.100");
    expect(optionValue(request!.options, "dhcp-server-identifier")).to.equal(SERVER);
  });

  it("records each exchange's transmissions and replies with their clock times", async () => {
    const { clock, client } = setup(kindServer);
    const result = await clock.run(client.lease());
    const [d, r] = result.exchanges;
    expect(d).to.deep.include({ sent: "DISCOVER", startedAt: 0, finishedAt: 5, outcome: "answered" });
    expect(d!.attempts).to.deep.equal([{ number: 1, sentAt: 0, secs: 0, waitMs: 4000, destination: "255.255.255.255:67" }]);
    expect(d!.replies.map((x) => [x.receivedAt, x.type, x.attempt])).to.deep.equal([[5, "OFFER", 1]]);
    expect(r).to.deep.include({ sent: "REQUEST", startedAt: 5, finishedAt: 10, outcome: "answered" });
    expect(bound(result).obtainedAt).to.equal(5);
  });

  it("returns no-offer when nobody answers, after the full back-off", async () => {
    const { clock, client } = setup(silent);
    const result = await clock.run(client.lease());
    expect(result.outcome).to.equal("no-offer");
    expect(result.exchanges).to.have.length(1);
    expect(clock.now()).to.equal(4000 + 8000 + 16000 + 32000 + 64000);
  });

  it("reports a NAK with the server's reason", async () => {
    const { clock, client } = setup((sent) => {
      if (messageType(sent.message) === "DISCOVER") return [{ data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.100" }) }];
      return [{ data: replyTo(sent.message, "NAK", { options: [option("dhcp-message", "address is in use")] }) }];
    });
    const result = await clock.run(client.lease());
    expect(result.outcome).to.equal("nak");
    if (result.outcome !== "nak") return;
    expect(result.nak).to.include({ serverId: SERVER, reason: "address is in use" });
  });

  it("starts again once when the offer is not followed by an answer, then returns no-ack", async () => {
    const { clock, client } = setup((sent) => (messageType(sent.message) === "DISCOVER" ? [{ data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.100" }) }] : []));
    const result = await clock.run(client.lease());
    expect(result.outcome).to.equal("no-ack");
    expect(result.exchanges.map((e) => e.attempts.length)).to.deep.equal([1, 5, 1, 5]);
  });

  it("a REQUEST nobody answers sends the client back to DISCOVER, where another server may serve it", async () => {
    let requests = 0;
    const { clock, client } = setup((sent) => {
      if (messageType(sent.message) === "DISCOVER") return [{ data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.100" }) }];
      return requests++ < 5 ? [] : [{ data: replyTo(sent.message, "ACK", { yiaddr: "198.18.0.100" }) }];
    });
    const result = await clock.run(client.lease());
    expect(result.outcome).to.equal("bound");
    expect(result.exchanges).to.have.length(4);
    expect(clock.now()).to.equal(4000 + 8000 + 16000 + 32000 + 64000);
  });
});

describe("DhcpClient retransmission (RFC 2131 §4.1)", () => {
  it("waits 4, 8, 16, 32 and 64 s, each moved by the random source within ±1 s", async () => {
    const clock = new ManualClock(0);
    const transport = new FakeTransport(clock, silent);
    // First value makes the xid; then one per wait: 0 → -1 s, 1 → +1 s, 0.5 → 0, 0.25 → -0.5 s, 0.75 → +0.5 s.
    const client = new DhcpClient({ transport, mac: MAC, clock, random: playback(0.1, 0, 1, 0.5, 0.25, 0.75) });
    const { exchange, offers } = await clock.run(client.discover());
    expect(offers).to.deep.equal([]);
    expect(exchange.outcome).to.equal("timeout");
    expect(exchange.attempts.map((a) => a.waitMs)).to.deep.equal([3000, 9000, 16000, 31500, 64500]);
    expect(exchange.attempts.map((a) => a.sentAt)).to.deep.equal([0, 3000, 12000, 28000, 59500]);
    expect(transport.sent.map((s) => s.at)).to.deep.equal([0, 3000, 12000, 28000, 59500]);
    expect(exchange.finishedAt).to.equal(124000);
  });

  it("keeps every wait within ±1 s of the schedule with Math.random", async () => {
    const { clock, client } = setup(silent, { random: Math.random });
    const { exchange } = await clock.run(client.discover());
    const nominal = [4000, 8000, 16000, 32000, 64000];
    exchange.attempts.forEach((a, i) => expect(Math.abs(a.waitMs - nominal[i]!)).to.be.at.most(1000));
  });

  it("carries the elapsed seconds in secs and the same xid on every retransmission", async () => {
    const { clock, transport, client } = setup(silent);
    await clock.run(client.discover());
    expect(transport.sent.map((s) => s.message.secs)).to.deep.equal([0, 4, 12, 28, 60]);
    expect(new Set(transport.sent.map((s) => s.message.xid)).size).to.equal(1);
  });

  it("stops doubling at 64 s and gives up after the configured number of tries", async () => {
    const { clock, transport, client } = setup(silent, { retransmit: { tries: 7 } });
    const { exchange } = await clock.run(client.discover());
    expect(exchange.attempts.map((a) => a.waitMs)).to.deep.equal([4000, 8000, 16000, 32000, 64000, 64000, 64000]);
    expect(transport.sent).to.have.length(7);
  });

  it("accepts a faster schedule for lab probes", async () => {
    const { clock, client } = setup(silent, { retransmit: { initialMs: 500, maxMs: 2000, jitterMs: 0, tries: 4 } });
    const { exchange } = await clock.run(client.discover());
    expect(exchange.attempts.map((a) => a.waitMs)).to.deep.equal([500, 1000, 2000, 2000]);
  });

  it("stops retransmitting once an answer arrives, and says which transmission it answered", async () => {
    const { clock, transport, client } = setup((sent) => (transport.sent.length === 3 ? [{ data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.100" }), delayMs: 700 }] : []));
    const { exchange, offers } = await clock.run(client.discover());
    expect(offers.map((o) => o.address)).to.deep.equal(["198.18.0.100"]);
    expect(exchange.attempts).to.have.length(3);
    expect(exchange.replies[0]).to.include({ attempt: 3, receivedAt: 12700 });
    expect(exchange.finishedAt).to.equal(12700);
  });

  it("takes a fixed secs value when told to", async () => {
    const { clock, transport, client } = setup(silent, { secs: 17, retransmit: { tries: 2 } });
    await clock.run(client.discover());
    expect(transport.sent.map((s) => s.message.secs)).to.deep.equal([17, 17]);
  });

  it("rejects a schedule that cannot work", () => {
    const clock = new ManualClock();
    expect(() => new DhcpClient({ transport: new FakeTransport(clock), mac: MAC, clock, retransmit: { tries: 0 } })).to.throw(RangeError);
  });
});

describe("DhcpClient reply matching", () => {
  it("ignores replies for another xid, another chaddr, requests, garbage and unexpected types", async () => {
    const { clock, client } = setup((sent) => {
      const m = sent.message;
      const wrongMac = encodeMessage({ op: BOOTREPLY, xid: m.xid, chaddr: "02:00:5e:10:00:99", options: [option("dhcp-message-type", "OFFER")] });
      const request = encodeMessage({ op: 1, xid: m.xid, chaddr: MAC, options: [option("dhcp-message-type", "DISCOVER")] });
      return [
        { data: replyTo({ ...m, xid: m.xid ^ 1 }, "OFFER", { yiaddr: "198.18.0.66" }), delayMs: 1 },
        { data: wrongMac, delayMs: 2 },
        { data: request, delayMs: 3 },
        { data: hexToBytes("deadbeef"), delayMs: 4 },
        { data: replyTo(m, "ACK", { yiaddr: "198.18.0.67" }), delayMs: 5 },
        { data: replyTo(m, "OFFER", { yiaddr: "198.18.0.100" }), delayMs: 6 },
      ];
    });
    const { offers, exchange } = await clock.run(client.discover());
    expect(offers.map((o) => o.address)).to.deep.equal(["198.18.0.100"]);
    expect(exchange.ignored.map((i) => i.reason.split(" ")[0])).to.deep.equal(["xid", "chaddr", "op", "undecodable:", "DHCPACK"]);
    expect(exchange.ignored.map((i) => i.receivedAt)).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it("in SELECTING, ignores an ACK from a server it did not choose", async () => {
    const { clock, client } = setup((sent) => {
      if (messageType(sent.message) === "DISCOVER") return [{ data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.100" }) }];
      return [
        { data: replyTo(sent.message, "ACK", { yiaddr: "198.18.0.50", serverId: "198.18.0.3" }), delayMs: 1 },
        { data: replyTo(sent.message, "ACK", { yiaddr: "198.18.0.100" }), delayMs: 2 },
      ];
    });
    const result = await clock.run(client.lease());
    expect(bound(result).address).to.equal("198.18.0.100");
    expect(result.exchanges[1]!.ignored[0]!.reason).to.match(/198\.18\.0\.3/);
  });

  it("collects offers from several servers during the offer window", async () => {
    const { clock, client } = setup(
      (sent) => [
        { data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.100", serverId: "198.18.0.2" }), delayMs: 10 },
        { data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.200", serverId: "198.18.0.3" }), delayMs: 300 },
        { data: replyTo(sent.message, "OFFER", { yiaddr: "198.18.0.201", serverId: "198.18.0.4" }), delayMs: 900 },
      ],
      { offerWindowMs: 500 },
    );
    const { offers, exchange } = await clock.run(client.discover());
    expect(offers.map((o) => [o.serverId, o.address])).to.deep.equal([
      ["198.18.0.2", "198.18.0.100"],
      ["198.18.0.3", "198.18.0.200"],
    ]);
    expect(exchange.finishedAt).to.equal(510);
  });
});

describe("DhcpClient lease maintenance", () => {
  const lease = { address: "198.18.0.100", serverId: SERVER };

  it("renews by unicast to the server with ciaddr set and no server id", async () => {
    const { clock, transport, client } = setup(kindServer);
    const result = await clock.run(client.renew(lease));
    expect(result.outcome).to.equal("ack");
    const sent = transport.sent[0]!;
    expect(sent.to).to.deep.equal({ address: SERVER, port: 67 });
    expect(sent.message.ciaddr).to.equal("198.18.0.100");
    expect(findOption(sent.message.options, "dhcp-server-identifier")).to.equal(undefined);
    expect(findOption(sent.message.options, "dhcp-requested-address")).to.equal(undefined);
    if (result.outcome === "ack") expect(result.lease).to.include({ address: "198.18.0.100", leaseTime: 600 });
  });

  it("rebinds by broadcast with ciaddr set", async () => {
    const { clock, transport, client } = setup(kindServer);
    const result = await clock.run(client.rebind(lease));
    expect(result.outcome).to.equal("ack");
    expect(transport.sent[0]!.to.address).to.equal("255.255.255.255");
    expect(transport.sent[0]!.message.ciaddr).to.equal("198.18.0.100");
  });

  it("asks for a remembered address in INIT-REBOOT without a server id", async () => {
    const { clock, transport, client } = setup((sent) => [{ data: replyTo(sent.message, "NAK") }]);
    const result = await clock.run(client.reboot("198.18.9.9"));
    expect(result.outcome).to.equal("nak");
    const m = transport.sent[0]!.message;
    expect(m.ciaddr).to.equal("0.0.0.0");
    expect(optionValue(m.options, "dhcp-requested-address")).to.equal("198.18.9.9");
    expect(findOption(m.options, "dhcp-server-identifier")).to.equal(undefined);
  });

  it("releases by one unicast with ciaddr and server id and nothing else but the client id", async () => {
    const clientId = option("dhcp-client-identifier", { type: 1, id: hexToBytes("02005e100001") });
    const { clock, transport, client } = setup(kindServer, { options: [clientId, option("host-name", "probe")] });
    const exchange = await clock.run(client.release(lease));
    expect(exchange.outcome).to.equal("sent");
    expect(transport.sent).to.have.length(1);
    const sent = transport.sent[0]!;
    expect(sent.to).to.deep.equal({ address: SERVER, port: 67 });
    expect(sent.message.ciaddr).to.equal("198.18.0.100");
    expect(sent.message.flags).to.equal(0);
    expect(sent.message.options.map((o) => o.code)).to.deep.equal([53, 54, 61]);
  });

  it("declines by one broadcast naming the address and the server", async () => {
    const { clock, transport, client } = setup(kindServer);
    const exchange = await clock.run(client.decline(lease, "address answered ARP"));
    expect(exchange.outcome).to.equal("sent");
    const sent = transport.sent[0]!;
    expect(sent.to.address).to.equal("255.255.255.255");
    expect(messageType(sent.message)).to.equal("DECLINE");
    expect(sent.message.ciaddr).to.equal("0.0.0.0");
    expect(optionValue(sent.message.options, "dhcp-requested-address")).to.equal("198.18.0.100");
    expect(optionValue(sent.message.options, "dhcp-server-identifier")).to.equal(SERVER);
    expect(optionValue(sent.message.options, "dhcp-message")).to.equal("address answered ARP");
  });

  it("informs with ciaddr set, leaves out lease options, and returns the configuration", async () => {
    const { clock, transport, client } = setup(kindServer);
    const result = await clock.run(client.inform("198.18.0.9", [option("dhcp-lease-time", 60), option("user-class", { format: "raw", text: "iPXE" })]));
    expect(result.outcome).to.equal("ack");
    const m = transport.sent[0]!.message;
    expect(m.ciaddr).to.equal("198.18.0.9");
    expect(findOption(m.options, "dhcp-lease-time")).to.equal(undefined);
    expect(optionValue(m.options, "user-class")).to.deep.equal({ format: "raw", text: "iPXE" });
    if (result.outcome === "ack") {
      expect(result.message.yiaddr).to.equal("0.0.0.0");
      expect(optionValue(result.options, "routers")).to.deep.equal(["198.18.0.1"]);
    }
  });

  it("clears the broadcast flag when the client can take unicast", async () => {
    const { clock, transport, client } = setup(kindServer, { broadcast: false });
    await clock.run(client.lease());
    expect(transport.sent.map((s) => isBroadcast(s.message))).to.deep.equal([false, false]);
  });

  it("lets a per-call option replace a client-wide one of the same code", async () => {
    const { clock, transport, client } = setup(kindServer, { options: [option("host-name", "one")] });
    await clock.run(client.discover([option("host-name", "two")]));
    const names = transport.sent[0]!.message.options.filter((o) => o.code === 12).map((o) => o.value);
    expect(names).to.deep.equal(["two"]);
  });
});
