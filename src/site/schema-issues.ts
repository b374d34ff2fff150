// Turns the schema's findings into diagnostics a network engineer can act on:
// the key, the value found, what it must be, and for a key the schema does not
// know, what was probably meant (a typo of a key that belongs there, or a key
// that belongs one level up or down).
import type { z } from "zod";
import type { Diagnostic } from "./diagnostic.ts";
import { cidrNetworkOf, parseIpv4 } from "./ip.ts";
import type { Path } from "./model.ts";
import { siteSchema } from "./schema.ts";
import { closest, foldKey } from "./suggest.ts";
import { ANY } from "./checks/unsure.ts";

type Def = {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  valueType?: unknown;
  in?: unknown;
  entries?: Record<string, string>;
  values?: unknown[];
};

export type Issue = z.core.$ZodIssue;

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;
}

function unwrapSchema(schema: unknown): unknown {
  let s = schema;
  for (let d = defOf(s); d && (d.type === "optional" || d.type === "default" || d.type === "nullable" || d.type === "pipe"); d = defOf(s)) {
    s = d.type === "pipe" ? d.in : d.innerType;
  }
  return s;
}

/** The schema reached by following `path` from the root, optionals unwrapped. */
export function schemaAt(path: Path): unknown {
  let schema: unknown = unwrapSchema(siteSchema);
  for (const step of path) {
    const def = defOf(schema);
    if (!def) return undefined;
    if (def.type === "object" && typeof step === "string") schema = def.shape?.[step];
    else if (def.type === "array") schema = def.element;
    else if (def.type === "record") schema = def.valueType;
    else return undefined;
    schema = unwrapSchema(schema);
  }
  return schema;
}

/** The kind of schema at `path`: "object", "array", "record", "string"... */
export function kindAt(path: Path): string | undefined {
  return defOf(schemaAt(path))?.type;
}

/** True when the key may be left out of its mapping. */
export function isOptionalKey(objectPath: Path, key: string): boolean {
  const def = defOf(schemaAt(objectPath));
  return def?.type === "object" && defOf(def.shape?.[key])?.type === "optional";
}

function knownKeys(objectPath: Path): string[] {
  const def = defOf(schemaAt(objectPath));
  return def?.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

export function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const step of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

/** A path as the user would look it up: `segments[0].dhcp.pools[1]`. */
export function label(path: Path): string {
  const parts: string[] = [];
  for (const step of path) {
    if (typeof step === "number") parts.push(`[${step}]`);
    else parts.push(parts.length === 0 ? step : `.${step}`);
  }
  return parts.join("") || "the document";
}

function shown(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return JSON.stringify(value);
}

const KIND: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: 'a list (one item per line, each starting with "- ")',
  object: "a mapping of keys to values",
  record: "a mapping of keys to values",
};

/** Units of the numeric keys, so a hint can say "seconds" where the key does not. */
const UNITS: Record<string, "seconds" | "milliseconds"> = {
  "lease-time": "seconds",
  ttl: "seconds",
  "heartbeat-delay": "milliseconds",
  "max-response-delay": "milliseconds",
  "max-ack-delay": "milliseconds",
};

function unitOf(path: Path): "seconds" | "milliseconds" | undefined {
  const key = path.findLast((step) => typeof step === "string");
  return typeof key === "string" ? UNITS[key] : undefined;
}

/** What a value at `path` must be, in words: the schema's own message where it has one. */
function expectation(path: Path, expected?: string): string {
  const schema = schemaAt(path) as { safeParse?: (v: unknown) => { success: boolean; error?: { issues: Issue[] } } } | undefined;
  const def = defOf(schema);
  if (def?.type === "enum") return `one of ${Object.values(def.entries ?? {}).join(", ")}`;
  if (def?.type === "literal") return `"${String(def.values?.[0])}"`;
  const listOf = path.at(-2);
  if (def?.type === "string" && (listOf === "allow" || listOf === "allow-query")) return "a segment name or a network in CIDR form";
  if (def?.type === "string" && schema?.safeParse) {
    // An empty string fails every check a string field has; its message says what the field must be.
    const said = schema.safeParse("").error?.issues[0]?.message;
    if (said !== undefined && !/^(Invalid|Too)/.test(said)) return said.replace(/^(it |a .+? |the .+? )?must be /, "");
  }
  if (def?.type === "number") {
    const unit = unitOf(path);
    const whole = expected === "int" || (schema?.safeParse?.(0.5).success === false && schema.safeParse(1).success);
    return `${whole ? "a whole number" : "a number"}${unit ? ` of ${unit}` : ""}`;
  }
  if (def?.type === "object") {
    const required = Object.entries(def.shape ?? {}).filter(([, v]) => defOf(v)?.type !== "optional").map(([k]) => k);
    if (required.length > 0) return `a mapping with ${required.join(", ")}`;
  }
  if (def?.type === "record") return `a mapping of names to ${expectation([...path, "*"])}`;
  return KIND[expected ?? def?.type ?? ""] ?? expected ?? "something else";
}

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)\s*$/i;
const IN_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** For a duration written with a unit ("30m"), the number the key wants. */
function durationMeant(path: Path, value: unknown): string | undefined {
  const unit = unitOf(path);
  const m = typeof value === "string" ? DURATION.exec(value) : null;
  if (!unit || !m) return undefined;
  const ms = Number(m[1]) * IN_MS[m[2]!.toLowerCase()]!;
  const n = unit === "seconds" ? ms / 1000 : ms;
  return Number.isInteger(n) ? `; did you mean ${n}?` : undefined;
}

