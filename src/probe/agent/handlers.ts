// What the agent can do, by request kind. Each handler takes the request's
// params (unchecked JSON) and a signal that aborts when the agent shuts down,
// and returns plain JSON. Adding a probe means adding an entry here.
import { networkInterfaces } from "node:os";
import { queryDns } from "../dns/index.ts";
import { queryNtp } from "../ntp/index.ts";
import { parseDnsParams, parseNtpParams } from "./params.ts";

export interface HandlerContext {
  readonly signal: AbortSignal;
}

export type Handler = (params: unknown, context: HandlerContext) => Promise<unknown>;
export type HandlerTable = Readonly<Record<string, Handler>>;

const startedAt = Date.now();

export const builtinHandlers: HandlerTable = {
  /** Liveness, and the agent's view of the wall clock. */
  ping: async () => ({ pid: process.pid, now: Date.now(), uptimeMs: Date.now() - startedAt }),
  /** The namespace's addresses: which address a client probes from. */
  interfaces: async () =>
    Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
      (addresses ?? []).map((a) => ({ name, address: a.address, family: a.family, cidr: a.cidr, mac: a.mac, internal: a.internal })),
    ),
  dns: (params, { signal }) => queryDns(parseDnsParams(params), { signal }),
  ntp: (params, { signal }) => queryNtp(parseNtpParams(params), { signal }),
};
