// Podman quadlet .container files from service specs.
import type { ServiceSpec } from "../services.ts";
import type { HostFile } from "./node-config.ts";

export function quadletFile(_service: ServiceSpec): HostFile {
  throw new Error("quadletFile: not written yet");
}
