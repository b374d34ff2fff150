// Commands beyond validate and generate: the lab, probes, scenario runs, images.
import type { Command } from "commander";

export function registerExtraCommands(_program: Command): void {
  // Filled in as the lab, probe and test commands land.
}
