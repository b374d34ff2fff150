// A pair of servers as the probe agent would report them, on a manual clock:
// each address answers DNS and NTP, refuses, or stays silent; DHCP is served
// by whichever server is set, with clients retransmitting on the RFC 2131
// schedule (without jitter). For unit tests of the continuous probes.
import type { Clock } from "../../probe/index.ts";
import type { Requester } from "../continuous-probes.ts";

export type Answering = "up" | "down" | "refusing";
export type Timekeeping = "synchronised" | "unsynchronised" | "down";

const SCHEDULE = [0, 4000, 12_000, 28_000, 60_000];

export class FakePair implements Requester {
  readonly clock: Clock;
  readonly dns = new Map<string, Answering>();
  readonly ntp = new Map<string, Timekeeping>();
  /** Server id of the node serving DHCP now; null when no one does. */
  dhcpServer: string | null;
  /** A name the DNS probe is asked about, answered with this data. */
  answer: { name: string; type: string; data: string };
  readonly released: string[] = [];

  constructor(clock: Clock, options: { servers: readonly string[]; answer: { name: string; type: string; data: string } }) {
    this.clock = clock;
    for (const s of options.servers) {
      this.dns.set(s, "up");
      this.ntp.set(s, "synchronised");
    }
    this.dhcpServer = options.servers[0] ?? null;
    this.answer = options.answer;
  }

  async request<T>(kind: string, params: unknown, timeoutMs: number, options: { signal?: AbortSignal } = {}): Promise<T> {
    const p = params as Record<string, unknown>;
    if (kind === "dns") return (await this.#dns(p, Math.min(timeoutMs, p.timeoutMs as number), options.signal)) as T;
    if (kind === "ntp") return (await this.#ntp(p, Math.min(timeoutMs, p.timeoutMs as number), options.signal)) as T;
    if (kind === "dhcp") return (await this.#dhcp(p)) as T;
    throw new Error(`fake pair: no ${kind}`);
  }

  async #silence(ms: number, signal?: AbortSignal): Promise<never> {
    await this.clock.sleep(ms, signal);
    throw Object.assign(new Error(`timed out after ${ms} ms`), { reason: "timeout" });
  }

  async #dns(p: Record<string, unknown>, ms: number, signal?: AbortSignal): Promise<unknown> {
    const state = this.dns.get(p.server as string) ?? "down";
    if (state === "refusing") throw Object.assign(new Error("refused"), { reason: "refused" });
    if (state === "down") return this.#silence(ms, signal);
    await this.clock.sleep(2, signal);
    return { rcode: "NOERROR", server: p.server, answers: [{ name: this.answer.name, type: this.answer.type, class: "IN", ttl: 300, data: this.answer.data }] };
  }

  async #ntp(p: Record<string, unknown>, ms: number, signal?: AbortSignal): Promise<unknown> {
    const state = this.ntp.get(p.server as string) ?? "down";
    if (state === "down") return this.#silence(ms, signal);
    await this.clock.sleep(1, signal);
    return { server: p.server, synchronized: state === "synchronised", stratum: state === "synchronised" ? 3 : 16, leap: state === "synchronised" ? 0 : 3, offsetMs: 0.5 };
  }

  async #dhcp(p: Record<string, unknown>): Promise<unknown> {
    const op = (p.operations as { op: string; lease?: { address: string } }[])[0]!;
    if (op.op === "release") {
      this.released.push(op.lease!.address);
      return { mac: p.mac, results: [{ op: "release", result: {} }] };
    }
    const start = this.clock.now();
    const sends: { sentAt: number }[] = [];
    for (const at of SCHEDULE) {
      await this.clock.sleep(start + at - this.clock.now());
      sends.push({ sentAt: this.clock.now() });
      const server = this.dhcpServer;
      if (server !== null) {
        await this.clock.sleep(5);
        const offered = this.clock.now();
        const request = { startedAt: offered, finishedAt: offered + 5, attempts: [{ sentAt: offered }], replies: [{ receivedAt: offered + 5 }] };
        await this.clock.sleep(5);
        return {
          mac: p.mac,
          results: [
            {
              op: "lease",
              result: {
                outcome: "bound",
                lease: { address: `198.18.10.${100 + this.released.length}`, serverId: server },
                exchanges: [{ startedAt: start, finishedAt: offered, attempts: sends, replies: [{ receivedAt: offered }] }, request],
              },
            },
          ],
        };
      }
    }
    await this.clock.sleep(64_000);
    return { mac: p.mac, results: [{ op: "lease", result: { outcome: "no-offer", exchanges: [{ startedAt: start, finishedAt: this.clock.now(), attempts: sends, replies: [] }] } }] };
  }
}
