// The handler table the agent process serves: the built-in probes plus the
// ones other probe modules contribute. A new kind is one more entry here.
import { parsePlan, runPlan, toJsonValue, UdpTransport } from "../dhcp/index.ts";
import { builtinHandlers } from "./handlers.ts";
import type { Handler, HandlerTable } from "./handlers.ts";

/**
 * One DHCP probe plan (see src/probe/dhcp/probe-plan.ts) on its own port-68
 * socket: overlapping plans each see the broadcast replies and keep those
 * matching their own xid and MAC.
 */
const dhcp: Handler = async (params) => {
  const plan = parsePlan(JSON.stringify(params));
  const transport = await UdpTransport.open();
  try {
    return toJsonValue({ mac: plan.mac, results: await runPlan(plan, transport) });
  } finally {
    await transport.close();
  }
};

export async function agentHandlers(): Promise<HandlerTable> {
  return { ...builtinHandlers, dhcp };
}
