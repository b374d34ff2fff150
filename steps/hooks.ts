// Run and scenario hooks: attach to the lab once, start every scenario from
// the site as written, attach the services' logs when a scenario fails, and
// note each scenario's result and measured outages for the summary.
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout } from "@cucumber/cucumber";
import { ScenarioSession } from "../src/scenarios/session.ts";
import type { InfraWorld, Parameters } from "./world.ts";

setDefaultTimeout(120_000);

let session: ScenarioSession | undefined;
const started = new Map<string, number>();

BeforeAll({ timeout: 60_000 }, async function () {
  const parameters = this.parameters as unknown as Parameters;
  session = await ScenarioSession.attach(parameters.lab, parameters.reportsDir);
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
    status: result?.status ?? "UNKNOWN",
    durationMs: Date.now() - (started.get(testCaseStartedId) ?? Date.now()),
    outages: this.outages,
  });
});

AfterAll(async () => {
  await session?.close();
});
