// The harness side of the probe agent: start it inside a network namespace
// (a lab client's, by the pid of a process in it or a namespace path), send
// it requests and get typed answers back. The agent's stdin is the lifeline:
// close() ends it, and if the harness dies the kernel closes it for us.
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import { withDeadline } from "../net/index.ts";
import { fromWireError } from "./protocol.ts";
import type { AgentResponse, ReadyEvent, WireError } from "./protocol.ts";

/** Where the agent runs: the network namespace of a process, a namespace file (`/run/netns/NAME`), or here. */
export type AgentTarget = { readonly netnsPid: number } | { readonly netnsPath: string } | { readonly local: true };

export interface AgentOptions {
  readonly clock?: Clock;
  /** How long to wait for the agent's ready line; 15 s by default. */
  readonly readyTimeoutMs?: number;
  /** How long close() waits for the agent to exit before killing it; 3 s by default. */
  readonly closeTimeoutMs?: number;
  /** A name for messages ("client on segment office"). */
  readonly label?: string;
}

export const AGENT_MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

/** The agent process is gone or could not start. */
export class AgentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AgentError";
  }
}

/** A request the agent answered with an error, or that got no answer in time. */
export class AgentRequestError extends Error {
  readonly kind: string;
  /** The probe's reason ("timeout", "refused", "invalid-params"…) when it gave one. */
  readonly reason?: string;
  readonly remote?: WireError;
  constructor(kind: string, message: string, extra: { reason?: string; remote?: WireError }, options?: ErrorOptions) {
    super(message, options);
    this.name = "AgentRequestError";
    this.kind = kind;
    if (extra.reason !== undefined) this.reason = extra.reason;
    if (extra.remote !== undefined) this.remote = extra.remote;
  }
}

/** The command line that starts the agent in the target namespace. */
export function agentCommand(target: AgentTarget): { command: string; args: string[] } {
  if ("local" in target) return { command: process.execPath, args: [AGENT_MAIN] };
  const ns = "netnsPid" in target ? `/proc/${target.netnsPid}/ns/net` : target.netnsPath;
  return { command: "nsenter", args: [`--net=${ns}`, process.execPath, AGENT_MAIN] };
}

interface Pending {
  readonly resolve: (response: AgentResponse) => void;
  readonly reject: (error: Error) => void;
}

export class ProbeAgent implements AsyncDisposable {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #clock: Clock;
  readonly #options: AgentOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #stderr = "";
  #gone: AgentError | undefined;
  #closing = false;
  #kinds: readonly string[] = [];

