// Finds where a path of keys and indices sits in the YAML text, so every
// problem can be reported as FILE:LINE:COL.
import { isMap, isScalar, isSeq } from "yaml";
import type { Document, LineCounter, Node as YamlNode, Pair } from "yaml";
import type { Path } from "./model.ts";

export interface Place {
  readonly line: number;
  readonly col: number;
}

export class Positions {
  private readonly doc: Document;
  private readonly lines: LineCounter;

  constructor(doc: Document, lines: LineCounter) {
    this.doc = doc;
    this.lines = lines;
  }

  /**
   * Place of the deepest node along `path`; with atKey, of the last key
   * itself. A path that leaves the document (a key the user did not write)
   * stops at the last node that exists, which is where the key belongs.
   */
  locate(path: Path, atKey = false): Place {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        // The last of duplicate keys, as it is the one whose value was read.
        const pair = node.items.findLast((p: Pair) => keyOf(p) === String(step));
        if (!pair) break;
        if (last && atKey) {
          offset = rangeStart(pair.key) ?? offset;
          break;
        }
        // A key with no value points at its key.
        node = pair.value;
        offset = valueStart(pair) ?? rangeStart(pair.key) ?? offset;
      } else if (isSeq(node) && typeof step === "number") {
        const item = node.items[step];
        if (item === undefined) break;
        node = item;
        offset = rangeStart(item) ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }
}

function keyOf(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}

/** Where a pair's value starts; an empty value (`key:` and nothing) has none worth pointing at. */
function valueStart(pair: Pair): number | undefined {
  const value = pair.value;
  if (isScalar(value) && value.value === null && value.source === "") return undefined;
  return rangeStart(value);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}
