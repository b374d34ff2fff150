// Two network namespaces joined by a veth pair, for tests that run real
// servers on one side and probes on the other without Docker. Everything it
// makes (namespaces, the veth, processes started in them) goes on dispose,
// and namespaces left behind by a test process that died are pruned the next
// time a pair is created.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

const PREFIX = "ciprobe";

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], timeoutMs = 15_000): ToolResult {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: timeoutMs });
  if (r.error) throw new Error(`could not run ${command} ${args.join(" ")}: ${r.error.message}`, { cause: r.error });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ip(args: readonly string[]): void {
  const r = run("ip", args);
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")} failed (${r.status}): ${r.stderr.trim()}`);
}

/** Deletes this helper's namespaces whose creating process is gone. */
export function pruneStaleNamespaces(): void {
  for (const line of run("ip", ["netns", "list"]).stdout.split("\n")) {
    const name = line.split(" ")[0] ?? "";
    const m = new RegExp(`^${PREFIX}-(\\d+)-`).exec(name);
    if (m && !existsSync(`/proc/${m[1]}`)) run("ip", ["netns", "delete", name]);
  }
}

async function waitForOperstateUp(links: readonly (readonly [string, string])[], timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const states = links.map(([ns, dev]) => {
      const shown = JSON.parse(run("ip", ["-n", ns, "-j", "link", "show", "dev", dev]).stdout || "[]") as { operstate?: string }[];
      return shown[0]?.operstate ?? "missing";
    });
    if (states.every((s) => s === "UP")) return;
    if (Date.now() > until) throw new Error(`veth not up after ${timeoutMs} ms (operstate ${states.join(", ")})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Side {
  readonly name: string;
  /** For nsenter --net= and the probe agent's netnsPath. */
  readonly path: string;
  readonly address: string;
}

export interface Daemon {
  readonly pid: number;
  readonly process: ChildProcess;
  /** Everything it wrote to stdout and stderr so far (the last 64 KiB). */
  output(): string;
  /** Whether it has exited. */
  readonly exited: () => boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export class NetnsPair implements AsyncDisposable {
  readonly server: Side;
  readonly client: Side;
  readonly #daemons = new Set<Daemon>();
  readonly #namespaces: string[] = [];

  private constructor(server: Side, client: Side) {
    this.server = server;
    this.client = client;
  }

  /**
   * Creates both namespaces on one /24 (`subnet` is its first three octets,
   * e.g. "198.18.250") and waits until the link is up at both ends.
   */
  static async create(subnet: string): Promise<NetnsPair> {
    pruneStaleNamespaces();
    const id = `${PREFIX}-${process.pid}-${Date.now().toString(36)}`;
    const side = (role: string, host: number): Side => ({ name: `${id}-${role}`, path: `/run/netns/${id}-${role}`, address: `${subnet}.${host}` });
    const pair = new NetnsPair(side("s", 1), side("c", 2));
    // Interface names are at most 15 characters.
    const veth = `cip${process.pid.toString(36)}${Date.now().toString(36).slice(-3)}`;
    try {
      for (const s of [pair.server, pair.client]) {
        ip(["netns", "add", s.name]);
        pair.#namespaces.push(s.name);
        ip(["-n", s.name, "link", "set", "lo", "up"]);
      }
      ip(["link", "add", `${veth}s`, "netns", pair.server.name, "type", "veth", "peer", "name", `${veth}c`, "netns", pair.client.name]);
      for (const [s, dev] of [[pair.server, `${veth}s`], [pair.client, `${veth}c`]] as const) {
        ip(["-n", s.name, "addr", "add", `${s.address}/24`, "dev", dev]);
        ip(["-n", s.name, "link", "set", dev, "up"]);
      }
      // The kernel reports carrier up to a second after both ends are up
      // (linkwatch). Traffic flows before that, but whatever checks the
      // interface's RUNNING flag (os.networkInterfaces, DHCP clients) does not see it yet.
      await waitForOperstateUp([[pair.server.name, `${veth}s`], [pair.client.name, `${veth}c`]]);
    } catch (error) {
      pair.#deleteNamespaces();
      throw error;
    }
    return pair;
  }

  /** Runs a command to completion inside one side's namespace. */
  exec(side: Side, command: string, args: readonly string[], timeoutMs?: number): ToolResult {
    return run("ip", ["netns", "exec", side.name, command, ...args], timeoutMs);
  }

  /** Starts a long-running process inside one side's namespace (`ip netns exec` execs it, so the pid is the daemon's). */
  start(side: Side, command: string, args: readonly string[]): Daemon {
    const child = spawn("ip", ["netns", "exec", side.name, command, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString("utf8")).slice(-65_536);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let exited = false;
    const done = new Promise<void>((resolve) => {
      child.once("close", () => {
        exited = true;
        resolve();
      });
      child.once("error", (error) => {
        output += `\n${error.message}`;
        exited = true;
        resolve();
      });
    });
    const daemon: Daemon = {
      pid: child.pid ?? -1,
      process: child,
      output: () => output,
      exited: () => exited,
      stop: async (signal = "SIGTERM", graceMs = 3000) => {
        if (!exited) child.kill(signal);
        const timer = setTimeout(() => {
          if (!exited) child.kill("SIGKILL");
        }, graceMs);
        await done;
        clearTimeout(timer);
        this.#daemons.delete(daemon);
      },
    };
    this.#daemons.add(daemon);
    return daemon;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all([...this.#daemons].map((d) => d.stop()));
    this.#deleteNamespaces();
  }

  #deleteNamespaces(): void {
    // Deleting a namespace takes its end of the veth with it, and the peer follows.
    for (const name of this.#namespaces.splice(0)) run("ip", ["netns", "delete", name]);
  }
}
