// Finds where a path of keys and indices sits in the YAML text, so every
// problem can be reported as FILE:LINE:COL.
import { isMap, isPair, isScalar, isSeq, LineCounter } from "yaml";
import type { Document, Node as YamlNode, Pair } from "yaml";
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

  /** Place of the deepest node along `path`; with atKey, of the last key itself. */
  locate(path: Path, atKey = false): Place {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p: Pair) => keyOf(p) === String(step));
        if (!pair) break;
        if (last && atKey) {
          offset = rangeStart(pair.key) ?? offset;
          break;
        }
        // A key with no value points at its key.
        node = pair.value;
        offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
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

function rangeStart(node: unknown): number | undefined {
  if (isPair(node)) return rangeStart(node.key);
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}
