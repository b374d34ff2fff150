// The probe agent's wire format: one JSON object per line each way.
//
//   harness → agent   {"id": 7, "kind": "dns", "params": {...}}
//   agent → harness   {"id": 7, "ok": true, "result": {...}}
//                     {"id": 7, "ok": false, "error": {"name": ..., "message": ..., "reason": ...}}
//   agent → harness   {"event": "ready", "pid": 1234, "kinds": ["dns", "ntp", ...]}  (first line)
//
// Requests are answered in the order they finish, not the order they came;
// the id pairs them up.

export type RequestId = string | number;

export interface AgentRequest {
  readonly id: RequestId;
  readonly kind: string;
  readonly params?: unknown;
}

/** An error as it crosses the pipe: enough to rebuild a readable error with its causes. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  /** A probe's failure reason ("timeout", "refused", "kiss-o-death"…). */
  readonly reason?: string;
  /** A system error code ("ECONNREFUSED", "EADDRINUSE"…). */
  readonly code?: string;
  readonly details?: unknown;
  readonly cause?: WireError;
}

export type AgentResponse =
  | { readonly id: RequestId | null; readonly ok: true; readonly result: unknown }
  | { readonly id: RequestId | null; readonly ok: false; readonly error: WireError };

export interface ReadyEvent {
  readonly event: "ready";
  readonly pid: number;
  readonly kinds: readonly string[];
}

/** Reads one request line; throws with a message fit to send back. */
export function parseRequest(line: string): AgentRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`request is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const r = value as Partial<AgentRequest> | null;
  if (!r || typeof r !== "object" || Array.isArray(r)) throw new Error("request must be a JSON object");
  if (typeof r.id !== "string" && typeof r.id !== "number") throw new Error('request needs an "id" (string or number)');
  if (typeof r.kind !== "string") throw new Error('request needs a "kind" (string)');
  return { id: r.id, kind: r.kind, params: r.params };
}

/** The id of a line that could not be parsed as a request, if it has one, so the error can be paired. */
export function salvageId(line: string): RequestId | null {
  try {
    const id = (JSON.parse(line) as { id?: unknown } | null)?.id;
    return typeof id === "string" || typeof id === "number" ? id : null;
  } catch {
    return null;
  }
}

export function toWireError(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const e = error as Error & { reason?: unknown; code?: unknown; details?: unknown };
  const wire: { -readonly [K in keyof WireError]: WireError[K] } = { name: e.name, message: e.message };
  if (typeof e.reason === "string") wire.reason = e.reason;
  if (typeof e.code === "string") wire.code = e.code;
  if (e.details !== undefined) wire.details = e.details;
  // Causes nest; a few levels say why without risking a cycle.
  if (e.cause !== undefined && depth < 4) wire.cause = toWireError(e.cause, depth + 1);
  return wire;
}

/** Rebuilds an Error from its wire form, causes included, keeping reason and code. */
export function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message, wire.cause ? { cause: fromWireError(wire.cause) } : undefined) as Error & { reason?: string; code?: string; details?: unknown };
  error.name = wire.name;
  if (wire.reason !== undefined) error.reason = wire.reason;
  if (wire.code !== undefined) error.code = wire.code;
  if (wire.details !== undefined) error.details = wire.details;
  return error;
}
