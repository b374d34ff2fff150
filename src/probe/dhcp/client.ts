// A DHCPv4 client (RFC 2131 §4.4) that probes rather than configures: it
// speaks for any hardware address, never touches the interface, and returns
// what happened (every transmission, every reply, with times) instead of
// acting on it. The lab uses it to lease, renew and release on behalf of
// simulated clients and to time outages during failover.
import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import { bytesToColonHex, macToBytes } from "./bytes.ts";
import { encodeMessage, messageType } from "./codec.ts";
import type { DhcpMessage, MessageInit } from "./codec.ts";
import { runExchange } from "./exchange.ts";
import type { Exchange, ExchangeContext } from "./exchange.ts";
import { BROADCAST_FLAG, SERVER_PORT } from "./message-types.ts";
import type { MessageTypeName } from "./message-types.ts";
import { option, optionValue } from "./options.ts";
import type { DhcpOption, OptionInput } from "./options.ts";
import { checkPolicy, RFC2131_RETRANSMIT } from "./retransmit.ts";
import type { RandomSource, RetransmitPolicy } from "./retransmit.ts";
import type { DhcpTransport, Endpoint } from "./transport.ts";
import { specByName } from "./options-table.ts";

/** Asked for in every DISCOVER, REQUEST and INFORM unless the caller says otherwise. */
export const DEFAULT_PARAMETER_REQUEST_LIST: readonly number[] = [1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 66, 67, 119, 121, 150];

export interface ClientSettings {
  readonly transport: DhcpTransport;
  /** The hardware address the client speaks for (chaddr); need not be the interface's. */
  readonly mac: string;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  /**
   * Set the broadcast flag (default true). A probe's MAC is usually not its
   * interface's, and it has no address configured, so replies must be broadcast.
   */
  readonly broadcast?: boolean;
  /** Sent in DISCOVER, REQUEST and INFORM: client id, vendor class, user class, client arch, host name… */
  readonly options?: readonly OptionInput[];
  readonly parameterRequestList?: readonly number[];
  readonly retransmit?: Partial<RetransmitPolicy>;
  /** A fixed secs field; by default the seconds since the exchange (or the whole DORA) began. */
  readonly secs?: number;
  /** After the first offer, how long `discover()` keeps collecting offers from other servers. */
  readonly offerWindowMs?: number;
  /** Where broadcasts go; 255.255.255.255:67 by default. */
  readonly broadcastTo?: Endpoint;
  /** The port servers listen on, for unicast (renew, release); 67 by default. */
  readonly serverPort?: number;
}

export interface Offer {
  readonly address: string;
  readonly serverId: string;
  readonly xid: number;
  readonly receivedAt: number;
  readonly message: DhcpMessage;
}

export interface Lease {
  readonly address: string;
  readonly serverId: string;
  readonly mac: string;
  /** When the REQUEST that got the ACK was sent: the lease runs from then (RFC 2131 §4.4.1). */
  readonly obtainedAt: number;
  readonly leaseTime?: number;
  /** T1 and T2 in seconds: the server's, or the RFC 2131 §4.4.5 defaults of 0.5 and 0.875 of the lease. */
  readonly renewalTime?: number;
  readonly rebindingTime?: number;
  readonly options: readonly DhcpOption[];
  readonly ack: DhcpMessage;
}

/** Enough of a lease to renew, rebind, release or decline it (a lease read back from JSON will do). */
export type LeaseRef = Pick<Lease, "address" | "serverId">;

export interface DiscoverResult {
  readonly offers: readonly Offer[];
  readonly exchange: Exchange;
}

export interface Nak {
  readonly serverId?: string;
  /** Option 56, the server's reason. */
  readonly reason?: string;
  readonly message: DhcpMessage;
}

export type RequestResult =
  | { readonly outcome: "ack"; readonly lease: Lease; readonly exchange: Exchange }
  | { readonly outcome: "nak"; readonly nak: Nak; readonly exchange: Exchange }
  | { readonly outcome: "timeout"; readonly exchange: Exchange };

