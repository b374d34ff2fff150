// A running lab: created from a site, or attached to by name from another
// command. It knows its plan, where its files live and each node's state,
// and it offers the node actions and the teardown.
import type Docker from "dockerode";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeArtifacts } from "../output/index.ts";
import { parseSite } from "../site/index.ts";
import type { Node, Site } from "../site/index.ts";
import { labPlan, synth } from "../synth/index.ts";
import type { LabPlan, PlanContainer } from "../synth/index.ts";
import { closeBridges, openBridges } from "./bridge-rules.ts";
import { engine } from "./engine.ts";
import { deploymentDir, labDir } from "./lab-dir.ts";
import { createContainer, createNetwork, createVolume, recreateVolume, removeContainer, startContainer } from "./materialize.ts";
import { BASE_DEPLOYMENT, initialState, readState, writeState } from "./node-state.ts";
import type { LabState, NodeState } from "./node-state.ts";
import type { CheckContext, CheckStatus, ReadinessCheck } from "./readiness.ts";
import { haState, nodeChecks, waitUntilReady } from "./readiness.ts";
import { pruneLabs, removeLabObjects } from "./cleanup.ts";
import { labFilter } from "./labels.ts";
import { whileBuilding } from "./building.ts";
import { readPlaceholders, untilAddressed } from "./addressing.ts";
import type { Placeholders } from "./addressing.ts";

export interface Progress {
  (step: string, detail?: string): void;
}

const FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

export class Lab implements AsyncDisposable {
  readonly name: string;
  readonly site: Site;
  readonly dir: string;
  readonly docker: Docker;
  readonly plan: LabPlan;
  state: LabState;
  private placeholders: Placeholders | undefined;

  private constructor(name: string, site: Site, state: LabState, docker: Docker) {
    this.name = name;
    this.site = site;
    this.dir = labDir(name);
    this.docker = docker;
    this.plan = labPlan(site, name);
    this.state = state;
  }

  /**
   * Creates the lab: writes the artifacts, makes the networks (with the
   * bridge rules), volumes and containers, and starts them. Anything a
   * crashed run of the same lab left behind is removed first.
   */
  static async create(siteText: string, sitePath: string, options: { name?: string; docker?: Docker; progress?: Progress } = {}): Promise<Lab> {
    const site = parseSite(siteText, sitePath);
    const name = options.name ?? site.name;
    const docker = options.docker ?? engine();
    let interrupted: AbortSignal | undefined;
    try {
      // A removal of this lab (Ctrl-C) stops the build at its next step instead of racing it.
      return await whileBuilding(name, (signal) => Lab.build(site, siteText, sitePath, name, docker, options.progress ?? (() => {}), (interrupted = signal)));
    } catch (error) {
      // A lab that failed while being made has nothing to inspect: it goes. An
      // interrupted one is already being removed by whoever interrupted it.
      if (!interrupted?.aborted) {
        options.progress?.("cleanup", "the lab could not be built; removing what was made of it");
        // The build's own error is the one to report; a failed cleanup is only noted.
        await pruneLabs(docker, name).catch((e: unknown) => options.progress?.("cleanup", `failed: ${(e as Error).message}; \`coreos-infra lab prune\` retries`));
      }
      throw error;
    }
  }

  private static async build(
    site: Site,
    siteText: string,
    sitePath: string,
    name: string,
    docker: Docker,
    progress: Progress,
    signal: AbortSignal,
  ): Promise<Lab> {
    await removeLabObjects(docker, name);
    const lab = new Lab(name, site, initialState(name, site.name, sitePath, site.nodes.map((n) => n.hostname)), docker);
    await mkdir(lab.dir, { recursive: true });
    await writeFile(join(lab.dir, "site.yaml"), siteText);
    await writeState(lab.dir, lab.state);
    progress("artifacts", `generating into ${deploymentDir(name, BASE_DEPLOYMENT)}`);
    await writeArtifacts(synth(site), deploymentDir(name, BASE_DEPLOYMENT));

    progress("networks", lab.plan.networks.map((n) => `${n.key} ${n.subnet}`).join(", "));
    for (const n of lab.plan.networks) {
      signal.throwIfAborted();
      await createNetwork(docker, lab.plan, n);
    }
    const opened = await openBridges(name, lab.plan.networks.map((n) => n.bridge));
    if (opened > 0) progress("networks", `${opened} bridge rule(s) let DHCP broadcasts and routed packets through`);
    await Promise.all(lab.plan.volumes.map((v) => createVolume(docker, lab.plan, v)));

    signal.throwIfAborted();
    const shared = lab.plan.containers.filter((c) => c.node === undefined);
    progress("containers", `router, clients and upstream stand-ins (${shared.length})`);
    await lab.startContainers(shared, BASE_DEPLOYMENT);
    for (const node of site.nodes) {
      signal.throwIfAborted();
      progress("containers", `${node.hostname}: namespace and services`);
      await lab.bootNode(node);
    }
    return lab;
  }

