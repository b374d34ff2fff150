// Run and scenario hooks: attach to the lab once, start every scenario from
// the site as written, attach the services' logs when a scenario fails, and
// note each scenario's result and measured outages for the summary.
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout, setParallelCanAssign } from "@cucumber/cucumber";
import { mayStartBeside } from "../src/scenarios/side-by-side.ts";
import { ScenarioSession } from "../src/scenarios/session.ts";
import type { InfraWorld, Parameters } from "./world.ts";

setDefaultTimeout(120_000);
// With labs side by side, scenarios tagged @alone run with no other beside them.
setParallelCanAssign((candidate, running) => mayStartBeside(candidate, running));

let session: ScenarioSession | undefined;
const started = new Map<string, number>();

BeforeAll({ timeout: 60_000 }, async function () {
  const parameters = this.parameters as unknown as Parameters;
  // Cucumber numbers its parallel workers from 0; a serial run has no number and one lab.
  const lab = parameters.labs[Number(process.env.CUCUMBER_WORKER_ID ?? 0)];
  if (lab === undefined) throw new Error(`worker ${process.env.CUCUMBER_WORKER_ID} has no lab of its own (labs: ${parameters.labs.join(", ")})`);
  session = await ScenarioSession.attach(lab, parameters.reportsDir);
});

Before({ timeout: 300_000 }, async function (this: InfraWorld, { testCaseStartedId }) {
  this.session = session!;
  // A scenario's time includes bringing the lab back from what the one before did to it.
  started.set(testCaseStartedId, Date.now());
  await this.session.prepare();
});

After({ timeout: 60_000 }, async function (this: InfraWorld, { pickle, gherkinDocument, result, testCaseStartedId }) {
  if (result?.status === Status.FAILED) {
    this.attach(await this.session.serviceLogs(), { mediaType: "text/plain", fileName: "service-logs.txt" });
  }
  await this.session.record({
    feature: gherkinDocument.feature?.name ?? "",
    scenario: pickle.name,
    uri: pickle.uri,
    line: pickle.location?.line ?? 0,
    status: result?.status ?? "UNKNOWN",
    durationMs: Date.now() - (started.get(testCaseStartedId) ?? Date.now()),
    startedAt: started.get(testCaseStartedId) ?? Date.now(),
    lab: this.lab.name,
    outages: this.outages,
  });
});

AfterAll(async () => {
  await session?.close();
});