export type LeaseResult =
  | { readonly outcome: "bound"; readonly lease: Lease; readonly exchanges: readonly Exchange[] }
  | { readonly outcome: "nak"; readonly nak: Nak; readonly exchanges: readonly Exchange[] }
  | { readonly outcome: "no-offer" | "no-ack"; readonly exchanges: readonly Exchange[] };

export type InformResult =
  | { readonly outcome: "ack"; readonly options: readonly DhcpOption[]; readonly message: DhcpMessage; readonly exchange: Exchange }
  | { readonly outcome: "timeout"; readonly exchange: Exchange };

const ADDRESS_OPTIONS_FORBIDDEN_IN_INFORM = new Set([50, 51, 54]);
const CLIENT_ID = specByName("dhcp-client-identifier").code;

export class DhcpClient {
  readonly mac: string;
  readonly #settings: ClientSettings;
  readonly #ctx: ExchangeContext;
  readonly #clock: Clock;
  readonly #random: RandomSource;

  constructor(settings: ClientSettings) {
    this.mac = bytesToColonHex(macToBytes(settings.mac));
    this.#settings = settings;
    this.#clock = settings.clock ?? systemClock;
    this.#random = settings.random ?? Math.random;
    const policy = checkPolicy({ ...RFC2131_RETRANSMIT, ...settings.retransmit });
    this.#ctx = { transport: settings.transport, clock: this.#clock, random: this.#random, policy, mac: this.mac, secs: settings.secs };
  }