  constructor(child: ChildProcessWithoutNullStreams, options: AgentOptions) {
    this.#child = child;
    this.#clock = options.clock ?? systemClock;
    this.#options = options;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    // Writing to an agent that just died raises EPIPE here; the exit handler reports it.
    child.stdin.on("error", () => undefined);
    this.#exited = new Promise<void>((resolve) => {
      child.once("close", (code, signal) => {
        this.#gone ??= new AgentError(`${this.label} exited (${signal ? `signal ${signal}` : `code ${code}`})${this.#stderrNote()}`);
        for (const p of this.#pending.values()) p.reject(this.#gone);
        this.#pending.clear();
        resolve();
      });
      child.once("error", (error) => {
        this.#gone ??= new AgentError(`${this.label} could not be started: ${error.message}`, { cause: error });
        resolve();
      });
    });
  }

  get label(): string {
    return `probe agent${this.#options.label ? ` (${this.#options.label})` : ""}${this.#child.pid ? ` pid ${this.#child.pid}` : ""}`;
  }

  /** The agent's pid (in the host's pid namespace). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The request kinds the agent announced. */
  get kinds(): readonly string[] {
    return this.#kinds;
  }

  /** Resolves with the ready line; called once by startAgent. */
  async ready(timeoutMs: number): Promise<ReadyEvent> {
    const lines = createInterface({ input: this.#child.stdout, crlfDelay: Infinity });
    const ready = new Promise<ReadyEvent>((resolve, reject) => {
      let first = true;
      lines.on("line", (line) => {
        if (first) {
          first = false;
          try {
            const event = JSON.parse(line) as ReadyEvent;
            if (event.event !== "ready") throw new Error(`expected the ready line, got ${line.slice(0, 200)}`);
            this.#kinds = event.kinds;
            resolve(event);
          } catch (error) {
            reject(new AgentError(`${this.label} did not start properly: ${(error as Error).message}${this.#stderrNote()}`, { cause: error }));
          }
          return;
        }
        this.#onLine(line);
      });
      void this.#exited.then(() => reject(this.#gone));
    });
    return withDeadline(
      { clock: this.#clock, timeoutMs, onTimeout: () => new AgentError(`${this.label} was not ready within ${timeoutMs} ms${this.#stderrNote()}`) },
      () => ready,
    );
  }

  /**
   * Sends one request and waits for its answer. Rejects with an
   * AgentRequestError carrying the probe's reason when the agent reports a
   * failure or gives no answer within `timeoutMs`.
   */
  async request<T = unknown>(kind: string, params: unknown, timeoutMs: number, options: { signal?: AbortSignal } = {}): Promise<T> {
    if (this.#gone) throw this.#gone;
    if (this.#closing) throw new AgentError(`${this.label} is closing; the ${kind} request was not sent`);
    const id = this.#nextId++;
    const answered = new Promise<AgentResponse>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    answered.catch(() => undefined);
    this.#child.stdin.write(`${JSON.stringify({ id, kind, params })}\n`);
    let response: AgentResponse;
    try {
      response = await withDeadline(
        {
          clock: this.#clock,
          timeoutMs,
          signal: options.signal,
          onTimeout: () => new AgentRequestError(kind, `${this.label}: no answer to the ${kind} request within ${timeoutMs} ms`, { reason: "timeout" }),
        },
        () => answered,
      );
    } finally {
      this.#pending.delete(id);
    }
    if (response.ok) return response.result as T;
    const remote = response.error;
    return Promise.reject(
      new AgentRequestError(kind, `${kind} request failed in ${this.label}: ${remote.message}`, remote.reason === undefined ? { remote } : { reason: remote.reason, remote }, {
        cause: fromWireError(remote),
      }),
    );
  }

  /** Closes the agent's input and waits for it to exit, killing it if it does not. */
  async close(): Promise<void> {
    this.#closing = true;
    if (!this.#gone) this.#child.stdin.end();
    const closeTimeoutMs = this.#options.closeTimeoutMs ?? 3000;
    const timer = new AbortController();
    const late = this.#clock.sleep(closeTimeoutMs, timer.signal).then(
      () => true,
      () => false,
    );
    const killed = await Promise.race([this.#exited.then(() => false), late]);
    timer.abort();
    if (killed) {
      this.#child.kill("SIGKILL");
      await this.#exited;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #onLine(line: string): void {
    let response: AgentResponse;
    try {
      response = JSON.parse(line) as AgentResponse;
    } catch {
      this.#stderr = `${this.#stderr}\n(stdout) ${line}`.slice(-4000);
      return;
    }
    if (typeof response.id !== "number") return;
    this.#pending.get(response.id)?.resolve(response);
  }

  #stderrNote(): string {
    const text = this.#stderr.trim();
    return text ? `; it said: ${text.slice(-1000)}` : "";
  }
}

/** Starts an agent in the target namespace and waits until it is ready for requests. */
export async function startAgent(target: AgentTarget, options: AgentOptions = {}): Promise<ProbeAgent> {
  const { command, args } = agentCommand(target);
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  const agent = new ProbeAgent(child, options);
  try {
    await agent.ready(options.readyTimeoutMs ?? 15_000);
  } catch (error) {
    await agent.close();
    throw error;
  }
  return agent;
}
