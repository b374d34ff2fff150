// Artifacts as data: a file tree that generators return and one writer puts
// on disk. Paths are relative and sorted so the output is deterministic.

export interface FileEntry {
  /** Relative path inside the output directory, with forward slashes. */
  readonly path: string;
  readonly contents: string;
  /** Unix permission bits, e.g. 0o644. */
  readonly mode: number;
}

export interface Artifacts {
  readonly files: readonly FileEntry[];
}

/** Collects files, refusing a path written twice (two generators disagreeing). */
export class TreeBuilder {
  private readonly entries = new Map<string, FileEntry>();

  add(path: string, contents: string, mode = 0o644): this {
    const clean = path.replace(/^\/+/, "");
    if (this.entries.has(clean)) throw new Error(`two generators wrote ${clean}`);
    this.entries.set(clean, { path: clean, contents, mode });
    return this;
  }

  addAll(prefix: string, files: readonly FileEntry[]): this {
    for (const f of files) this.add(`${prefix}/${f.path}`, f.contents, f.mode);
    return this;
  }

  build(): Artifacts {
    const files = [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files };
  }
}

export function file(path: string, contents: string, mode = 0o644): FileEntry {
  return { path, contents, mode };
}
