// A probe plan: which client to be and which operations to run, in order, as
// plain JSON. The probe agent in a lab client's namespace receives one, runs
// it and prints the results; later operations can refer to the lease an
// earlier one obtained ("lease": "last").
import { systemClock } from "../clock.ts";
import type { Clock } from "../clock.ts";
import { DhcpClient } from "./client.ts";
import type { ClientSettings, LeaseRef } from "./client.ts";
import { DhcpCodecError } from "./codec-error.ts";
import { optionFromJson } from "./option-json.ts";
import type { OptionJson } from "./option-json.ts";
import type { RetransmitPolicy } from "./retransmit.ts";
import type { DhcpTransport } from "./transport.ts";

export type LeaseSelector = "last" | LeaseRef;

export type Operation =
  | { readonly op: "discover" | "lease"; readonly options?: readonly OptionJson[] }
  | { readonly op: "renew" | "rebind"; readonly lease?: LeaseSelector; readonly options?: readonly OptionJson[] }
  | { readonly op: "release"; readonly lease?: LeaseSelector }
  | { readonly op: "decline"; readonly lease?: LeaseSelector; readonly reason?: string }
  | { readonly op: "inform" | "reboot"; readonly address: string; readonly options?: readonly OptionJson[] }
  | { readonly op: "wait"; readonly ms: number };

export interface ProbePlan {
  readonly mac: string;
  readonly broadcast?: boolean;
  readonly options?: readonly OptionJson[];
  readonly parameterRequestList?: readonly number[];
  readonly retransmit?: Partial<RetransmitPolicy>;
  readonly secs?: number;
  readonly offerWindowMs?: number;
  readonly serverPort?: number;
  readonly broadcastTo?: { readonly address: string; readonly port: number };
  readonly operations: readonly Operation[];
}

export interface OperationResult {
  readonly op: Operation["op"];
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly result: unknown;
}

export function parsePlan(text: string): ProbePlan {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new Error(`the probe plan is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const p = plan as Partial<ProbePlan> | null;
  if (!p || typeof p !== "object" || typeof p.mac !== "string" || !Array.isArray(p.operations)) {
    throw new Error('a probe plan needs "mac" (a hardware address) and "operations" (a list)');
  }
  return p as ProbePlan;
}

export async function runPlan(plan: ProbePlan, transport: DhcpTransport, clock: Clock = systemClock): Promise<OperationResult[]> {
  const settings: ClientSettings = {
    transport,
    mac: plan.mac,
    clock,
    ...(plan.broadcast !== undefined && { broadcast: plan.broadcast }),
    ...(plan.options && { options: plan.options.map(optionFromJson) }),
    ...(plan.parameterRequestList && { parameterRequestList: plan.parameterRequestList }),
    ...(plan.retransmit && { retransmit: plan.retransmit }),
    ...(plan.secs !== undefined && { secs: plan.secs }),
    ...(plan.offerWindowMs !== undefined && { offerWindowMs: plan.offerWindowMs }),
    ...(plan.serverPort !== undefined && { serverPort: plan.serverPort }),
    ...(plan.broadcastTo && { broadcastTo: plan.broadcastTo }),
  };
  const client = new DhcpClient(settings);
  let last: LeaseRef | undefined;
  const pick = (selector: LeaseSelector | undefined, op: string): LeaseRef => {
    if (selector !== undefined && selector !== "last") return selector;
    if (!last) throw new Error(`operation "${op}" refers to the last lease, but no earlier operation obtained one`);
    return last;
  };
  const results: OperationResult[] = [];
  for (const [i, operation] of plan.operations.entries()) {
    const startedAt = clock.now();
    let result: unknown;
    try {
      const extra = "options" in operation && operation.options ? operation.options.map(optionFromJson) : [];
      switch (operation.op) {
        case "discover":
          result = await client.discover(extra);
          break;
        case "lease": {
          const r = await client.lease(extra);
          if (r.outcome === "bound") last = r.lease;
          result = r;
          break;
        }
        case "renew":
        case "rebind": {
          const r = operation.op === "renew" ? await client.renew(pick(operation.lease, operation.op), extra) : await client.rebind(pick(operation.lease, operation.op), extra);
          if (r.outcome === "ack") last = r.lease;
          result = r;
          break;
        }
        case "release":
          result = await client.release(pick(operation.lease, operation.op));
          break;
        case "decline":
          result = await client.decline(pick(operation.lease, operation.op), operation.reason);
          break;
        case "inform":
          result = await client.inform(operation.address, extra);
          break;
        case "reboot": {
          const r = await client.reboot(operation.address, extra);
          if (r.outcome === "ack") last = r.lease;
          result = r;
          break;
        }
        case "wait":
          await clock.sleep(operation.ms);
          result = {};
          break;
        default:
          throw new Error(`unknown operation ${JSON.stringify(operation)}`);
      }
    } catch (error) {
      if (error instanceof DhcpCodecError) throw new Error(`operation ${i + 1} (${operation.op}) of the probe plan is malformed: ${error.message}`, { cause: error });
      throw new Error(`operation ${i + 1} (${operation.op}) of the probe plan failed: ${(error as Error).message}`, { cause: error });
    }
    results.push({ op: operation.op, startedAt, finishedAt: clock.now(), result });
  }
  return results;
}
