// Waiting for the lab to settle, held to a bound: a check runs again until it
// finds nothing wrong or the bound passes. The bound comes from the site (a
// poll interval, an HA timer), never from a guess.

/**
 * Polls a check until it reports no problems or the bound passes; returns
 * the last problems (empty when it passed) and how long it took. A check
 * that throws counts as a problem, so a service still starting is waited for.
 */
export async function within(boundMs: number, check: () => Promise<string[]>, intervalMs = 250): Promise<{ problems: string[]; tookMs: number }> {
  const started = Date.now();
  for (;;) {
    let problems: string[];
    try {
      problems = await check();
    } catch (error) {
      problems = [(error as Error).message];
    }
    const tookMs = Date.now() - started;
    if (problems.length === 0 || tookMs > boundMs) return { problems, tookMs };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