  /** Attaches to a running lab by name (for commands run after `lab up`). */
  static async attach(name: string, docker: Docker = engine()): Promise<Lab> {
    const dir = labDir(name);
    let text: string;
    try {
      text = await readFile(join(dir, "site.yaml"), "utf8");
    } catch (error) {
      throw new Error(`no lab named "${name}" is up; start one with \`coreos-infra lab up SITE\` (or see \`coreos-infra lab status\`)`, { cause: error });
    }
    const state = await readState(dir);
    return new Lab(name, parseSite(text, join(dir, "site.yaml")), state, docker);
  }

  node(name: string): Node {
    const node = this.site.nodes.find((n) => n.hostname === name || n.role === name);
    if (!node) throw new Error(`lab ${this.name} has no node "${name}"; its nodes are ${this.site.nodes.map((n) => `${n.hostname} (${n.role})`).join(", ")}`);
    return node;
  }

  nodeState(node: Node): NodeState {
    return this.state.nodes[node.hostname]!;
  }

  /** The site as the node's booted deployment makes it. */
  deploymentSite(deployment: string): Site {
    if (deployment === BASE_DEPLOYMENT) return this.site;
    const d = this.site.deployments.find((x) => x.name === deployment);
    if (!d) {
      const names = [BASE_DEPLOYMENT, ...this.site.deployments.map((x) => x.name)];
      throw new Error(`site ${this.site.name} has no deployment "${deployment}"; it has: ${names.join(", ")}`);
    }
    return d.site;
  }

  /** The node's containers as its booted deployment defines them, holder first. */
  nodeContainers(node: Node, deployment = this.nodeState(node).booted): PlanContainer[] {
    return labPlan(this.deploymentSite(deployment), this.name).containers.filter((c) => c.node === node.hostname);
  }

  containerName(key: string): string {
    return `${this.name}-${key}`;
  }

  /** A client container on the node's first segment, from which checks run. */
  clientFor(node: Node): string {
    return this.containerName(`client-${node.interfaces[0]!.segment}`);
  }

  checkContext(): CheckContext {
    return { docker: this.docker, site: this.site, clientFor: (n) => this.clientFor(n), holderOf: (n) => this.containerName(n.hostname) };
  }

  /**
   * Readiness checks for the nodes that are powered on and connected. Kea HA's
   * normal state is hot-standby with both peers up, partner-down on a
   * survivor; a caller expecting another (terminated, after clock skew) says so.
   */
  readinessChecks(haWanted?: readonly string[]): ReadinessCheck[] {
    const on = this.site.nodes.filter((n) => this.nodeState(n).power === "on" && this.nodeState(n).partitioned.length === 0);
    const wanted = haWanted ?? (on.length === 2 ? ["hot-standby"] : ["partner-down"]);
    return on.flatMap((n) => nodeChecks(this.checkContext(), n, wanted));
  }

  async waitUntilReady(options: { timeoutMs?: number; haWanted?: readonly string[]; onUpdate?: (s: readonly CheckStatus[]) => void } = {}): Promise<CheckStatus[]> {
    return waitUntilReady(this.readinessChecks(options.haWanted), options);
  }

  /** True when every node runs the site as written, powered, connected, on true time. */
  isPristine(): boolean {
    return Object.values(this.state.nodes).every((s) => s.booted === BASE_DEPLOYMENT && s.power === "on" && s.partitioned.length === 0 && s.skewSeconds === 0);
  }

