// Commands beyond validate and generate: the lab, probes, scenario runs, images.
import type { Command } from "commander";
import { registerLab } from "./commands/lab.ts";
import { registerProbe } from "./commands/probe.ts";

export function registerExtraCommands(program: Command): void {
  registerLab(program);
  registerProbe(program);
}
