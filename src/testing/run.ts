// Runs a referee tool and returns what it said, for tests that let real
// programs judge generated files.
import { spawnSync } from "node:child_process";

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTool(command: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): ToolResult {
  const r = spawnSync(command, args, { encoding: "utf8", input: options.input, timeout: options.timeoutMs ?? 60_000 });
  if (r.error) throw new Error(`could not run ${command}: ${r.error.message}`, { cause: r.error });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Path of a tool this project builds into .cache/tools/bin (CoreDNS, Butane). */
export function builtTool(name: string): string {
  return new URL(`../../.cache/tools/bin/${name}`, import.meta.url).pathname;
}
