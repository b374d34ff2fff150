// The coreos-infra command. Exit codes: 0 success, 1 the site or the lab
// failed (explained on stderr), 2 bad usage.
import { Command, CommanderError } from "commander";
import { generateCommand } from "./commands/generate.ts";
import { validateCommand } from "./commands/validate.ts";
import { ReportedFailure, UsageError } from "./errors.ts";
import { registerExtraCommands } from "./registry.ts";

const program = new Command()
  .name("coreos-infra")
  .description("Generate, stand up and prove a Fedora CoreOS infrastructure pair (DNS, NTP, DHCP, PXE) from one site.yaml")
  .version("0.1.0")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command("validate")
  .description("check a site file; every problem is reported at once as FILE:LINE:COL: what; how to fix")
  .argument("<site>", "path of the site.yaml")
  .action(validateCommand);

program
  .command("generate")
  .description("write every file the pair needs: Butane and Ignition per node, the files they place, the PXE tree, docker-compose.yml")
  .argument("<site>", "path of the site.yaml")
  .requiredOption("-o, --output <dir>", "directory to write (replaced atomically)")
  .option("-d, --deployment <name>", "generate a candidate deployment of the site instead")
  .action((site: string, options: { output: string; deployment?: string }) => generateCommand(site, options));

registerExtraCommands(program);

for (const command of program.commands) command.exitOverride().showHelpAfterError("(run with --help for usage)");

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error);
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; anything else commander rejects is usage.
    return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? 0 : 2;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`coreos-infra: ${error.message}${error.hint ? `\n  ${error.hint}` : ""}\n`);
    return 2;
  }
  if (error instanceof ReportedFailure) {
    process.stderr.write(`coreos-infra: ${error.message}\n`);
    return error.exitCode;
  }
  const e = error as Error;
  process.stderr.write(`coreos-infra: ${e.message ?? String(error)}\n`);
  let cause = (e as { cause?: unknown }).cause;
  while (cause instanceof Error) {
    process.stderr.write(`  because: ${cause.message}\n`);
    cause = (cause as { cause?: unknown }).cause;
  }
  if (process.env.COREOS_INFRA_DEBUG) process.stderr.write(`${e.stack ?? ""}\n`);
  return 1;
}
