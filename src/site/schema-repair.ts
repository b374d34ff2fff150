// Schema problems confined to some items should not hide every other problem
// until the next run. The site is repaired for the semantic checks: a
// misspelt key is read as the key it resembles, and an item the schema
// refuses is set aside (the nearest list item, map entry or optional key that
// holds the problem). The checks then run on what is left, told which places
// were set aside so that they do not report an absence the repair made.
// Only the schema's findings on the text as written are reported, plus those
// on values read through a corrected key: those are the user's values too.
import { REMOVED } from "./checks/unsure.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { Path } from "./model.ts";
import { siteSchema } from "./schema.ts";
import type { RawSite } from "./schema.ts";
import { adviseKey, findTypos, isOptionalKey, kindAt, placed, plainPath, schemaDiagnostics, suppliedByTypo, valueAt } from "./schema-issues.ts";
import type { PlacedIssue, Typos } from "./schema-issues.ts";

export interface SchemaResult {
  /** Every schema problem, at its place in the text as written. */
  readonly diagnostics: readonly Diagnostic[];
  /** The repaired site, or undefined when no repair leaves the rest checkable. */
  readonly site?: RawSite;
  /** Places the repair set aside, as paths into the repaired site. */
  readonly unsure: readonly Path[];
  /** The same places as paths in the text as written. */
  readonly removed: readonly Path[];
  /** A path into the repaired site → the same place in the text as written. */
  readonly toWritten: (path: Path) => Path;
  /** A path in the text as written → the same place in the repaired site, if it survived. */
  readonly toRepaired: (path: Path) => Path | undefined;
}

const ROUNDS = 8;

/**
 * Schema problems of the site as written, and the site repaired around them.
 * `doubtful` lists places whose value cannot be trusted for another reason (a
 * key written twice); the items holding them are set aside as well.
 */
export function checkSchema(data: unknown, doubtful: readonly Path[] = []): SchemaResult {
  const first = siteSchema.safeParse(data);
  const same = (p: Path) => p;
  if (first.success && doubtful.length === 0) return { diagnostics: [], site: first.data, unsure: [], removed: [], toWritten: same, toRepaired: same };

  const diagnostics: Diagnostic[] = [];
  const edits = new Edits();
  const done = (site?: RawSite): SchemaResult => ({
    diagnostics,
    ...(site ? { site } : {}),
    unsure: edits.unsure(),
    removed: edits.removed(),
    toWritten: (p) => edits.toWritten(p).path,
    toRepaired: (p) => edits.toRepaired(p),
  });

  const reread = (): PlacedIssue[] | RawSite => {
    const repaired = siteSchema.safeParse(edits.apply(data));
    if (repaired.success) return repaired.data;
    return repaired.error.issues.map((issue) => {
      const path = plainPath(issue.path);
      const written = edits.toWritten(path);
      return { issue, written: written.path, repaired: path, throughRename: written.throughRename };
    });
  };

  // The text as written is reported in full; after a repair, only what a corrected key reveals is new.
  const initial = first.success ? [] : placed(first.error.issues);
  diagnostics.push(...schemaDiagnostics(initial, data));
  for (const path of doubtful) if (!setAside(path, path, data, edits)) return done();
  let issues: PlacedIssue[] | RawSite = first.success ? reread() : initial;
  for (let round = 0; round < ROUNDS && Array.isArray(issues); round++) {
    const before = edits.size;
    const typos = findTypos(issues, data);
    if (issues !== initial) diagnostics.push(...schemaDiagnostics(issues.filter((p) => p.throughRename), data, typos));
    for (const [object, fixes] of typos) {
      for (const [typo, meant] of fixes) edits.rename([...(JSON.parse(object) as Path), typo], meant);
    }
    for (const p of issues) if (!plan(p, data, edits, typos)) return done();
    if (edits.size === before) return done();
    issues = reread();
  }
  return Array.isArray(issues) ? done() : done(issues);
}

/**
 * Decides what to set aside for one issue: nothing for a key about to be
 * supplied by a corrected typo, the key itself when unknown, else the
 * nearest removable item around the problem. False when there is none.
 */
function plan(p: PlacedIssue, data: unknown, edits: Edits, typos: Typos): boolean {
  const { issue, written, repaired } = p;
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) {
      const path = [...written, key];
      if (edits.isRenamed(path)) continue;
      const advice = adviseKey(p, key, data);
      // A key set aside leaves its value unknown where it was probably meant, or where it stood.
      edits.remove(path, advice.kind === "elsewhere" ? advice.meant : undefined);
    }
    return true;
  }
  if (valueAt(data, written) === undefined && suppliedByTypo(typos, written)) return true;
  return setAside(written, repaired, data, edits);
}

/** Sets aside the nearest list item, map entry or optional key holding the place; false when there is none. */
function setAside(written: Path, repaired: Path, data: unknown, edits: Edits): boolean {
  for (let n = written.length; n > 0; n--) {
    const here = written.slice(0, n);
    if (valueAt(data, here) === undefined) continue;
    const step = repaired[n - 1]!;
    const parent = repaired.slice(0, n - 1);
    const kind = kindAt(parent);
    if (kind === "array" || kind === "record" || (kind === "object" && typeof step === "string" && isOptionalKey(parent, step))) {
      edits.remove(here);
      return true;
    }
  }
  const section = written[0];
  if (typeof section === "string" && section in STAND_INS) {
    edits.standIn([section], STAND_INS[section]);
    return true;
  }
  return false;
}

