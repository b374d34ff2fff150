// site.yaml text → Site, or every problem at once with its place. Pure: the
// caller reads the file; this never touches disk.
//
// A valid site is read with js-yaml and no positions (fast-parse.ts); only a
// site with something to report is read again with the `yaml` package's
// Document, whose nodes know their places, and reported from that reading.
//
// Stages, each reporting all it finds: YAML syntax (a broken document stops
// here: what follows a syntax error cannot be trusted), keys written twice,
// the schema, then normalisation and the semantic checks. Schema problems
// confined to some items do not stop the semantic checks: those items are
// set aside (see schema-repair.ts) and the rest is checked as usual.
import { LineCounter, parseDocument } from "yaml";
import { runChecks, Unsure } from "./checks/index.ts";
import { credibleNormalizeDiagnostics } from "./checks/normalized.ts";
import { namesSetAside } from "./checks/set-aside.ts";
import type { Diagnostic, Located } from "./diagnostic.ts";
import { SiteError } from "./diagnostic.ts";
import { fastParse } from "./fast-parse.ts";
import type { Path, Site } from "./model.ts";
import { normalize } from "./normalize.ts";
import { Positions } from "./positions.ts";
import { checkSchema } from "./schema-repair.ts";
import { aliasProblem, duplicateKeys, syntaxProblems } from "./yaml-issues.ts";
import type { TextProblem } from "./yaml-issues.ts";

export type LoadResult = { ok: true; site: Site } | { ok: false; diagnostics: Located[] };

export function loadSite(text: string, file = "site.yaml"): LoadResult {
  // A valid site never pays for positions: read fast, and only when there is
  // something to report read again with every node's place and report from that.
  const fast = fastParse(text);
  if (fast !== undefined && fast.data !== null && fast.data !== undefined) {
    const { site, diagnostics } = validate(fast.data, []);
    if (site !== undefined && diagnostics.length === 0) return { ok: true, site };
  }
  return loadWithPositions(text, file);
}

/**
 * The reading every report comes from: the `yaml` package's Document, whose
 * nodes know their places. loadSite gives the same result, faster for a valid site.
 */
export function loadWithPositions(text: string, file = "site.yaml"): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: false });
  const atText = (p: TextProblem): Located => ({ file, at: [], line: p.line, col: p.col, message: p.message, hint: p.hint });
  const fail = (ds: Located[]): LoadResult => ({ ok: false, diagnostics: ordered(ds) });

  if (doc.errors.length > 0) return fail(syntaxProblems(doc.errors, lines, text).map(atText));
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return fail([atText(aliasProblem(doc, lines, error))]);
  }
  const duplicates = duplicateKeys(doc, lines);
  const found: Located[] = duplicates.problems.map(atText);
  if (data === null || data === undefined) {
    return fail([...found, { file, line: 1, col: 1, at: [], message: "the site file is empty", hint: "describe at least site, segments, pair and ntp (fixtures/sites/small-office.yaml is a small example)" }]);
  }

  const positions = new Positions(doc, lines);
  const locate = (d: Diagnostic): Located => ({ ...d, file, ...positions.locate(d.at, d.atKey) });
  // The item holding a key written twice is set aside: which of the two was meant is unknown.
  const { site, diagnostics } = validate(data, duplicates.paths);
  found.push(...diagnostics.map(locate));
  if (site === undefined || found.length > 0) return fail(found);
  return { ok: true, site };
}

/**
 * The schema, then normalisation and the semantic checks on what the schema
 * leaves checkable: every problem at its path in the text as written, and the
 * site unless the schema left nothing to check.
 */
function validate(data: unknown, duplicated: readonly Path[]): { site?: Site; diagnostics: Diagnostic[] } {
  const schema = checkSchema(data, duplicated);
  const diagnostics: Diagnostic[] = [...schema.diagnostics];
  if (schema.site === undefined) return { diagnostics };

  const inDoubt = schema.unsure;
  const { site, diagnostics: derived } = normalize(schema.site);
  const credible = credibleNormalizeDiagnostics(derived, new Unsure(inDoubt));
  // What normalisation could not resolve is in doubt for the checks too: they would only report its absence.
  const unsure = new Unsure([...inDoubt, ...derived.map((d) => d.at)]);
  const pxeProfiles = new Set((schema.site.pxe?.profiles ?? []).map((p) => p.name));
  const aside = namesSetAside({ written: data, removed: schema.removed, repaired: schema.site, dropped: derived.map((d) => d.at), duplicated });
  const semantic = [...credible, ...runChecks(site, { unsure, pxeProfiles, namesSetAside: aside })];
  diagnostics.push(...semantic.map((d) => ({ ...d, at: schema.toWritten(d.at) })));
  return { site, diagnostics };
}

/** The same as loadSite, for callers that want an exception. */
export function parseSite(text: string, file = "site.yaml"): Site {
  const result = loadSite(text, file);
  if (!result.ok) throw new SiteError(result.diagnostics);
  return result.site;
}

/** Sorted by place, each problem once. */
function ordered(ds: Located[]): Located[] {
  const seen = new Set<string>();
  return ds
    .sort((a, b) => a.line - b.line || a.col - b.col || a.message.localeCompare(b.message))
    .filter((d) => {
      const key = `${d.line}:${d.col}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
