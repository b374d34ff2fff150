// Named wait strategies: a service is ready when a real client would say so —
// DNS answers, NTP serves synchronised time, Kea HA reports its normal state,
// the boot server hands out the boot script.
import type Docker from "dockerode";
import { formatIpv4 } from "../site/index.ts";
import type { Node, Site } from "../site/index.ts";
import type { ServiceName } from "../synth/index.ts";
import { execIn } from "./exec.ts";

export interface ReadinessCheck {
  readonly node: string;
  readonly service: ServiceName;
  readonly what: string;
  /** Resolves with a short status when ready; rejects with why not yet. */
  readonly probe: () => Promise<string>;
}

export interface CheckContext {
  readonly docker: Docker;
  readonly site: Site;
  /** Container that runs client-side checks for a node (a client on its first segment). */
  readonly clientFor: (node: Node) => string;
  /** The node's namespace holder container. */
  readonly holderOf: (node: Node) => string;
}

export async function haState(ctx: CheckContext, node: Node): Promise<string> {
  const ha = ctx.site.dhcp.ha;
  const url = `http://${formatIpv4(node.interfaces[0]!.address)}:${ha.port}/`;
  const r = await execIn(ctx.docker, ctx.holderOf(node), [
    "curl", "-s", "-m", "2", "-u", `${ha.user}:${ha.password}`, "-H", "Content-Type: application/json",
    "-d", '{"command":"ha-heartbeat","service":["dhcp4"]}', url,
  ]);
  if (r.exitCode !== 0) throw new Error(`control agent at ${url} does not answer (curl exit ${r.exitCode})`);
  const reply = JSON.parse(r.stdout) as { result: number; text?: string; arguments?: { state?: string } }[];
  const state = reply[0]?.arguments?.state;
  if (!state) throw new Error(`HA status not available: ${reply[0]?.text ?? r.stdout.trim()}`);
  return state;
}

export function forDnsAnswer(ctx: CheckContext, node: Node): ReadinessCheck {
  const address = formatIpv4(node.interfaces[0]!.address);
  return {
    node: node.hostname,
    service: "dns",
    what: `SOA of ${ctx.site.domain} from ${address}`,
    probe: async () => {
      const r = await execIn(ctx.docker, ctx.clientFor(node), ["dig", "+time=1", "+tries=1", "+short", `@${address}`, ctx.site.domain, "SOA"]);
      if (r.exitCode !== 0 || r.stdout.trim() === "") throw new Error(`no answer (${r.stdout.trim() || r.stderr.trim() || `dig exit ${r.exitCode}`})`);
      return "answers";
    },
  };
}

export function forNtpSync(ctx: CheckContext, node: Node): ReadinessCheck {
  const address = formatIpv4(node.interfaces[0]!.address);
  return {
    node: node.hostname,
    service: "ntp",
    what: `synchronised time from ${address}`,
    probe: async () => {
      // chronyd -Q asks once and accepts only a server that is itself synchronised.
      const r = await execIn(ctx.docker, ctx.clientFor(node), ["chronyd", "-Q", "-t", "3", `server ${address} iburst maxsamples 1`], 10_000);
      if (r.exitCode !== 0) throw new Error("not serving synchronised time yet");
      return "serves";
    },
  };
}

export function forHaState(ctx: CheckContext, node: Node, wanted: readonly string[] = ["hot-standby"]): ReadinessCheck {
  return {
    node: node.hostname,
    service: "dhcp",
    what: `Kea HA state ${wanted.join(" or ")}`,
    probe: async () => {
      const state = await haState(ctx, node);
      if (!wanted.includes(state)) throw new Error(`HA state is ${state}`);
      return `HA ${state}`;
    },
  };
}

export function forBootFiles(ctx: CheckContext, node: Node): ReadinessCheck {
  const address = formatIpv4(node.interfaces[0]!.address);
  return {
    node: node.hostname,
    service: "boot",
    what: `boot.ipxe over TFTP and HTTP from ${address}`,
    probe: async () => {
      const client = ctx.clientFor(node);
      const tftp = await execIn(ctx.docker, client, ["sh", "-c", `busybox tftp -g -r boot.ipxe -l /tmp/boot.ipxe ${address} && test -s /tmp/boot.ipxe`]);
      if (tftp.exitCode !== 0) throw new Error(`TFTP: ${tftp.stderr.trim() || "no file"}`);
      const http = await execIn(ctx.docker, client, ["curl", "-sf", "-m", "2", "-o", "/dev/null", `http://${address}:${ctx.site.pxe.httpPort}/boot.ipxe`]);
      if (http.exitCode !== 0) throw new Error(`HTTP: curl exit ${http.exitCode}`);
      return "TFTP+HTTP";
    },
  };
}

export function nodeChecks(ctx: CheckContext, node: Node, haWanted?: readonly string[]): ReadinessCheck[] {
  return [forDnsAnswer(ctx, node), forNtpSync(ctx, node), forHaState(ctx, node, haWanted), forBootFiles(ctx, node)];
}

export interface CheckStatus {
  readonly check: ReadinessCheck;
  readonly ready: boolean;
  readonly detail: string;
}

export class NotReadyError extends Error {
  readonly statuses: readonly CheckStatus[];
  constructor(statuses: readonly CheckStatus[], seconds: number) {
    const waiting = statuses.filter((s) => !s.ready);
    super(
      `not ready after ${seconds} s: ${waiting.map((s) => `${s.check.node} ${s.check.service} (${s.check.what}: ${s.detail})`).join("; ")}; ` +
        `see \`coreos-infra lab logs ${waiting[0]?.check.node ?? "NODE"}\``,
    );
    this.name = "NotReadyError";
    this.statuses = statuses;
  }
}

/** Polls every check until all pass; reports each change; fails after the timeout with what is still waiting. */
export async function waitUntilReady(
  checks: readonly ReadinessCheck[],
  options: { timeoutMs?: number; intervalMs?: number; onUpdate?: (statuses: readonly CheckStatus[]) => void } = {},
): Promise<CheckStatus[]> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = Date.now();
  let statuses: CheckStatus[] = checks.map((check) => ({ check, ready: false, detail: "waiting" }));
  for (;;) {
    statuses = await Promise.all(
      statuses.map(async (s) => {
        if (s.ready) return s;
        try {
          return { check: s.check, ready: true, detail: await s.check.probe() };
        } catch (error) {
          return { check: s.check, ready: false, detail: (error as Error).message };
        }
      }),
    );
    options.onUpdate?.(statuses);
    if (statuses.every((s) => s.ready)) return statuses;
    if (Date.now() - started > timeoutMs) throw new NotReadyError(statuses, Math.round(timeoutMs / 1000));
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 300));
  }
}
