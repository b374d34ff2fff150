// Labs this process is building. Removing a lab while Lab.create still makes
// its objects would race it: the build would go on creating containers after
// the removal listed what to remove (Ctrl-C during `lab up` left some). So a
// removal first stops the build, which halts at its next step, and waits
// until it has settled.
interface Build {
  readonly controller: AbortController;
  readonly settled: Promise<void>;
}

const builds = new Map<string, Build>();

export async function whileBuilding<T>(lab: string, build: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const running = build(controller.signal);
  const entry: Build = { controller, settled: running.then(() => undefined, () => undefined) };
  builds.set(lab, entry);
  try {
    return await running;
  } finally {
    if (builds.get(lab) === entry) builds.delete(lab);
  }
}

/** Stops the builds of one lab (or of all) in this process and waits for them to settle. */
export async function stopBuilding(lab?: string): Promise<void> {
  const stopping = [...builds].filter(([name]) => lab === undefined || name === lab);
  for (const [name, b] of stopping) b.controller.abort(new Error(`lab ${name} was interrupted while it was being built, and is being removed`));
  await Promise.all(stopping.map(([, b]) => b.settled));
}
