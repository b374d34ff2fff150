// site.yaml text → Site, or every problem at once with its place. Pure: the
// caller reads the file; this never touches disk.
import { LineCounter, parseDocument } from "yaml";
import { runChecks } from "./checks/index.ts";
import type { Diagnostic, Located } from "./diagnostic.ts";
import { SiteError } from "./diagnostic.ts";
import type { Site } from "./model.ts";
import { normalize } from "./normalize.ts";
import { Positions } from "./positions.ts";
import { schemaDiagnostics } from "./schema-issues.ts";
import { siteSchema } from "./schema.ts";

export type LoadResult = { ok: true; site: Site } | { ok: false; diagnostics: Located[] };

export function loadSite(text: string, file = "site.yaml"): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
        return { file, line: pos.line, col: pos.col, at: [], message: `YAML: ${firstLine(e.message)}`, hint: yamlHint(e.code) };
      }),
    };
  }
  const positions = new Positions(doc, lines);
  const locate = (ds: readonly Diagnostic[]): Located[] =>
    ds
      .map((d) => ({ ...d, file, ...positions.locate(d.at, d.atKey) }))
      .sort((a, b) => a.line - b.line || a.col - b.col || a.message.localeCompare(b.message));

  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    return { ok: false, diagnostics: [{ file, line: 1, col: 1, at: [], message: "the site file is empty", hint: "start from fixtures/sites/small-office.yaml" }] };
  }
  const parsed = siteSchema.safeParse(data);
  if (!parsed.success) return { ok: false, diagnostics: locate(schemaDiagnostics(parsed.error.issues, data)) };

  const { site, diagnostics } = normalize(parsed.data);
  const all = [...diagnostics, ...runChecks(site)];
  if (all.length > 0) return { ok: false, diagnostics: dedupe(locate(all)) };
  return { ok: true, site };
}

/** The same as loadSite, for callers that want an exception. */
export function parseSite(text: string, file = "site.yaml"): Site {
  const result = loadSite(text, file);
  if (!result.ok) throw new SiteError(result.diagnostics);
  return result.site;
}

function dedupe(ds: Located[]): Located[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.line}:${d.col}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function yamlHint(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "a key may appear once in a mapping; remove or merge the duplicate";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation: items of one mapping or list line up in the same column";
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    default:
      return "fix the YAML syntax at this place";
  }
}
