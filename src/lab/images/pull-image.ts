// Pulling an upstream image instead of building it, for machines that can
// reach a registry. The lab's usual machine cannot: say so plainly.
import type Dockerode from "dockerode";
import { followDockerStream } from "./docker-stream.ts";

const UNREACHABLE = /dial tcp|no such host|lookup |connection refused|network is unreachable|i\/o timeout|TLS handshake timeout|context deadline exceeded|no route to host/i;

export function pullError(ref: string, error: unknown): Error {
  const said = error instanceof Error ? error.message : String(error);
  if (UNREACHABLE.test(said)) {
    return new Error(
      `cannot pull ${ref}: no container registry is reachable from this machine (${said.trim()}). Drop --pull to build the lab's images locally from their recipes.`,
      { cause: error },
    );
  }
  return new Error(`cannot pull ${ref}: ${said.trim()}. Check the reference, or drop --pull to build the image locally.`, { cause: error });
}

/** Pulls the reference and returns the image id. */
export async function pullImage(docker: Dockerode, ref: string, onStatus: (line: string) => void): Promise<string> {
  try {
    const stream = await docker.pull(ref);
    await followDockerStream(stream, (m) => {
      if (m.status && !m.progress) onStatus(m.id ? `${m.id}: ${m.status}` : m.status);
    });
    return (await docker.getImage(ref).inspect()).Id;
  } catch (error) {
    throw pullError(ref, error);
  }
}
