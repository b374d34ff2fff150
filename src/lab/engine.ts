// The Docker-API engine the lab runs on: the local Docker socket, or whatever
// DOCKER_HOST names (Podman's Docker-compatible socket included).
import Docker from "dockerode";

let shared: Docker | undefined;

export function engine(): Docker {
  shared ??= new Docker();
  return shared;
}

export class EngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EngineError";
  }
}

/** Fails with what to do when no engine answers. */
export async function checkEngine(docker: Docker = engine()): Promise<{ version: string; iptables: boolean }> {
  try {
    const version = await docker.version();
    const info = (await docker.info()) as { Name?: string; Driver?: string; SecurityOptions?: string[] };
    return { version: `${version.Version} (${info.Driver ?? "?"})`, iptables: !/podman/i.test(String(version.Components?.[0]?.Name ?? "")) };
  } catch (error) {
    const where = process.env.DOCKER_HOST ?? "/var/run/docker.sock";
    throw new EngineError(`no container engine answers at ${where}; run \`make setup\` (it starts dockerd) or set DOCKER_HOST to a running engine`, { cause: error });
  }
}

/** True when a dockerode error means "no such object". */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

/** True when a dockerode error means "already in that state" (304). */
export function isNotModified(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 304;
}
