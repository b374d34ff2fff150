// A throwaway network of Linux network namespaces joined by veth pairs, for
// tests that need real DHCP servers, relays and clients without Docker. Every
// namespace and process it makes is removed on dispose, and namespaces left
// by a test process that died are pruned the next time one starts.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess, SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";

const PREFIX = "cidhcp";

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function ip(args: readonly string[]): RunResult {
  const r = spawnSync("ip", args, { encoding: "utf8", timeout: 10_000 });
  if (r.error) throw new Error(`could not run ip ${args.join(" ")}: ${r.error.message}`, { cause: r.error });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mustIp(args: readonly string[]): void {
  const r = ip(args);
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")} failed (${r.status}): ${r.stderr.trim()}`);
}

/** Deletes namespaces of this kind whose creating process is gone (a crashed or killed test run). */
export function pruneStaleNamespaces(): void {
  const listed = ip(["netns", "list"]).stdout;
  for (const line of listed.split("\n")) {
    const name = line.split(" ")[0] ?? "";
    const m = new RegExp(`^${PREFIX}-(\\d+)-`).exec(name);
    if (m && !existsSync(`/proc/${m[1]}`)) ip(["netns", "delete", name]);
  }
}

export interface Spawned {
  readonly process: ChildProcess;
  readonly output: () => string;
  /** Resolves when the output contains `text`; rejects on exit or timeout. */
  readonly waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
}

export class NetnsLab implements AsyncDisposable {
  readonly #id: string;
  readonly #namespaces: string[] = [];
  readonly #processes: ChildProcess[] = [];
  readonly #cleanups: (() => Promise<void>)[] = [];
  #count = 0;

  private constructor(id: string) {
    this.#id = id;
  }

  static create(): NetnsLab {
    pruneStaleNamespaces();
    return new NetnsLab(`${PREFIX}-${process.pid}-${Date.now().toString(36)}`);
  }

  /** A new namespace with lo up; `role` only makes the name readable in `ip netns list`. */
  namespace(role: string): string {
    const name = `${this.#id}-${this.#count++}-${role}`;
    mustIp(["netns", "add", name]);
    this.#namespaces.push(name);
    mustIp(["-n", name, "link", "set", "lo", "up"]);
    return name;
  }

  /** A veth pair straight between two namespaces (nothing appears in the host's namespace). */
  link(a: { ns: string; iface: string; mac?: string }, b: { ns: string; iface: string; mac?: string }): void {
    const args = ["link", "add", a.iface, "netns", a.ns];
    if (a.mac) args.push("address", a.mac);
    args.push("type", "veth", "peer", "name", b.iface, "netns", b.ns);
    if (b.mac) args.push("address", b.mac);
    mustIp(args);
    mustIp(["-n", a.ns, "link", "set", a.iface, "up"]);
    mustIp(["-n", b.ns, "link", "set", b.iface, "up"]);
  }

  address(ns: string, iface: string, cidr: string): void {
    mustIp(["-n", ns, "address", "add", cidr, "dev", iface]);
  }

  /** Runs `ip -n NS …` and fails loudly. */
  ip(ns: string, args: readonly string[]): void {
    mustIp(["-n", ns, ...args]);
  }

  /** Runs a command inside a namespace to completion. */
  exec(ns: string, command: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): RunResult {
    const r = spawnSync("ip", ["netns", "exec", ns, command, ...args], { encoding: "utf8", input: options.input, timeout: options.timeoutMs ?? 60_000 });
    if (r.error) throw new Error(`could not run ${command} in ${ns}: ${r.error.message}`, { cause: r.error });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** Starts a long-running command inside a namespace; it is stopped on dispose. */
  spawn(ns: string, command: string, args: readonly string[], options: SpawnOptions = {}): Spawned {
    const child = spawn("ip", ["netns", "exec", ns, command, ...args], { stdio: ["ignore", "pipe", "pipe"], ...options });
    this.#processes.push(child);
    let text = "";
    child.stdout?.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (text += d.toString()));
    const waitFor = (pattern: string | RegExp, timeoutMs = 15_000): Promise<void> =>
      new Promise((resolve, reject) => {
        const matches = (): boolean => (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text));
        const done = (error?: Error): void => {
          clearInterval(poll);
          clearTimeout(timer);
          child.off("exit", onExit);
          if (error) reject(error);
          else resolve();
        };
        const onExit = (code: number | null): void => done(new Error(`${command} in ${ns} exited (${code}) before printing ${String(pattern)}:\n${text}`));
        const poll = setInterval(() => matches() && done(), 20);
        const timer = setTimeout(() => done(new Error(`${command} in ${ns} did not print ${String(pattern)} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
        if (matches()) done();
        else if (child.exitCode !== null) onExit(child.exitCode);
        else child.once("exit", onExit);
      });
    return { process: child, output: () => text, waitFor };
  }

  /** Stops one process this lab started: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 3000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Runs `cleanup` on dispose, after the processes have stopped (temporary files, say). */
  defer(cleanup: () => Promise<void>): void {
    this.#cleanups.push(cleanup);
  }

  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    for (const child of this.#processes.splice(0).reverse()) {
      try {
        await this.stop(child);
      } catch (error) {
        errors.push(error);
      }
    }
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    for (const ns of this.#namespaces.splice(0).reverse()) {
      const r = ip(["netns", "delete", ns]);
      if (r.status !== 0) errors.push(new Error(`ip netns delete ${ns}: ${r.stderr.trim()}`));
    }
    if (errors.length > 0) throw new AggregateError(errors, "netns lab cleanup was incomplete");
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}