  /** Broadcasts DHCPDISCOVER and returns the offers (none if every try timed out). */
  async discover(extra: readonly OptionInput[] = [], acquisitionStart = this.#clock.now()): Promise<DiscoverResult> {
    const xid = this.#newXid();
    const exchange = await runExchange(this.#ctx, {
      sent: "DISCOVER",
      xid,
      destination: this.#broadcastTo,
      acquisitionStart,
      build: (secs) => this.#encode("DISCOVER", { xid, secs }, [...this.#requestOptions(), ...extra]),
      accept: (m) => expectType(m, ["OFFER"]),
      collectMs: this.#settings.offerWindowMs ?? 0,
    });
    const offers = exchange.replies.map((r) => ({
      address: r.message.yiaddr,
      serverId: optionValue(r.message.options, "dhcp-server-identifier") ?? r.from.split(":")[0]!,
      xid,
      receivedAt: r.receivedAt,
      message: r.message,
    }));
    return { offers, exchange };
  }

  /** Broadcasts DHCPREQUEST for an offer (SELECTING state) and waits for ACK or NAK from that server. */
  async request(offer: Offer, extra: readonly OptionInput[] = [], acquisitionStart = this.#clock.now()): Promise<RequestResult> {
    const options = [option("dhcp-requested-address", offer.address), option("dhcp-server-identifier", offer.serverId), ...this.#requestOptions(), ...extra];
    return this.#requestExchange(offer.xid, this.#broadcastTo, {}, options, acquisitionStart, offer.serverId);
  }

  /**
   * The whole DORA: discover, take the first offer, request it. A REQUEST
   * that gets neither ACK nor NAK on the whole retransmission schedule sends
   * the client back to INIT to start again (RFC 2131 §4.4.1), once: the
   * server that offered may have stopped serving, and another may answer a
   * new DISCOVER.
   */
  async lease(extra: readonly OptionInput[] = []): Promise<LeaseResult> {
    return this.#acquire(extra, this.#clock.now(), 1);
  }

  async #acquire(extra: readonly OptionInput[], start: number, restarts: number): Promise<LeaseResult> {
    const discovered = await this.discover(extra, start);
    const offer = discovered.offers[0];
    if (!offer) return { outcome: "no-offer", exchanges: [discovered.exchange] };
    const requested = await this.request(offer, extra, start);
    const exchanges = [discovered.exchange, requested.exchange];
    if (requested.outcome === "ack") return { outcome: "bound", lease: requested.lease, exchanges };
    if (requested.outcome === "nak") return { outcome: "nak", nak: requested.nak, exchanges };
    if (restarts === 0) return { outcome: "no-ack", exchanges };
    const again = await this.#acquire(extra, start, restarts - 1);
    return { ...again, exchanges: [...exchanges, ...again.exchanges] };
  }

  /** RENEWING: DHCPREQUEST unicast to the server that granted the lease, ciaddr set. */
  async renew(lease: LeaseRef, extra: readonly OptionInput[] = []): Promise<RequestResult> {
    const to = { address: lease.serverId, port: this.#settings.serverPort ?? SERVER_PORT };
    return this.#requestExchange(this.#newXid(), to, { ciaddr: lease.address }, [...this.#requestOptions(), ...extra], this.#clock.now());
  }

  /** REBINDING: DHCPREQUEST broadcast to any server, ciaddr set. */
  async rebind(lease: LeaseRef, extra: readonly OptionInput[] = []): Promise<RequestResult> {
    return this.#requestExchange(this.#newXid(), this.#broadcastTo, { ciaddr: lease.address }, [...this.#requestOptions(), ...extra], this.#clock.now());
  }

  /** INIT-REBOOT: DHCPREQUEST broadcast for a remembered address, no server id; a server that knows better NAKs. */
  async reboot(address: string, extra: readonly OptionInput[] = []): Promise<RequestResult> {
    const options = [option("dhcp-requested-address", address), ...this.#requestOptions(), ...extra];
    return this.#requestExchange(this.#newXid(), this.#broadcastTo, {}, options, this.#clock.now());
  }

  /** DHCPRELEASE, unicast to the server; nothing comes back. */
  async release(lease: LeaseRef): Promise<Exchange> {
    const xid = this.#newXid();
    const to = { address: lease.serverId, port: this.#settings.serverPort ?? SERVER_PORT };
    return runExchange(this.#ctx, {
      sent: "RELEASE",
      xid,
      destination: to,
      acquisitionStart: this.#clock.now(),
      // RFC 2131 Table 5: no broadcast flag, and only client id and server id besides the type.
      build: () => this.#encode("RELEASE", { xid, secs: 0, ciaddr: lease.address, flags: 0 }, [option("dhcp-server-identifier", lease.serverId), ...this.#clientId()]),
    });
  }

  /** DHCPDECLINE, broadcast: the address is in use by someone else. Nothing comes back. */
  async decline(lease: LeaseRef, reason?: string): Promise<Exchange> {
    const xid = this.#newXid();
    const options = [option("dhcp-requested-address", lease.address), option("dhcp-server-identifier", lease.serverId), ...this.#clientId()];
    if (reason !== undefined) options.push(option("dhcp-message", reason));
    return runExchange(this.#ctx, {
      sent: "DECLINE",
      xid,
      destination: this.#broadcastTo,
      acquisitionStart: this.#clock.now(),
      build: () => this.#encode("DECLINE", { xid, secs: 0, flags: 0 }, options),
    });
  }

  /**
   * DHCPINFORM for an address the client already has: configuration only, no
   * lease. Servers answer to ciaddr, so `address` must be one this host receives on.
   */
  async inform(address: string, extra: readonly OptionInput[] = [], to: Endpoint = this.#broadcastTo): Promise<InformResult> {
    const xid = this.#newXid();
    const options = [...this.#requestOptions(), ...extra].filter((o) => !ADDRESS_OPTIONS_FORBIDDEN_IN_INFORM.has(o.code));
    const exchange = await runExchange(this.#ctx, {
      sent: "INFORM",
      xid,
      destination: to,
      acquisitionStart: this.#clock.now(),
      build: (secs) => this.#encode("INFORM", { xid, secs, ciaddr: address }, options),
      accept: (m) => expectType(m, ["ACK"]),
    });
    const reply = exchange.replies[0];
    if (!reply) return { outcome: "timeout", exchange };
    return { outcome: "ack", options: reply.message.options, message: reply.message, exchange };
  }

  async #requestExchange(
    xid: number,
    to: Endpoint,
    header: Partial<MessageInit>,
    options: readonly OptionInput[],
    acquisitionStart: number,
    serverId?: string,
  ): Promise<RequestResult> {
    let sentAt = acquisitionStart;
    const exchange = await runExchange(this.#ctx, {
      sent: "REQUEST",
      xid,
      destination: to,
      acquisitionStart,
      build: (secs) => {
        sentAt = this.#clock.now();
        return this.#encode("REQUEST", { ...header, xid, secs }, options);
      },
      accept: (m) => {
        const wrongType = expectType(m, ["ACK", "NAK"]);
        if (wrongType !== undefined) return wrongType;
        const from = optionValue(m.options, "dhcp-server-identifier");
        // In SELECTING the client has chosen a server; the others' answers are not for it.
        if (serverId !== undefined && from !== undefined && from !== serverId) return `reply from server ${from}, not the selected ${serverId}`;
        return undefined;
      },
    });
    const reply = exchange.replies[0];
    if (!reply) return { outcome: "timeout", exchange };
    const message = reply.message;
    const replyServer = optionValue(message.options, "dhcp-server-identifier");
    if (messageType(message) === "NAK") {
      const reason = optionValue(message.options, "dhcp-message");
      return { outcome: "nak", nak: { ...(replyServer !== undefined && { serverId: replyServer }), ...(reason !== undefined && { reason }), message }, exchange };
    }
    // A renewal is timed from the last transmission before the ACK, not the first.
    const answered = exchange.attempts[reply.attempt - 1]?.sentAt ?? sentAt;
    return { outcome: "ack", lease: this.#leaseFrom(message, replyServer ?? serverId ?? to.address, answered), exchange };
  }

  #leaseFrom(ack: DhcpMessage, serverId: string, obtainedAt: number): Lease {
    const leaseTime = optionValue(ack.options, "dhcp-lease-time");
    const t1 = optionValue(ack.options, "dhcp-renewal-time") ?? (leaseTime === undefined ? undefined : Math.floor(leaseTime * 0.5));
    const t2 = optionValue(ack.options, "dhcp-rebinding-time") ?? (leaseTime === undefined ? undefined : Math.floor(leaseTime * 0.875));
    return {
      address: ack.yiaddr,
      serverId,
      mac: this.mac,
      obtainedAt,
      ...(leaseTime !== undefined && { leaseTime }),
      ...(t1 !== undefined && { renewalTime: t1 }),
      ...(t2 !== undefined && { rebindingTime: t2 }),
      options: ack.options,
      ack,
    };
  }

  #encode(type: MessageTypeName, header: Partial<MessageInit> & { xid: number }, options: readonly OptionInput[]): Uint8Array {
    const flags = header.flags ?? (this.#settings.broadcast === false ? 0 : BROADCAST_FLAG);
    return encodeMessage({ ...header, chaddr: this.mac, flags, options: [option("dhcp-message-type", type), ...dedupe(options)] });
  }

  #requestOptions(): OptionInput[] {
    const list = this.#settings.parameterRequestList ?? DEFAULT_PARAMETER_REQUEST_LIST;
    const prl = list.length > 0 ? [option("dhcp-parameter-request-list", list)] : [];
    return [...prl, ...(this.#settings.options ?? [])];
  }

  #clientId(): OptionInput[] {
    const id = this.#settings.options?.find((o) => o.code === CLIENT_ID);
    return id ? [id] : [];
  }

  get #broadcastTo(): Endpoint {
    return this.#settings.broadcastTo ?? { address: "255.255.255.255", port: SERVER_PORT };
  }

  #newXid(): number {
    return Math.floor(this.#random() * 2 ** 32) >>> 0;
  }
}

function expectType(message: DhcpMessage, wanted: readonly MessageTypeName[]): string | undefined {
  const type = messageType(message);
  return typeof type === "string" && wanted.includes(type) ? undefined : `DHCP${String(type ?? "(no type)")} is not what this exchange waits for (${wanted.join(" or ")})`;
}

/** Later options of the same code win: a per-call option overrides a client-wide one. */
function dedupe(options: readonly OptionInput[]): OptionInput[] {
  const byCode = new Map<number, OptionInput>();
  for (const o of options) {
    byCode.delete(o.code);
    byCode.set(o.code, o);
  }
  return [...byCode.values()];
}
