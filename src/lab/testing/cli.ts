// The coreos-infra command as a child process, the way a user (or a CI job
// that gets killed) runs it.
import type Docker from "dockerode";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../testing/fixtures.ts";
import { LAB_LABEL } from "../labels.ts";

export interface CliRun {
  readonly child: ChildProcess;
  /** Resolves when the command ended: its exit code (null when a signal killed it) and signal. */
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed so far, stdout and stderr together. */
  output(): string;
}

export function startCli(args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin", "coreos-infra.js"), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "1" },
  });
  let text = "";
  child.stdout!.on("data", (c: Buffer) => (text += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (text += c.toString("utf8")));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  return { child, ended, output: () => text };
}

export async function runCli(args: readonly string[], timeoutMs = 120_000): Promise<{ code: number | null; output: string }> {
  const run = startCli(args);
  const timer = setTimeout(() => run.child.kill("SIGKILL"), timeoutMs);
  try {
    const { code } = await run.ended;
    return { code, output: run.output() };
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the lab has at least `count` containers running, or the command ended first. */
export async function untilContainers(docker: Docker, lab: string, count: number, run: CliRun, timeoutMs = 60_000): Promise<number> {
  let ended = false;
  void run.ended.then(() => (ended = true));
  const filters = JSON.stringify({ label: [`${LAB_LABEL}=${lab}`], status: ["running"] });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = (await docker.listContainers({ filters })).length;
    if (n >= count) return n;
    if (ended) throw new Error(`\`coreos-infra ${run.child.spawnargs.slice(2).join(" ")}\` ended before ${count} containers ran:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`lab ${lab} did not get ${count} running containers within ${timeoutMs / 1000} s:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
