// Butane (fcos variant) text from a NodeConfig.
import type { Os } from "../../site/index.ts";
import type { NodeConfig } from "./node-config.ts";

export function butaneConfig(_config: NodeConfig, _os: Os): string {
  throw new Error("butaneConfig: not written yet");
}
