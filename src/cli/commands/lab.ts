// coreos-infra lab up|status|logs|down|prune|node
import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { ACTIONS, Lab, checkEngine, containerLogs, engine, labStatus, pruneLabs } from "../../lab/index.ts";
import type { ActionName } from "../../lab/index.ts";
import { performAction } from "../../lab/perform.ts";
import { UsageError } from "../errors.ts";
import { ensureSiteImages } from "../images.ts";
import { resolveLab, runningLabs } from "../lab-name.ts";
import { runSteps } from "../progress.ts";
import { renderStatus } from "../render-status.ts";
import { readSite } from "../site-file.ts";
import { formatDiagnostic } from "../../site/index.ts";
import { ReportedFailure } from "../errors.ts";

let interrupted = false;

/** Ctrl-C or a kill while the lab is being built leaves nothing behind. */
export function teardownOnSignal(labs: () => readonly string[]): () => void {
  const handler = (signal: NodeJS.Signals) => {
    interrupted = true;
    const names = labs();
    process.stderr.write(`\n${signal}: removing ${names.length === 1 ? "lab" : "labs"} ${names.join(", ")}…\n`);
    void (async () => {
      for (const name of names) await pruneLabs(engine(), name).catch((e: unknown) => process.stderr.write(`cleanup failed: ${(e as Error).message}\n`));
      process.exit(130);
    })();
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

async function labUp(sitePath: string, options: { name?: string; pull?: boolean; wait: boolean }): Promise<void> {
  const result = await readSite(sitePath);
  if (!result.ok) {
    for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    throw new ReportedFailure(`${result.file}: ${result.diagnostics.length} problem(s); the lab was not started`);
  }
  const site = result.site;
  const name = options.name ?? site.name;
  const text = await readFile(sitePath, "utf8");
  let lab: Lab | undefined;
  const release = teardownOnSignal(() => [name]);
  try {
    await runSteps([
      {
        title: "Container engine",
        run: async (say) => {
          const e = await checkEngine();
          say(`engine ${e.version}`);
        },
      },
      { title: "Lab images", run: (say) => ensureSiteImages(site, { pull: options.pull ?? false, say }) },
      {
        title: `Lab ${name}: networks and containers`,
        run: async (say) => {
          lab = await Lab.create(text, result.file, { name, progress: (step, detail) => say(`${step}: ${detail ?? ""}`) });
        },
      },
      ...(options.wait
        ? [
            {
              title: "Services ready",
              run: async (say: (t: string) => void) => {
                await lab!.waitUntilReady({
                  onUpdate: (statuses) => {
                    const waiting = statuses.filter((s) => !s.ready);
                    say(waiting.length === 0 ? "all ready" : `waiting for ${waiting.map((s) => `${s.check.node} ${s.check.service} (${s.detail})`).join(", ")}`);
                  },
                });
              },
            },
          ]
        : []),
    ]);
  } catch (error) {
    // Lab.create removes a lab it could not build; one that was built but is not ready stays.
    if (!interrupted && lab !== undefined) {
      process.stderr.write(`lab ${name} did not come up; it stays up for inspection (\`coreos-infra lab logs NODE\`, \`coreos-infra lab down\`)\n`);
    }
    throw error;
  } finally {
    release();
  }
  process.stdout.write(renderStatus(await labStatus(lab!)));
}

async function labStatusCommand(options: { name?: string }): Promise<void> {
  const docker = engine();
  const names = options.name ? [options.name] : await runningLabs(docker);
  if (names.length === 0) {
    process.stdout.write("no lab is up\n");
    return;
  }
  for (const name of names) process.stdout.write(renderStatus(await labStatus(await Lab.attach(name, docker))));
}

async function labLogs(nodeName: string, service: string | undefined, options: { name?: string; tail: string }): Promise<void> {
  const docker = engine();
  const lab = await Lab.attach(await resolveLab(docker, options.name), docker);
  const node = lab.node(nodeName);
  const containers = lab.nodeContainers(node).filter((c) => (service ? c.service === service || c.key === service : c.service !== undefined));
  if (containers.length === 0) {
    const services = lab.nodeContainers(node).flatMap((c) => (c.service ? [c.service] : []));
    throw new UsageError(`${node.hostname} has no service "${service}"`, `its services are: ${services.join(", ")}`);
  }
  for (const c of containers) {
    const text = await containerLogs(docker, c.name, { tail: Number(options.tail), timestamps: true });
    process.stdout.write(`==> ${node.hostname} ${c.service} (${c.name}) <==\n${text}\n`);
  }
}

async function labDown(options: { name?: string }): Promise<void> {
  const docker = engine();
  const name = await resolveLab(docker, options.name);
  const removed = await pruneLabs(docker, name);
  process.stdout.write(`lab ${name} removed: ${removed.containers} containers, ${removed.networks} networks, ${removed.volumes} volumes, ${removed.rules} bridge rules\n`);
}

async function labPrune(options: { name?: string }): Promise<void> {
  const removed = await pruneLabs(engine(), options.name);
  process.stdout.write(
    removed.labs.length === 0 && removed.containers + removed.networks + removed.volumes + removed.rules === 0
      ? "nothing to prune\n"
      : `pruned ${removed.labs.join(", ") || "leftovers"}: ${removed.containers} containers, ${removed.networks} networks, ${removed.volumes} volumes, ${removed.rules} bridge rules\n`,
  );
}

async function labNode(nodeName: string, action: string, argument: string | undefined, options: { name?: string; wait: boolean }): Promise<void> {
  if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action "${action}"`, `actions: ${ACTIONS.join(", ")}`);
  const docker = engine();
  const lab = await Lab.attach(await resolveLab(docker, options.name), docker);
  const node = lab.node(nodeName);
  await runSteps([
    { title: `${node.hostname}: ${action}${argument ? ` ${argument}` : ""}`, run: async () => performAction(lab, node, action as ActionName, argument) },
    ...(options.wait
      ? [
          {
            title: "Services ready",
            run: async (say: (t: string) => void) => {
              await lab.waitUntilReady({
                ...(action === "skew" ? { haWanted: ["hot-standby", "terminated", "partner-down"] } : {}),
                onUpdate: (statuses) => {
                  const waiting = statuses.filter((s) => !s.ready);
                  say(waiting.length === 0 ? "all ready" : `waiting for ${waiting.map((s) => `${s.check.node} ${s.check.service} (${s.detail})`).join(", ")}`);
                },
              });
            },
          },
        ]
      : []),
  ]);
  process.stdout.write(renderStatus(await labStatus(lab)));
}

export function registerLab(program: Command): void {
  const lab = program.command("lab").description("stand the site up in a lab: real daemons on isolated segments");
  lab
    .command("up")
    .description("create the lab of a site and wait until every service is ready")
    .argument("<site>", "path of the site.yaml")
    .option("-n, --name <lab>", "lab name (default: the site's name)")
    .option("--pull", "pull the images the site pins from their registries instead of building them")
    .option("--no-wait", "return once the containers run, without waiting for the services")
    .action((site: string, o: { name?: string; pull?: boolean; wait: boolean }) => labUp(site, o));
  lab
    .command("status")
    .description("nodes, addresses, deployments and the state of every service")
    .option("-n, --name <lab>", "lab name (default: every lab that is up)")
    .action(labStatusCommand);
  lab
    .command("logs")
    .description("logs of a node's services")
    .argument("<node>", "node hostname or role (primary, standby)")
    .argument("[service]", "dns, dhcp, dhcp-agent, ntp or boot (default: all)")
    .option("-n, --name <lab>", "lab name")
    .option("--tail <lines>", "lines per service", "200")
    .action(labLogs);
  lab.command("down").description("remove the lab: containers, networks, volumes, bridge rules, files").option("-n, --name <lab>", "lab name").action(labDown);
  lab
    .command("prune")
    .description("remove whatever any lab (or the one named) left behind, e.g. after a crash")
    .option("-n, --name <lab>", "only this lab")
    .action(labPrune);
  lab
    .command("node")
    .description(`act on a node: ${ACTIONS.join(", ")}`)
    .argument("<node>", "node hostname or role")
    .argument("<action>", ACTIONS.join("|"))
    .argument("[argument]", "partition: SEGMENT; upgrade: DEPLOYMENT; skew: SECONDS")
    .option("-n, --name <lab>", "lab name")
    .option("--no-wait", "do not wait for the services afterwards")
    .action(labNode);
}
