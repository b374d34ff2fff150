// The fast way to read site.yaml: js-yaml, with no positions kept. The loader
// reads with it first and turns to the `yaml` package's Document (slower, but
// every node knows its place) only when there is something to report. So the
// fast reading must never accept a text the Document reading would refuse or
// read differently: where the two parsers are known to part ways, this gives
// up (returns undefined) and the loader takes the slow path, which decides.
//
// Where they part ways (each case is in fast-parse.test.ts):
// - a number too large for a double: `yaml` reads Infinity, js-yaml a string;
// - keys that are not strings: `yaml` writes `~:` as "", js-yaml as "null";
// - a `%YAML 1.1` directive switches `yaml` to YAML 1.1 (`yes` is true there);
// - explicit tags: `yaml` keeps unknown ones as strings, js-yaml refuses them;
// - an implicit key longer than 1024 characters is an error for `yaml` only;
// - duplicate keys: js-yaml refuses them, the loader reports them with places.
// Aliases are left to the slow path too: it bounds how far they expand.
import { CORE_SCHEMA, EVENT_ID, NOT_RESOLVED, constructFromEvents, defineMappingTag, defineScalarTag, floatCoreTag, intCoreTag, parseEvents } from "js-yaml";
import type { Event, ScalarTagDefinition } from "js-yaml";

/** Thrown inside js-yaml to give up on the fast reading. */
class NotSure extends Error {}

/** A plain scalar that the core schema reads as a number, whatever its size (as in the `yaml` package). */
const INT = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** The core tag, except that a number it cannot hold gives up instead of becoming a string. */
function numbersOnly(tag: ScalarTagDefinition<number>, pattern: RegExp): ScalarTagDefinition<number> {
  return defineScalarTag(tag.tagName, {
    implicit: tag.implicit,
    implicitFirstChars: tag.implicitFirstChars,
    identify: tag.identify,
    represent: tag.represent,
    resolve: (source, isExplicit, tagName) => {
      const value = tag.resolve(source, isExplicit, tagName);
      if (value === NOT_RESOLVED && pattern.test(source)) throw new NotSure(`${source} is a number out of range`);
      return value;
    },
  });
}

/** Mappings as plain objects with string keys only; "__proto__" is left to the slow path. */
const stringKeyedMap = defineMappingTag<Record<string, unknown>>("tag:yaml.org,2002:map", {
  create: () => ({}),
  addPair: (map, key, value) => {
    if (typeof key !== "string" || key === "__proto__") return "a key that is not a plain string";
    map[key] = value;
    return "";
  },
  has: (map, key) => typeof key === "string" && Object.hasOwn(map, key),
  keys: (map) => Object.keys(map),
  get: (map, key) => (typeof key === "string" && Object.hasOwn(map, key) ? map[key] : null),
  identify: () => false,
});

const SCHEMA = CORE_SCHEMA.withTags(numbersOnly(intCoreTag, INT), numbersOnly(floatCoreTag, FLOAT), stringKeyedMap);

/** Longest implicit key, from its start to its ":", that `yaml` accepts (1024), with a margin. */
const LONGEST_KEY = 1000;

/**
 * The data of a one-document YAML text as the `yaml` package's core schema
 * reads it, or undefined when the fast reading cannot vouch for that (a
 * syntax error, or any of the cases above).
 */
export function fastParse(text: string): { readonly data: unknown } | undefined {
  try {
    const events = parseEvents(text, {});
    if (!plain(events, text)) return undefined;
    // Not JSON mode: a key written twice throws, and the slow path reports it.
    const documents = constructFromEvents(events, { source: text, schema: SCHEMA, maxAliases: 0 });
    return documents.length === 1 ? { data: documents[0] } : undefined;
  } catch {
    return undefined;
  }
}

/** One document, no directives, tags or aliases, and no implicit key near the length `yaml` refuses. */
function plain(events: readonly Event[], text: string): boolean {
  // For each open mapping, whether its next node is a key; undefined for sequences and documents.
  const expectKey: (boolean | undefined)[] = [];
  let documents = 0;
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return false;
        expectKey.push(undefined);
        continue;
      case EVENT_ID.ALIAS:
        return false;
      case EVENT_ID.POP:
        expectKey.pop();
        continue;
    }
    if (event.tagStart !== -1) return false;
    const top = expectKey.length - 1;
    const isKey = expectKey[top] === true;
    if (expectKey[top] !== undefined) expectKey[top] = !isKey;
    if (event.type === EVENT_ID.SCALAR) {
      if (isKey) {
        const start = event.anchorStart !== -1 ? event.anchorStart : event.valueStart;
        const colon = text.indexOf(":", event.valueEnd);
        if (colon < 0 || colon - start > LONGEST_KEY) return false;
      }
    } else {
      // A mapping or sequence as a key is left to the slow path.
      if (isKey) return false;
      expectKey.push(event.type === EVENT_ID.MAPPING ? true : undefined);
    }
  }
  return documents === 1;
}
