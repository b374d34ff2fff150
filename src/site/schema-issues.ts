// Turns the schema's findings into diagnostics a network engineer can act on:
// the key, the value found, what it must be, and a "did you mean" for keys.
import type { z } from "zod";
import type { Diagnostic } from "./diagnostic.ts";
import { cidrNetworkOf } from "./ip.ts";
import type { Path } from "./model.ts";
import { siteSchema } from "./schema.ts";
import { didYouMean } from "./suggest.ts";

type Def = { type: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; valueType?: unknown; in?: unknown };

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def: Def } } | undefined)?._zod?.def;
}

/** The object schema reached by following `path` from the root, unwrapping optionals. */
function schemaAt(path: Path): Def | undefined {
  let def = defOf(siteSchema);
  for (const step of path) {
    def = unwrap(def);
    if (!def) return undefined;
    if (def.type === "object" && typeof step === "string") def = defOf(def.shape?.[step]);
    else if (def.type === "array") def = defOf(def.element);
    else if (def.type === "record") def = defOf(def.valueType);
    else return undefined;
  }
  return unwrap(def);
}

function unwrap(def: Def | undefined): Def | undefined {
  let d = def;
  while (d && (d.type === "optional" || d.type === "default" || d.type === "nullable" || d.type === "pipe")) {
    d = defOf(d.type === "pipe" ? d.in : d.innerType);
  }
  return d;
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const step of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

function label(path: Path): string {
  const parts: string[] = [];
  for (const step of path) {
    if (typeof step === "number") parts.push(`[${step}]`);
    else parts.push(parts.length === 0 ? step : `.${step}`);
  }
  return parts.join("") || "the document";
}

function shown(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return JSON.stringify(value);
}

const KIND: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], data: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(schemaAt(path)?.shape ?? {});
      for (const key of issue.keys) {
        out.push({
          at: [...path, key],
          atKey: true,
          message: `unknown key "${key}" in ${label(path)}`,
          hint: didYouMean(key, known) ?? `allowed keys are: ${known.join(", ")}`,
        });
      }
      continue;
    }
    const value = valueAt(data, path);
    const key = path.length > 0 ? label(path) : "the document";
    if (issue.code === "invalid_type" && value === undefined) {
      const parent = path.slice(0, -1);
      out.push({ at: parent, message: `${key} is missing`, hint: `add \`${String(path[path.length - 1])}:\` (${KIND[issue.expected] ?? issue.expected}) to ${label(parent)}` });
      continue;
    }
    if (issue.code === "invalid_type") {
      out.push({ at: path, message: `${key} is ${shown(value)}`, hint: `it must be ${KIND[issue.expected] ?? issue.expected}` });
      continue;
    }
    const must = issue.message.startsWith("Invalid") ? issue.message : `it ${issue.message}`;
    let hint = must;
    if (typeof value === "string" && /host bits zero/.test(issue.message)) {
      const meant = cidrNetworkOf(value);
      if (meant) hint = `${must}; did you mean "${meant}"?`;
    }
    out.push({ at: path, message: value === undefined || typeof value === "object" ? `${key} is not valid` : `${key} ${shown(value)} is not valid`, hint });
  }
  return out;
}
