// Pieces both Kea daemons share: how a config is rendered and where it logs.
import { KEA_HOOKS_DIR } from "../layout.ts";

/**
 * Kea reads plain JSON. Objects are built in a fixed key order and printed
 * as they are, so two runs over one site give the same bytes.
 */
export function renderKeaJson(config: unknown): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Full path of a hook library: Kea resolves bare names against its build-time directory, which differs between packages. */
export function keaHook(library: string): string {
  return `${KEA_HOOKS_DIR}/${library}`;
}

/** Log to stdout: the container runtime (journald on the host, the lab's log collector) keeps it. */
export function stdoutLoggers(name: string): object[] {
  return [{ name, output_options: [{ output: "stdout" }], severity: "INFO", debuglevel: 0 }];
}
