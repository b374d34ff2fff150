// A problem found in a site, tied to the place in site.yaml that caused it.
import type { Path } from "./model.ts";

export interface Diagnostic {
  /** Path of the offending item inside the YAML document. */
  readonly at: Path;
  /** What is wrong, in the site's own words. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Point at the key of the mapping entry instead of its value. */
  readonly atKey?: boolean;
}

/** A diagnostic with its place resolved against the source text. */
export interface Located extends Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export function formatDiagnostic(d: Located): string {
  const fix = d.hint ? `; ${d.hint}` : "";
  return `${d.file}:${d.line}:${d.col}: ${d.message}${fix}`;
}

export function diag(at: Path, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { at, message } : { at, message, hint };
}

/** Thrown by the loader when a site is invalid; carries every problem at once. */
export class SiteError extends Error {
  readonly diagnostics: readonly Located[];
  constructor(diagnostics: readonly Located[]) {
    super(`${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"} in the site:\n${diagnostics.map(formatDiagnostic).join("\n")}`);
    this.name = "SiteError";
    this.diagnostics = diagnostics;
  }
}
