// The one order both renderings (Butane and Ignition) list a node's content in,
// whatever order the caller assembled it in: golden files then only change
// when the content does.
import type { NodeConfig } from "./node-config.ts";

/** Sorts files and directories by path and units by name; refuses a path or unit given twice. */
export function orderedConfig(config: NodeConfig): NodeConfig {
  const dirs = new Set(config.directories.map((d) => d.path));
  const clash = config.files.find((f) => dirs.has(f.path));
  if (clash) throw new Error(`node ${config.hostname}: ${clash.path} is given as both a file and a directory`);
  return {
    hostname: config.hostname,
    sshKeys: config.sshKeys,
    files: sortedUnique(config.files, (f) => f.path, "file", config.hostname),
    directories: sortedUnique(config.directories, (d) => d.path, "directory", config.hostname),
    units: sortedUnique(config.units, (u) => u.name, "unit", config.hostname),
  };
}

/** Unix permission bits as YAML and humans write them, e.g. "0644". */
export function octalMode(mode: number): string {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new Error(`mode ${mode} is not a set of Unix permission bits`);
  return `0${mode.toString(8).padStart(3, "0")}`;
}

function sortedUnique<T>(items: readonly T[], key: (item: T) => string, what: string, host: string): T[] {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (key(sorted[i]!) === key(sorted[i - 1]!)) {
      throw new Error(`node ${host}: ${what} ${key(sorted[i]!)} is given twice; Ignition accepts each once`);
    }
  }
  return sorted;
}