  /**
   * Brings back the shared containers (router, clients, upstream stand-ins)
   * a scenario stopped: each one that is not running is made afresh from the
   * plan, as a fresh lab has it, with the containers sharing its namespace.
   * Returns the keys of the containers it made.
   */
  async restoreSharedContainers(progress: Progress = () => {}): Promise<string[]> {
    const listed = await this.docker.listContainers({ all: true, filters: labFilter(this.name) });
    const running = new Set(listed.filter((c) => c.State === "running").flatMap((c) => c.Names.map((n) => n.replace(/^\//, ""))));
    const shared = this.plan.containers.filter((c) => c.node === undefined);
    const down = new Set(shared.filter((c) => !c.joins && !running.has(c.name)).map((c) => c.key));
    const again = shared.filter((c) => down.has(c.key) || (c.joins !== undefined && (down.has(c.joins) || !running.has(c.name))));
    if (again.length === 0) return [];
    progress("restore", `${again.map((c) => c.key).join(", ")}: start as the site has them`);
    // Joined containers first: they live in a holder's namespace.
    for (const c of [...again].sort((a, b) => Number(a.joins === undefined) - Number(b.joins === undefined))) await removeContainer(this.docker, c.name);
    await this.startContainers(again, BASE_DEPLOYMENT);
    return again.map((c) => c.key);
  }

  /**
   * Brings every node back to the site as written, as a fresh lab would be,
   * without rebuilding the shared parts: nodes that were changed boot again
   * (their /var kept), and a Kea that stopped HA (terminated) restarts.
   */
  async restore(progress: Progress = () => {}): Promise<void> {
    const changed = this.site.nodes.filter((n) => {
      const s = this.nodeState(n);
      return s.booted !== BASE_DEPLOYMENT || s.power !== "on" || s.partitioned.length > 0 || s.skewSeconds !== 0;
    });
    const terminated: Node[] = [];
    for (const n of this.site.nodes) {
      if (changed.includes(n)) continue;
      const state = await haState(this.checkContext(), n).catch(() => "unreachable");
      if (state === "terminated" || state === "unreachable") terminated.push(n);
    }
    for (const n of [...changed, ...terminated]) {
      progress("restore", `${n.hostname}: boot the site as written`);
      await this.removeNodeContainers(n);
      const s = this.nodeState(n);
      Object.assign(s, { booted: BASE_DEPLOYMENT, power: "off", partitioned: [], skewSeconds: 0 });
      delete s.rollback;
      await this.bootNode(n);
    }
  }

  async saveState(): Promise<void> {
    await writeState(this.dir, this.state);
  }

  /** Creates and starts a node's containers from its booted deployment: what a boot does. */
  async bootNode(node: Node): Promise<void> {
    const state = this.nodeState(node);
    await this.ensureDeploymentArtifacts(state.booted);
    // /run is a tmpfs on the host: whatever a killed daemon left there (PID files, sockets) is gone after a boot.
    const ephemeral = new Set(this.nodeContainers(node).flatMap((c) => c.mounts.filter((m) => m.ephemeral).map((m) => m.source)));
    for (const volume of ephemeral) await recreateVolume(this.docker, this.plan, volume);
    await this.startContainers(this.nodeContainers(node), state.booted, state.skewSeconds);
    state.power = "on";
    await this.saveState();
  }

  /** Removes a node's containers; its volumes (its /var) stay. */
  async removeNodeContainers(node: Node): Promise<void> {
    const keys = new Set(this.plan.containers.filter((c) => c.node === node.hostname).map((c) => c.key));
    for (const d of this.site.deployments) for (const c of this.nodeContainers(node, d.name)) keys.add(c.key);
    // Services first: they live in the holder's namespace.
    const ordered = [...keys].sort((a, b) => Number(a === node.hostname) - Number(b === node.hostname));
    for (const key of ordered) await removeContainer(this.docker, this.containerName(key));
  }

  async ensureDeploymentArtifacts(deployment: string): Promise<void> {
    const dir = deploymentDir(this.name, deployment);
    try {
      await stat(join(dir, "docker-compose.yml"));
    } catch {
      await writeArtifacts(synth(this.deploymentSite(deployment)), dir);
    }
  }

  private async startContainers(containers: readonly PlanContainer[], deployment: string, skewSeconds = 0): Promise<void> {
    const root = deploymentDir(this.name, deployment);
    const placeholders = (this.placeholders ??= await readPlaceholders(this.docker, this.plan));
    const own = containers.filter((c) => !c.joins);
    const joined = containers.filter((c) => c.joins);
    const skew = (c: PlanContainer): Record<string, string> =>
      skewSeconds !== 0 && c.image !== this.site.images.dns && c.role === "service"
        ? { LD_PRELOAD: FAKETIME_LIB, FAKETIME: `${skewSeconds >= 0 ? "+" : ""}${skewSeconds}s`, FAKETIME_DONT_RESET: "1" }
        : {};
    for (const group of [own, joined]) {
      await Promise.all(group.map((c) => createContainer(this.docker, this.plan, c, { root, labDir: this.dir, deployment, environment: skew(c), placeholders })));
      await Promise.all(group.map((c) => startContainer(this.docker, c.name)));
      // Services bind to the site's addresses: a namespace takes them before anything joins it.
      if (group === own) await Promise.all(own.filter((c) => c.networks.length > 0).map((c) => untilAddressed(this.docker, c)));
    }
  }

  /** Removes every container, network, volume and bridge rule of the lab, and its directory. */
  async down(): Promise<void> {
    await removeLabObjects(this.docker, this.name);
    await closeBridges(this.name);
    await rm(this.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }
}