/** For one value where a list is wanted, the list the user probably meant. */
function listMeant(path: Path, value: unknown): string | undefined {
  const element = defOf(schemaAt([...path, 0]));
  if (kindAt(path) !== "array" || element === undefined || value === "" || (typeof value !== "string" && typeof value !== "number")) return undefined;
  return `; write it as a list: [${String(value)}]`;
}

/** "it must be ..." from a schema message, whichever way the message starts. */
function itMust(message: string): string {
  return /^(must|needs|only)\b/.test(message) ? `it ${message}` : message;
}

/** What an unknown key probably meant. */
export type KeyAdvice =
  | { readonly kind: "typo"; readonly meant: string; readonly hint: string }
  /** `meant` is where the key probably belongs, in the text as written; ANY stands for any item. */
  | { readonly kind: "elsewhere"; readonly meant: Path; readonly hint: string }
  | { readonly kind: "none"; readonly hint: string };

/**
 * Advice for an unknown key of the mapping at `where` (its place in the
 * schema, and in the text as written, which differ only by corrected keys).
 */
export function adviseKey(where: Place, key: string, data: unknown): KeyAdvice {
  const known = knownKeys(where.repaired);
  const object = valueAt(data, where.written);
  const present = new Set(object !== null && typeof object === "object" ? Object.keys(object) : []);
  if (key === "<<") return { kind: "none", hint: "YAML merge keys are not supported here; write the keys out" };
  const meant = closest(key, known.filter((k) => !present.has(k)));
  if (meant !== undefined) return { kind: "typo", meant, hint: `did you mean "${meant}"?` };
  const already = closest(key, known.filter((k) => present.has(k)));
  if (already !== undefined) return { kind: "none", hint: `it looks like "${already}", which is already set here; remove one of them` };
  const below = keyBelow(where.repaired, key, known);
  if (below !== undefined) return { kind: "elsewhere", meant: [...where.written, ...below], hint: `"${key}" belongs under ${label([...where.written, ...below.slice(0, -1)])}; indent it there` };
  const above = keyAbove(where.repaired, key);
  if (above !== undefined) return { kind: "elsewhere", meant: [...where.written.slice(0, above.length), key], hint: `"${key}" belongs to ${above.length === 0 ? "the top level" : label(above)}; check the indentation of this line` };
  const homes = homesOf(key);
  if (homes.length === 1) return { kind: "elsewhere", meant: [...homes[0]!.path, key], hint: `"${key}" is a key of ${homes[0]!.shown}, not of ${label(where.written)}` };
  return { kind: "none", hint: `the keys allowed here are: ${known.join(", ")}` };
}

/** A key of a mapping one or two levels below, relative to `objectPath`. */
function keyBelow(objectPath: Path, key: string, known: readonly string[]): Path | undefined {
  const folded = foldKey(key);
  for (const child of known) {
    const kind = kindAt([...objectPath, child]);
    if (kind !== "object") continue;
    const inner = knownKeys([...objectPath, child]).find((k) => foldKey(k) === folded);
    if (inner !== undefined) return [child, inner];
  }
  for (const child of known) {
    if (kindAt([...objectPath, child]) !== "object") continue;
    for (const grandchild of knownKeys([...objectPath, child])) {
      if (kindAt([...objectPath, child, grandchild]) !== "object") continue;
      const inner = knownKeys([...objectPath, child, grandchild]).find((k) => foldKey(k) === folded);
      if (inner !== undefined) return [child, grandchild, inner];
    }
  }
  return undefined;
}

