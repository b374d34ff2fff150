// Runs a build tool (mmdebstrap, go) as a child process, passing its output
// on line by line and keeping the last lines for the error if it fails.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly onLine?: (line: string) => void;
  /** Kill the command after this long; no limit when absent. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** The command could not be started or exited non-zero. */
export class CommandError extends Error {
  override readonly name = "CommandError";
  readonly command: string;
  /** "ENOENT" when the program is not installed. */
  readonly code: string | undefined;
  readonly exitCode: number | null;
  /** The last lines the command printed (both streams, interleaved). */
  readonly tail: readonly string[];
  constructor(message: string, details: { command: string; code?: string; exitCode: number | null; tail: readonly string[]; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.command = details.command;
    this.code = details.code;
    this.exitCode = details.exitCode;
    this.tail = details.tail;
  }
}

const TAIL_LINES = 25;

export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const shown = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: string[] = [];
    const err: string[] = [];
    const tail: string[] = [];
    const collect = (into: string[]) => (line: string) => {
      into.push(line);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      options.onLine?.(line);
    };
    const closed = [
      new Promise((done) => createInterface({ input: child.stdout }).on("line", collect(out)).on("close", done)),
      new Promise((done) => createInterface({ input: child.stderr }).on("line", collect(err)).on("close", done)),
    ];
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGTERM"), options.timeoutMs);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CommandError(`could not start ${command}: ${error.message}`, { command: shown, code: error.code, exitCode: null, tail, cause: error }));
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      void Promise.all(closed).then(() => {
        if (exitCode === 0) {
          resolve({ stdout: out.join("\n"), stderr: err.join("\n") });
          return;
        }
        const how = signal ? `was killed by ${signal}` : `exited with status ${exitCode}`;
        const said = tail.length > 0 ? `; its last output:\n  ${tail.join("\n  ")}` : "";
        reject(new CommandError(`${shown} ${how}${said}`, { command: shown, exitCode, tail }));
      });
    });
  });
}