/**
 * Required sections that only their own checks read: a broken one is replaced
 * by a placeholder marked as in doubt, so that the rest of the site is still
 * checked. The placeholder never reaches a message: the checks of an unsure
 * section stay quiet.
 */
const STAND_INS: Record<string, unknown> = {
  ntp: { upstreams: ["192.0.2.1"] },
};

interface EditNode {
  removed?: boolean;
  /** A placeholder that replaces the value (or stands where none was written). */
  standIn?: unknown;
  /** For an unknown key set aside: where it was probably meant to go, in the text as written. */
  meant?: Path;
  renamedTo?: string;
  readonly children: Map<string | number, EditNode>;
  /** Removed list indices, ascending; computed when first needed. */
  removedIndices?: number[];
}

/** Removals and renames, kept by their place in the text as written. */
class Edits {
  private readonly root: EditNode = { children: new Map() };
  size = 0;

  private node(path: Path, create: boolean): EditNode | undefined {
    let node = this.root;
    for (const step of path) {
      let next = node.children.get(step);
      if (!next) {
        if (!create) return undefined;
        next = { children: new Map() };
        node.children.set(step, next);
      }
      node = next;
    }
    return node;
  }

  rename(path: Path, to: string): void {
    const node = this.node(path, true)!;
    if (node.renamedTo !== to) this.size++;
    node.renamedTo = to;
  }

  isRenamed(path: Path): boolean {
    return this.node(path, false)?.renamedTo !== undefined;
  }

  standIn(path: Path, value: unknown): void {
    const node = this.node(path, true)!;
    if (node.standIn === undefined) this.size++;
    node.standIn = value;
  }

  remove(path: Path, meant?: Path): void {
    const parent = this.node(path.slice(0, -1), true)!;
    delete parent.removedIndices;
    const node = this.node(path, true)!;
    if (!node.removed) this.size++;
    node.removed = true;
    if (meant) node.meant = meant;
  }

  /** The data with every edit applied; untouched branches are shared, not copied. */
  apply(data: unknown, node: EditNode = this.root): unknown {
    if (node.children.size === 0 || data === null || typeof data !== "object") return data;
    if (Array.isArray(data)) {
      const out: unknown[] = [];
      data.forEach((item, i) => {
        const child = node.children.get(i);
        if (child?.removed) return;
        out.push(child ? this.apply(item, child) : item);
      });
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      const child = node.children.get(key);
      if (child?.removed) continue;
      out[child?.renamedTo ?? key] = child?.standIn ?? (child ? this.apply(value, child) : value);
    }
    for (const [key, child] of node.children) if (child.standIn !== undefined && typeof key === "string") out[key] = child.standIn;
    return out;
  }

  /** Written list indices that were removed, ascending. */
  private removedIndices(node: EditNode): number[] {
    if (node.removedIndices) return node.removedIndices;
    const out: number[] = [];
    for (const [step, child] of node.children) if (typeof step === "number" && child.removed) out.push(step);
    node.removedIndices = out.sort((a, b) => a - b);
    return node.removedIndices;
  }

  /** How many removed indices are below `limit`; with `shifted`, how many r[k] - k are at or below it. */
  private countBelow(removed: readonly number[], limit: number, shifted: boolean): number {
    let lo = 0;
    let hi = removed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (shifted ? removed[mid]! - mid <= limit : removed[mid]! < limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  toWritten(path: Path): { path: Path; throughRename: boolean } {
    const out: (string | number)[] = [];
    let node: EditNode | undefined = this.root;
    let throughRename = false;
    for (const step of path) {
      let written: string | number = step;
      if (node && typeof step === "number") {
        // The step-th item that survived: skip every removed index at or before it.
        written = step + this.countBelow(this.removedIndices(node), step, true);
      } else if (node) {
        for (const [key, child] of node.children) {
          if (child.renamedTo === step) {
            written = key;
            throughRename = true;
          }
        }
      }
      out.push(written);
      node = node?.children.get(written);
    }
    return { path: out, throughRename };
  }

  toRepaired(path: Path): Path | undefined {
    const out: (string | number)[] = [];
    let node: EditNode | undefined = this.root;
    for (const step of path) {
      const child: EditNode | undefined = node?.children.get(step);
      if (child?.removed) return undefined;
      if (node && typeof step === "number") out.push(step - this.countBelow(this.removedIndices(node), step, false));
      else out.push(child?.renamedTo ?? step);
      node = child;
    }
    return out;
  }

  /** Every place set aside, as a path in the text as written. */
  removed(): Path[] {
    const out: Path[] = [];
    const walk = (node: EditNode, written: Path) => {
      for (const [step, child] of node.children) {
        if (child.removed || child.standIn !== undefined) out.push([...written, step]);
        else walk(child, [...written, step]);
      }
    };
    walk(this.root, []);
    return out;
  }

  /** Every place set aside, as a path into the repaired data. */
  unsure(): Path[] {
    const out: Path[] = [];
    const walk = (node: EditNode, written: Path) => {
      for (const [step, child] of node.children) {
        const here = [...written, step];
        if (child.standIn !== undefined) {
          const place = this.toRepaired(here);
          if (place) out.push(place);
        } else if (child.removed) {
          const parent = this.toRepaired(written);
          if (parent === undefined) continue;
          if (typeof step === "number") out.push([...parent, REMOVED]);
          else out.push([...parent, step]);
          const meant = child.meant && this.toRepaired(child.meant);
          if (meant) out.push(meant);
        } else {
          walk(child, here);
        }
      }
    };
    walk(this.root, []);
    return out;
  }
}
