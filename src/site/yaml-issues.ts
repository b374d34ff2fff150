// Problems with site.yaml as YAML, before its content is looked at. A syntax
// error leaves the rest of the document in doubt, so one mistake is reported
// once, not as the several errors the parser meets while recovering from it.
// A key written twice leaves the document readable (the last value wins), so
// it is reported with both places and validation goes on.
import { isAlias, isMap, isScalar, isSeq, visit } from "yaml";
import type { Document, LineCounter, Pair, YAMLError } from "yaml";
import type { Path } from "./model.ts";
import { label } from "./schema-issues.ts";

/** A problem whose place is known as a position in the text rather than a path. */
export interface TextProblem {
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly hint: string;
}

/**
 * One problem per syntax mistake. While recovering from a mistake the parser
 * reports more errors on the same or the next lines; those are folded into
 * the first. A tab in the indentation is always its own cause.
 */
export function syntaxProblems(errors: readonly YAMLError[], lines: LineCounter, text: string): TextProblem[] {
  const rows = text.split("\n");
  const spans = errors
    .map((e) => ({ error: e, start: lines.linePos(e.pos[0]), end: lines.linePos(Math.max(e.pos[0], e.pos[1] - 1)) }))
    .sort((a, b) => a.error.pos[0] - b.error.pos[0]);
  const onlyCommentsBetween = (from: number, to: number) => rows.slice(from, to - 1).every((row) => /^\s*(#.*)?$/.test(row));
  const groups: { last: number; members: typeof spans }[] = [];
  for (const span of spans) {
    const group = groups.at(-1);
    const tab = span.error.code === "TAB_AS_INDENT";
    const follows = group && (span.start.line <= group.last || onlyCommentsBetween(group.last, span.start.line));
    if (group && follows && !(tab && group.members.some((m) => m.error.code === "TAB_AS_INDENT"))) {
      group.members.push(span);
      group.last = Math.max(group.last, span.end.line);
    } else {
      groups.push({ last: span.end.line, members: [span] });
    }
  }
  return groups.map((g) => {
    const cause = g.members.find((m) => m.error.code === "TAB_AS_INDENT") ?? g.members[0]!;
    return explain(cause.error, lines, text);
  });
}

function explain(e: YAMLError, lines: LineCounter, text: string): TextProblem {
  const said = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const here = lines.linePos(e.pos[0]);
  const at = (offset: number) => lines.linePos(offset);
  switch (e.code) {
    case "TAB_AS_INDENT":
      return { ...here, message: "YAML: a tab is used for indentation", hint: "indent with spaces only; YAML does not allow tabs there" };
    case "MULTIPLE_DOCS":
      return { ...here, message: "YAML: the file holds more than one document", hint: "a site is one document; remove the `---` line and merge the parts" };
    case "BAD_INDENT": {
      const flow = /^Flow (sequence|map)/.exec(said);
      if (flow) {
        const [open, close] = flow[1] === "sequence" ? ["[", "]"] : ["{", "}"];
        const opener = unclosed(text, e.pos[0], open!, close!);
        return {
          ...(opener === undefined ? here : at(opener)),
          message: `YAML: ${opener === undefined ? `a ${open} opened above` : `this ${open}`} is not closed`,
          hint: `close it with ${close} on the line where it starts (a ${open} ${close} that goes on over several lines must indent them further)`,
        };
      }
      return { ...here, message: `YAML: ${lower(said)}`, hint: "line this up with the other keys of its mapping or items of its list" };
    }
    case "MISSING_CHAR":
      if (/quote/.test(said)) {
        const quote = said.includes("'") ? "'" : '"';
        const opener = text.lastIndexOf(quote, e.pos[0] - 1);
        return { ...(opener < 0 ? here : at(opener)), message: "YAML: this quoted text is not closed", hint: `add the closing ${quote} on the line where it starts` };
      }
      return { ...here, message: `YAML: ${lower(said)}`, hint: 'write "key: value", with a space after the colon, or check the indentation of the line above' };
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return { ...here, message: `YAML: ${lower(said)}`, hint: "check the indentation here and on the line above: a key may not continue onto the next line" };
    case "BLOCK_IN_FLOW":
      return { ...here, message: `YAML: ${lower(said)}`, hint: "inside { } or [ ] separate entries with commas, and write each entry as key: value" };
    default:
      return { ...here, message: `YAML: ${lower(said)}`, hint: "fix the YAML syntax at this place" };
  }
}

/** The offset of the last bracket left open before `end`, reading back at most 50 lines, outside quotes and comments. */
function unclosed(text: string, end: number, open: string, close: string): number | undefined {
  let start = end;
  for (let n = 0; n < 50 && start > 0; n++) start = text.lastIndexOf("\n", start - 2) + 1;
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      else if (c === "\n") quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) i = Math.max(i, text.indexOf("\n", i) - 1 < 0 ? end : text.indexOf("\n", i) - 1);
    else if (c === open) stack.push(i);
    else if (c === close) stack.pop();
  }
  return stack.at(-1);
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export interface DuplicateKeys {
  readonly problems: readonly TextProblem[];
  /** Paths whose value YAML took from the last of several keys: what was meant there is in doubt. */
  readonly paths: readonly Path[];
}

/** Keys written twice in one mapping, each reported at its second (and later) occurrence. */
export function duplicateKeys(doc: Document, lines: LineCounter): DuplicateKeys {
  const problems: TextProblem[] = [];
  const paths: Path[] = [];
  const path: (string | number)[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<string, Pair>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const first = seen.get(key);
        if (first !== undefined) {
          const { line, col } = lines.linePos(keyStart(pair));
          problems.push({
            line,
            col,
            message: `key "${key}" appears twice in ${label(path)} (first on line ${lines.linePos(keyStart(first)).line})`,
            hint: "YAML keeps only the last one; remove one of them or merge the two",
          });
          paths.push([...path, key]);
        }
        seen.set(key, pair);
        path.push(key);
        walk(pair.value);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        walk(item);
        path.pop();
      });
    }
  };
  walk(doc.contents);
  return { problems, paths };
}

function keyStart(pair: Pair): number {
  const key = pair.key as { range?: [number, number, number] } | null;
  return key?.range?.[0] ?? 0;
}

/** Where toJS failed on an alias: the first alias that names no anchor before it. */
export function aliasProblem(doc: Document, lines: LineCounter, error: unknown): TextProblem {
  let found: TextProblem | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.resolve(doc) === undefined) {
        const { line, col } = lines.linePos(node.range?.[0] ?? 0);
        found = { line, col, message: `YAML: alias *${node.source} refers to no anchor`, hint: `define &${node.source} before this place, or write the value out` };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const said = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  return found ?? { line: 1, col: 1, message: `YAML: ${lower(said)}`, hint: "write the values out instead of using anchors and aliases" };
}
