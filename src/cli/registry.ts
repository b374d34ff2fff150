// Commands beyond validate and generate: the lab, probes, scenario runs, images.
import type { Command } from "commander";
import { registerLab } from "./commands/lab.ts";
import { registerProbe } from "./commands/probe.ts";
import { registerTest } from "./commands/test.ts";

export function registerExtraCommands(program: Command): void {
  registerLab(program);
  registerProbe(program);
  registerTest(program);
}
