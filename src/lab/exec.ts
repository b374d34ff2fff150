// Running a command inside a lab container and collecting what it printed.
import type Docker from "dockerode";
import { PassThrough } from "node:stream";

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function execIn(docker: Docker, container: string, command: readonly string[], timeoutMs = 15_000): Promise<ExecResult> {
  const exec = await docker.getContainer(container).exec({ Cmd: [...command], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on("data", (c: Buffer) => chunks.out.push(c));
  err.on("data", (c: Buffer) => chunks.err.push(c));
  docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`\`${command.join(" ")}\` in ${container} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.on("end", () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(chunks.out).toString("utf8"), stderr: Buffer.concat(chunks.err).toString("utf8") };
}

/** The PID of a running container's first process: its network namespace is /proc/PID/ns/net. */
export async function pidOf(docker: Docker, container: string): Promise<number> {
  const info = await docker.getContainer(container).inspect();
  if (!info.State.Running || !info.State.Pid) throw new Error(`${container} is not running`);
  return info.State.Pid;
}
