// The handler table the agent process serves: the built-in probes plus the
// ones other probe modules contribute. A new kind is one more entry here;
// DHCP joins this way once its module (src/probe/dhcp/index.ts) offers a
// handler, so the agent keeps no knowledge of a protocol it does not own.
import { builtinHandlers } from "./handlers.ts";
import type { HandlerTable } from "./handlers.ts";

export async function agentHandlers(): Promise<HandlerTable> {
  return { ...builtinHandlers };
}