/** The nearest enclosing mapping that has this key, for a line indented one level too deep. */
function keyAbove(objectPath: Path, key: string): Path | undefined {
  const folded = foldKey(key);
  for (let n = objectPath.length - 1; n >= 0; n--) {
    const ancestor = objectPath.slice(0, n);
    if (kindAt(ancestor) !== "object") continue;
    if (knownKeys(ancestor).some((k) => foldKey(k) === folded)) return ancestor;
  }
  return undefined;
}

/** A place both in the text as written and in the site as the schema reads it after corrections. */
export interface Place {
  readonly written: Path;
  readonly repaired: Path;
}

export interface PlacedIssue extends Place {
  readonly issue: Issue;
  /** True when the written path passes through a key read as the one it resembles. */
  readonly throughRename?: boolean;
}

interface Home {
  /** The mapping's path, ANY standing for any list item or map entry. */
  readonly path: Path;
  /** The same, as the user would write it: "segments[].dhcp". */
  readonly shown: string;
}

let keyHomes: Map<string, Home[]> | undefined;

/** Every mapping of the schema that has this key. */
function homesOf(key: string): Home[] {
  if (!keyHomes) {
    const homes = new Map<string, Home[]>();
    const walk = (path: Path, shown: string, depth: number) => {
      const kind = kindAt(path);
      if (depth > 8) return;
      if (kind === "array") walk([...path, ANY], `${shown}[]`, depth + 1);
      else if (kind === "record") walk([...path, ANY], `${shown}.<name>`, depth + 1);
      else if (kind === "object") {
        for (const k of knownKeys(path)) {
          const list = homes.get(foldKey(k)) ?? [];
          list.push({ path, shown: shown || "the top level" });
          homes.set(foldKey(k), list);
          walk([...path, k], shown ? `${shown}.${k}` : k, depth + 1);
        }
      }
    };
    walk([], "", 0);
    keyHomes = homes;
  }
  return keyHomes.get(foldKey(key)) ?? [];
}

/** Keys the user misspelt, by the written path of their mapping: typo → the key meant. */
export type Typos = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

export function findTypos(placed: readonly PlacedIssue[], data: unknown): Map<string, Map<string, string>> {
  const typos = new Map<string, Map<string, string>>();
  for (const p of placed) {
    if (p.issue.code !== "unrecognized_keys") continue;
    const taken = new Set<string>();
    for (const key of p.issue.keys) {
      const advice = adviseKey(p, key, data);
      if (advice.kind !== "typo" || taken.has(advice.meant)) continue;
      taken.add(advice.meant);
      const here = typos.get(pathKey(p.written)) ?? new Map<string, string>();
      here.set(key, advice.meant);
      typos.set(pathKey(p.written), here);
    }
  }
  return typos;
}

export function plainPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.filter((p): p is string | number => typeof p !== "symbol");
}

/** The issues of one schema run on the text as written. */
export function placed(issues: readonly Issue[]): PlacedIssue[] {
  return issues.map((issue) => {
    const path = plainPath(issue.path);
    return { issue, written: path, repaired: path };
  });
}

/** True when a "missing" issue is only the other side of a typo already reported. */
export function suppliedByTypo(typos: Typos, written: Path): boolean {
  const key = written[written.length - 1];
  if (typeof key !== "string") return false;
  const here = typos.get(pathKey(written.slice(0, -1)));
  return here !== undefined && [...here.values()].includes(key);
}

export function schemaDiagnostics(issues: readonly PlacedIssue[], data: unknown, typos: Typos = findTypos(issues, data)): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A value of the wrong type fails the type's other checks too; its type is the one thing to report.
  const mistyped = new Set(issues.filter((p) => p.issue.code === "invalid_type").map((p) => pathKey(p.written)));
  for (const p of issues) {
    if (p.issue.code !== "invalid_type" && p.issue.code !== "unrecognized_keys" && mistyped.has(pathKey(p.written))) continue;
    const { issue, written } = p;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ at: [...written, key], atKey: true, message: `unknown key "${key}" in ${label(written)}`, hint: adviseKey(p, key, data).hint });
      }
      continue;
    }
    const value = valueAt(data, written);
    if (value === undefined && suppliedByTypo(typos, written)) continue;
    out.push(describe(issue, p, value));
  }
  return out;
}

