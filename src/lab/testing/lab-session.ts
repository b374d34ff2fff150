// One lab per test file: brought up from a fixture through the API, ready
// when every service answers, and always taken down, even after a failure
// half-way through creating it.
import { readFile } from "node:fs/promises";
import type { Site } from "../../site/index.ts";
import { fixturePath, loadFixture } from "../../testing/fixtures.ts";
import { pruneLabs } from "../cleanup.ts";
import { engine } from "../engine.ts";
import { Lab } from "../lab.ts";
import { requireLabPrerequisites } from "./prerequisites.ts";

export interface LabSession {
  readonly site: Site;
  /** Set once the lab is created; tests that run after a failed start see it undefined. */
  lab?: Lab;
}

export async function startLab(session: LabSession, fixture: string): Promise<Lab> {
  const docker = engine();
  await requireLabPrerequisites(docker, session.site);
  const path = fixturePath(fixture);
  session.lab = await Lab.create(await readFile(path, "utf8"), path, { docker });
  await session.lab.waitUntilReady({ timeoutMs: 120_000 });
  return session.lab;
}

export async function stopLab(session: LabSession): Promise<void> {
  // A lab that failed half-way through Lab.create has no object: prune it by name.
  if (session.lab) await session.lab.down();
  else await pruneLabs(engine(), session.site.name);
}

export async function labSession(fixture: string): Promise<LabSession> {
  return { site: await loadFixture(fixture) };
}

/** The running lab, or a clear failure when the lab never came up. */
export function running(session: LabSession): Lab {
  if (!session.lab) throw new Error(`the ${session.site.name} lab did not come up (see the first failure)`);
  return session.lab;
}
