// What a lab container printed: Docker frames stdout and stderr in one stream
// (8-byte headers, then the payload); this unframes it.
import type Docker from "dockerode";

export function demux(buffer: Buffer): string {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(i + 4);
    out.push(buffer.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(out).toString("utf8");
}

export async function containerLogs(docker: Docker, container: string, options: { tail?: number; timestamps?: boolean } = {}): Promise<string> {
  const raw = (await docker.getContainer(container).logs({ stdout: true, stderr: true, tail: options.tail ?? 200, timestamps: options.timestamps ?? false })) as unknown as Buffer;
  return demux(raw);
}