function describe(issue: Issue, place: Place, value: unknown): Diagnostic {
  const path = place.written;
  const schemaPath = place.repaired;
  const key = label(path);
  const expected = issue.code === "invalid_type" ? issue.expected : undefined;
  if (value === undefined && issue.code !== "unrecognized_keys") {
    const parent = path.slice(0, -1);
    return { at: parent, message: `${key} is missing`, hint: `add \`${String(path[path.length - 1])}:\` to ${label(parent)}; it must be ${expectation(schemaPath, expected)}` };
  }
  if (value === null) return { at: path, message: `${key} is empty`, hint: `it must be ${expectation(schemaPath, expected)}` };
  switch (issue.code) {
    case "invalid_type": {
      if (issue.expected === "int" && typeof value === "number") return { at: path, message: `${key} ${value} is not a whole number`, hint: `it must be ${expectation(schemaPath, "int")}, such as ${Math.trunc(value)}` };
      const meant = durationMeant(schemaPath, value) ?? listMeant(schemaPath, value) ?? "";
      return { at: path, message: `${key} is ${shown(value)}`, hint: `it must be ${expectation(schemaPath, issue.expected)}${meant}` };
    }
    case "too_small":
    case "too_big": {
      const custom = !/^(Too|Invalid)/.test(issue.message);
      if (Array.isArray(value)) return { at: path, message: `${key} is ${value.length === 0 ? "an empty list" : "too short a list"}`, hint: custom ? itMust(issue.message) : `it needs at least ${String((issue as { minimum?: unknown }).minimum)} item(s)` };
      if (typeof value === "string") return { at: path, message: `${key} ${shown(value)} is too ${issue.code === "too_small" ? "short" : "long"}`, hint: custom ? itMust(issue.message) : "write a value" };
      const unit = unitOf(schemaPath);
      const bound = `${issue.code === "too_small" ? `${issue.inclusive ? "at least" : "above"} ${String(issue.minimum)}` : `${issue.inclusive ? "at most" : "below"} ${String(issue.maximum)}`}${unit ? ` ${unit}` : ""}`;
      return { at: path, message: `${key} ${shown(value)} is too ${issue.code === "too_small" ? "small" : "large"}`, hint: custom ? itMust(issue.message) : `it must be ${bound}` };
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const guess = typeof value === "string" ? closest(value, values) : undefined;
      const must = /^(Invalid)/.test(issue.message) ? `it must be one of ${values.join(", ")}` : itMust(issue.message);
      return { at: path, message: `${key} ${shown(value)} is not valid`, hint: guess === undefined ? must : `${must}; did you mean "${guess}"?` };
    }
    case "invalid_union":
      return { at: path, message: value === null ? `${key} is empty` : `${key} ${shown(value)} is not valid`, hint: `it must be ${unionExpectation(issue)}` };
    default:
      return typeof value === "string" ? badText(issue, path, value) : { at: path, message: `${key} ${shown(value)} is not valid`, hint: itMust(issue.message) };
  }
}

function unionExpectation(issue: Extract<Issue, { code: "invalid_union" }>): string {
  const kinds = issue.errors.flatMap((branch) => branch.filter((i) => i.code === "invalid_type").map((i) => KIND[(i as { expected: string }).expected] ?? (i as { expected: string }).expected));
  return kinds.length > 0 ? [...new Set(kinds)].join(" or ") : "something else";
}

/** A string the schema refused: say what exactly is wrong with the common address mistakes. */
function badText(issue: Issue, path: Path, value: string): Diagnostic {
  const key = label(path);
  const must = itMust(issue.message);
  if (/CIDR/.test(issue.message)) {
    const meant = cidrNetworkOf(value);
    if (meant !== undefined && meant !== value) {
      return { at: path, message: `${key} "${value}" has host bits set`, hint: `a network address has them zero; did you mean "${meant}"?` };
    }
  }
  if (/address range/.test(issue.message) && value.includes("-") && !value.includes("/")) {
    const parts = value.split("-").map((s) => s.trim());
    const bad = parts.find((p) => parseIpv4(p) === undefined);
    if (parts.length === 2 && bad !== undefined) return { at: path, message: `${key} "${value}": "${bad}" is not an IPv4 address`, hint: must };
    if (parts.length === 2) return { at: path, message: `${key} "${value}" starts above where it ends`, hint: `write the lower address first: "${parts[1]}-${parts[0]}"` };
  }
  return { at: path, message: `${key} "${value}" is not valid`, hint: must };
}
