// The World of a scenario: the shared session (lab and probes) plus what the
// scenario has observed so far. Steps read the site model from here, so the
// expected answers are the site's own.
import { World, setWorldConstructor } from "@cucumber/cucumber";
import type { IWorldOptions } from "@cucumber/cucumber";
import type { Lab, LabProbes } from "../src/lab/index.ts";
import type { DnsAsk } from "../src/scenarios/dns-checks.ts";
import type { DhcpScenario } from "../src/scenarios/dhcp-checks.ts";
import type { FailoverScenario } from "../src/scenarios/failover-run.ts";
import type { NtpScenario } from "../src/scenarios/ntp-checks.ts";
import type { ScenarioSession } from "../src/scenarios/session.ts";
import type { Node, Site } from "../src/site/index.ts";

export interface Parameters {
  /** The labs of the run; a parallel worker takes the one its number names. */
  readonly labs: readonly string[];
  readonly sitePath: string;
  readonly reportsDir: string;
}

export class InfraWorld extends World<Parameters> {
  session!: ScenarioSession;
  /** DNS questions asked in this scenario, with their answers. */
  dnsAsks: DnsAsk[] = [];
  /** What the NTP steps asked and saw in this scenario. */
  ntp: NtpScenario = {};
  /** What the DHCP steps asked and saw in this scenario, and what they must undo. */
  dhcp: DhcpScenario = {};
  /** Failover, upgrade and clock-skew scenarios: the continuous probes, what was done and what they saw. */
  failover: FailoverScenario = {};
  outages: { what: string; outageMs: number; boundMs?: number }[] = [];

  constructor(options: IWorldOptions<Parameters>) {
    super(options);
  }

  get lab(): Lab {
    return this.session.lab;
  }

  get site(): Site {
    return this.session.lab.site;
  }

  get probes(): LabProbes {
    return this.session.probes;
  }

  /** A node named in a step: hostname, role ("primary", "the standby"), or "each node". */
  node(words: string): Node {
    return this.lab.node(words.replace(/^the\s+/, "").trim());
  }
}

setWorldConstructor(InfraWorld);
