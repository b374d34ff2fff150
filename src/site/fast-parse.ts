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
// - a carriage return not followed by a line feed: js-yaml breaks the line
//   there, as YAML 1.2 says, `yaml` keeps it in the text ("- x\r- y" is two
//   items for one, one item "x\r- y" for the other);
// - a value on the line after its key or dash, with a comment line between:
//   `yaml` can run a plain value on into the next entry ("-\n#c\n a\n- b"
//   is one item "a - b" for it, two items for js-yaml);
// - an anchor followed by a key on the same line ("a: &x b: c"), which `yaml`
//   refuses; anchors are rare in a site, so any anchor or alias is left to
//   the slow path (which also bounds how far aliases expand);
// - a block scalar with an explicit indentation ("|2-") whose lines hold
//   only spaces: "" for `yaml`, " " for js-yaml;
// - "..." after the document, twice: an error for `yaml` only;
// - a root that is not a mapping (a site always is one): `yaml` and js-yaml
//   indent a root block scalar differently, and differ on a root tab;
// - duplicate keys: js-yaml refuses them, the loader reports them with places.
import { CORE_SCHEMA, EVENT_ID, NOT_RESOLVED, SCALAR_STYLE, constructFromEvents, defineMappingTag, defineScalarTag, floatCoreTag, intCoreTag, parseEvents } from "js-yaml";
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

const LONE_CR = /\r(?!\n)/;

/** A block scalar header with an explicit indentation ("|2", ">-1"). */
const INDENTATION_INDICATOR = /[|>](?:[1-9]|[-+][1-9])/;

/** Longest implicit key, from its start to its ":", that `yaml` accepts (1024), with a margin. */
const LONGEST_KEY = 1000;

/**
 * The data of a one-document YAML text as the `yaml` package's core schema
 * reads it, or undefined when the fast reading cannot vouch for that (a
 * syntax error, or any of the cases above).
 */
export function fastParse(text: string): { readonly data: unknown } | undefined {
  if (LONE_CR.test(text)) return undefined;
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

/**
 * One mapping as the one document, with no "..." after it; no directives,
 * tags, anchors, aliases or indentation indicators; no implicit key near
 * the length `yaml` refuses; no value that starts its line after a comment line.
 */
function plain(events: readonly Event[], text: string): boolean {
  // For each open mapping, whether its next node is a key; undefined for sequences and documents.
  const expectKey: (boolean | undefined)[] = [];
  let documents = 0;
  // Where the last node began or ended: a block scalar's header lies between there and its text.
  let last = 0;
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        // "..." ends a document; two of them are an error for `yaml` only.
        if (++documents > 1 || event.directives.length > 0 || event.explicitEnd) return false;
        expectKey.push(undefined);
        continue;
      case EVENT_ID.ALIAS:
        return false;
      case EVENT_ID.POP:
        expectKey.pop();
        continue;
    }
    if (event.tagStart !== -1 || event.anchorStart !== -1) return false;
    // A site is a mapping; a scalar at the root (a block scalar's indentation, a tab) is read differently.
    if (expectKey.length === 1 && event.type !== EVENT_ID.MAPPING) return false;
    const top = expectKey.length - 1;
    const isKey = expectKey[top] === true;
    if (expectKey[top] !== undefined) expectKey[top] = !isKey;
    if (event.type === EVENT_ID.SCALAR) {
      if (event.style >= SCALAR_STYLE.LITERAL_BLOCK && INDENTATION_INDICATOR.test(text.slice(last, event.valueStart))) return false;
      last = event.valueEnd;
      if (isKey) {
        const colon = text.indexOf(":", event.valueEnd);
        if (colon < 0 || colon - event.valueStart > LONGEST_KEY) return false;
      } else if (afterCommentLine(text, event.valueStart)) {
        return false;
      }
    } else {
      // A mapping or sequence as a key is left to the slow path.
      if (isKey) return false;
      last = event.start;
      expectKey.push(event.type === EVENT_ID.MAPPING ? true : undefined);
    }
  }
  return documents === 1;
}

/** Whether the text at `start` is the first on its line (an opening quote aside) and the last line before it with text is a comment. */
function afterCommentLine(text: string, start: number): boolean {
  let i = start - 1;
  if (text[i] === "'" || text[i] === '"') i--;
  while (text[i] === " " || text[i] === "\t") i--;
  if (i >= 0 && text[i] !== "\n") return false;
  let lineStart = i + 1;
  while (lineStart > 0) {
    // The line before ends with the "\n" at lineStart - 1.
    const end = lineStart - 1;
    const previous = end === 0 ? 0 : text.lastIndexOf("\n", end - 1) + 1;
    const line = text.slice(previous, end).trim();
    if (line !== "") return line.startsWith("#");
    lineStart = previous;
  }
  return false;
}
