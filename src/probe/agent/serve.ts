// The agent's loop, apart from the process so it is tested over in-memory
// streams: read request lines, run each one at once (several may be in
// flight), write each response when it is ready, and stop when the input
// ends. The harness holds the other end of the input: if it exits or
// crashes, the pipe closes and the agent goes with it.
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { HandlerTable } from "./handlers.ts";
import { parseRequest, salvageId, toWireError } from "./protocol.ts";
import type { AgentRequest, AgentResponse, ReadyEvent, RequestId } from "./protocol.ts";

export interface ServeOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly handlers: HandlerTable;
  /** The pid announced in the ready line. */
  readonly pid?: number;
}

class UnknownKindError extends Error {
  readonly reason = "unknown-kind";
  constructor(kind: string, known: readonly string[]) {
    super(`unknown request kind "${kind}"; this agent knows ${known.join(", ")}`);
    this.name = "UnknownKindError";
  }
}

/** Resolves when the input has ended; requests still running are aborted then. */
export async function serveAgent(options: ServeOptions): Promise<void> {
  const { input, output, handlers } = options;
  const kinds = Object.keys(handlers).sort();
  const shutdown = new AbortController();
  const send = (message: AgentResponse | ReadyEvent): void => {
    if (!output.writable) return;
    let line: string;
    try {
      line = JSON.stringify(message);
    } catch (error) {
      const id = "id" in message ? message.id : null;
      line = JSON.stringify({ id, ok: false, error: toWireError(new Error("the result could not be serialised as JSON", { cause: error })) });
    }
    output.write(`${line}\n`);
  };
  const answer = async (request: AgentRequest): Promise<void> => {
    const handler = Object.hasOwn(handlers, request.kind) ? handlers[request.kind] : undefined;
    try {
      if (!handler) throw new UnknownKindError(request.kind, kinds);
      const result = await handler(request.params, { signal: shutdown.signal });
      send({ id: request.id, ok: true, result: result ?? null });
    } catch (error) {
      send({ id: request.id, ok: false, error: toWireError(error) });
    }
  };
  const fail = (id: RequestId | null, error: unknown): void => send({ id, ok: false, error: toWireError(error) });

  send({ event: "ready", pid: options.pid ?? process.pid, kinds });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === "") continue;
      let request: AgentRequest;
      try {
        request = parseRequest(line);
      } catch (error) {
        fail(salvageId(line), Object.assign(error as Error, { reason: "bad-request" }));
        continue;
      }
      void answer(request);
    }
  } finally {
    shutdown.abort(new Error("the probe agent is shutting down: its input closed"));
  }
}
