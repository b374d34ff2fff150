// Long work shows what it does and what it waits for: a task list that
// animates on a terminal and prints plain lines in CI logs.
import { Listr } from "listr2";

export interface Step {
  readonly title: string;
  /** `say` replaces the line under the step: what it is doing or waiting for now. */
  readonly run: (say: (text: string) => void) => Promise<void>;
}

export async function runSteps(steps: readonly Step[]): Promise<void> {
  const list = new Listr(
    steps.map((s) => ({
      title: s.title,
      task: async (_ctx: unknown, task: { output: string; title: string }) => {
        const started = Date.now();
        let last = "";
        await s.run((text) => {
          // Plain logs get a line per change, not one per poll.
          if (text === last) return;
          last = text;
          task.output = text;
        });
        task.title = `${s.title} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
      },
    })),
    { concurrent: false, exitOnError: true, registerSignalListeners: false, rendererOptions: { collapseErrors: false } },
  );
  await list.run();
}
