import { describe, it } from "node:test";
import { expect } from "chai";
import { dhcp } from "../probe/index.ts";
import { DHCP_CLIENT, STUB_RESOLVER } from "./client-models.ts";
import {
  KEA_HA_REQUEST_TIMEOUT_MS,
  clientWaitBound,
  dhcpBounds,
  dnsBound,
  peerLoss,
  rejoinBound,
  sendTimes,
  skewPastKeaLimitSeconds,
  strandedWaitBound,
  takeoverBound,
} from "./outage-bounds.ts";

/** small-office's timers; campus differs in max-response-delay (4000) and max-ack-delay (1500). */
const OFFICE = { heartbeatDelay: 1000, maxResponseDelay: 3000, maxAckDelay: 1000, maxUnackedClients: 0 };
const CLIENTS = { intervalMs: 1000, retransmit: DHCP_CLIENT };

describe("outage bounds", () => {
  it("knows the client's RFC 2131 send times with their jitter", () => {
    expect(sendTimes(dhcp.RFC2131_RETRANSMIT)).to.deep.equal({ earliest: [0, 3000, 10_000, 25_000, 56_000], latest: [0, 5000, 14_000, 31_000, 64_000] });
  });

  it("a crash or a cut is silent: one heartbeat cycle including Kea's request timeout", () => {
    const crash = takeoverBound(OFFICE, peerLoss("crash"), "standby", CLIENTS);
    expect(crash.ms).to.equal(OFFICE.heartbeatDelay + KEA_HA_REQUEST_TIMEOUT_MS);
    expect(takeoverBound(OFFICE, peerLoss("partition"), "primary", CLIENTS).ms).to.equal(crash.ms);
    expect(crash.why.join(" ")).to.match(/request timeout \(10 s\)/);
  });

  it("a silent cycle shorter than max-response-delay needs more than one failed heartbeat", () => {
    const patient = { ...OFFICE, maxResponseDelay: 30_000 };
    // 11 s cycles: 11, 22 and 33 s; 33 is the first past 30.
    expect(takeoverBound(patient, peerLoss("crash"), "standby", CLIENTS).ms).to.equal(33_000);
  });

  it("refusals alone fail over on the first heartbeat past max-response-delay", () => {
    const stop = { refusesFirst: true, thenSilent: false };
    expect(takeoverBound(OFFICE, stop, "standby", CLIENTS).ms).to.equal(4000);
    expect(takeoverBound({ ...OFFICE, maxResponseDelay: 4000 }, stop, "standby", CLIENTS).ms).to.equal(5000);
    expect(takeoverBound({ ...OFFICE, heartbeatDelay: 2000, maxResponseDelay: 5000 }, stop, "primary", CLIENTS).ms).to.equal(6000);
  });

  it("a graceful stop, refusing then silent, is at worst max-response-delay slower than a crash", () => {
    const graceful = takeoverBound(OFFICE, peerLoss("poweroff"), "standby", CLIENTS);
    const crash = takeoverBound(OFFICE, peerLoss("crash"), "standby", CLIENTS);
    expect(graceful.ms).to.equal(crash.ms + OFFICE.maxResponseDelay);
    expect(peerLoss("reboot")).to.deep.include({ refusesFirst: true, thenSilent: true });
  });

  it("a standby with max-unacked-clients waits for clients that retry past max-ack-delay; a primary does not", () => {
    const counting = { ...OFFICE, maxUnackedClients: 2, maxAckDelay: 3500 };
    // secs must exceed 3.5 s: whole seconds, so 4; the first send that surely carries 4 is the third (10 s at the earliest, 14 s at the latest).
    const standby = takeoverBound(counting, peerLoss("crash"), "standby", CLIENTS);
    expect(standby.ms).to.equal(11_000 + 14_000 + 2 * 1000);
    expect(takeoverBound(counting, peerLoss("crash"), "primary", CLIENTS).ms).to.equal(11_000);
    const never = takeoverBound({ ...counting, maxAckDelay: 120_000 }, peerLoss("crash"), "standby", CLIENTS);
    expect(never.ms).to.equal(Infinity);
    expect(never.why.at(-1)).to.match(/never declares/);
  });

  it("a client waits until its first transmission that cannot fall inside the outage", () => {
    expect(clientWaitBound(11_000, DHCP_CLIENT, 20)?.ms).to.equal(31_020);
    expect(clientWaitBound(10_000, DHCP_CLIENT, 20)?.ms).to.equal(14_020);
    expect(clientWaitBound(2000, DHCP_CLIENT, 0)?.ms).to.equal(5000);
    expect(clientWaitBound(0, DHCP_CLIENT, 7)?.ms).to.equal(7);
    expect(clientWaitBound(60_000, DHCP_CLIENT, 0)).to.equal(null);
  });

  it("puts the DHCP bounds for each action together", () => {
    const crash = dhcpBounds(OFFICE, "crash", "primary", { ...CLIENTS, exchangeMs: 20 });
    expect(crash.takeover.ms).to.equal(11_000);
    expect(crash.service.ms).to.equal(12_020);
    expect(crash.clientWait?.ms).to.equal(31_020);
    const standby = dhcpBounds(OFFICE, "partition", "standby", { ...CLIENTS, exchangeMs: 20 });
    expect(standby.takeover.ms).to.equal(11_000);
    expect(standby.takeover.why.join(" ")).to.match(/withholds every acknowledgement/);
    const reboot = dhcpBounds(OFFICE, "reboot", "primary", { ...CLIENTS, exchangeMs: 20 });
    expect(reboot.service.ms).to.equal(14_000 + rejoinBound(OFFICE).ms + 1000 + 20);
    expect(reboot.service.why.join(" ")).to.match(/waiting, syncing and ready/);
    const poweroff = dhcpBounds(OFFICE, "poweroff", "standby", { ...CLIENTS, exchangeMs: 20 });
    expect(poweroff.service.ms).to.equal(15_020);
    expect(poweroff.clientWait?.ms).to.equal(31_020);
  });

  it("after a reboot a client may be stranded by the handback until its REQUEST's schedule runs out", () => {
    expect(strandedWaitBound(18_000, DHCP_CLIENT, 20).ms).to.equal(18_000 + 129_000 + 20);
    const reboot = dhcpBounds(OFFICE, "reboot", "primary", { ...CLIENTS, exchangeMs: 20 });
    expect(reboot.clientWait?.ms).to.equal(14_000 + rejoinBound(OFFICE).ms + 129_000 + 20);
    expect(reboot.clientWait?.why.join(" ")).to.match(/no longer serves/);
  });

  it("clients that started late on their grid widen the service bound by the lateness, not the client's wait", () => {
    const busy = dhcpBounds(OFFICE, "crash", "primary", { ...CLIENTS, exchangeMs: 20, startSlipMs: 12 });
    expect(busy.service.ms).to.equal(12_032);
    expect(busy.service.why.at(-1)).to.match(/12 ms, the most a client started after its tick/);
    expect(busy.clientWait?.ms).to.equal(31_020);
  });

  it("DNS and NTP: a client that knows both nodes loses nothing", () => {
    expect(dnsBound(STUB_RESOLVER, 2)).to.deep.include({ failedQueries: 0, slowestMs: 5000 });
    expect(skewPastKeaLimitSeconds()).to.equal(90);
  });
});
