// Ignition JSON from a NodeConfig, equal in content to the Butane rendering.
import type { Os } from "../../site/index.ts";
import type { NodeConfig } from "./node-config.ts";

export function ignitionConfig(_config: NodeConfig, _os: Os): string {
  throw new Error("ignitionConfig: not written yet");
}
