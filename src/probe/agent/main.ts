// The probe agent process. Start it inside a lab client's network namespace
//
//   nsenter --net=/proc/PID/ns/net node src/probe/agent/main.ts
//
// (agent-client.ts does this) and talk JSON lines to it over stdin/stdout,
// as protocol.ts describes. It exits when stdin closes, so an agent never
// outlives the harness that started it.
import { agentHandlers } from "./registry.ts";
import { serveAgent } from "./serve.ts";

// A harness that vanished closes our stdout too: nothing left to do.
process.stdout.on("error", () => process.exit(0));

await serveAgent({ input: process.stdin, output: process.stdout, handlers: await agentHandlers() });
// Requests still in flight were aborted; sockets they held must not keep us alive.
process.exit(0);
