// docker build of one recipe directory through the engine API (the legacy
// builder, which resolves FROM against local images and so works offline).
import type Dockerode from "dockerode";
import type { DockerMessage } from "./docker-stream.ts";
import { followDockerStream } from "./docker-stream.ts";
import type { RecipeFile } from "./recipe-hash.ts";
import type { TarEntry } from "./tar-archive.ts";
import { tarArchive } from "./tar-archive.ts";

export interface BuildRequest {
  readonly tag: string;
  /** The recipe's files, which make the build context with `extra`. */
  readonly files: readonly RecipeFile[];
  /** Files from elsewhere, e.g. a binary built from source. */
  readonly extra?: readonly TarEntry[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Each "Step n/m : …" line, as the build reaches it. */
  readonly onStep?: (line: string) => void;
}

const LOG_LINES = 30;
const LINE_LENGTH = 160;

/** Long RUN instructions would swamp a progress line or an error message. */
function shorten(line: string): string {
  const flat = line.replace(/\s+/g, " ").trim();
  return flat.length > LINE_LENGTH ? `${flat.slice(0, LINE_LENGTH - 1)}…` : flat;
}

/** Builds and tags the image; returns its id. */
export async function buildImage(docker: Dockerode, request: BuildRequest): Promise<string> {
  const context = tarArchive([
    ...request.files.map((f) => ({ name: f.path, mode: f.executable ? 0o755 : 0o644, contents: f.contents })),
    ...(request.extra ?? []),
  ]);
  const log: string[] = [];
  const onMessage = (m: DockerMessage): void => {
    for (const line of (m.stream ?? "").split("\n")) {
      if (line.trim() === "") continue;
      log.push(line);
      if (log.length > LOG_LINES) log.shift();
      if (/^Step \d+\/\d+ :/.test(line)) request.onStep?.(shorten(line));
    }
  };
  try {
    const stream = await docker.buildImage(context, {
      t: request.tag,
      labels: { ...request.labels },
      buildargs: { ...request.buildArgs },
      rm: true,
      forcerm: true,
      pull: false,
    });
    await followDockerStream(stream, onMessage);
  } catch (error) {
    const said = log.length > 0 ? `\nlast build output:\n  ${log.map(shorten).join("\n  ")}` : "";
    const why = shorten(error instanceof Error ? error.message : String(error));
    throw new Error(`docker build of ${request.tag} failed: ${why}${said}`, { cause: error });
  }
  const image = await docker.getImage(request.tag).inspect();
  return image.Id;
}
