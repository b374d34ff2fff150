// "Did you mean" for misspelt keys and names. People mistype in a few typical
// ways: a slip of a letter or two, two letters swapped, snake_case or camelCase
// where the site uses kebab-case, or a word cut short ("heartbeat" for
// "heartbeat-delay"). Each is recognised; anything further is not a typo.

/** Rows reused between calls: scanning a long list must not allocate per candidate. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and
 * adjacent swaps. With `max`, only the band of cells that can stay within it
 * is computed, and the answer is max + 1 once the distance must exceed it, so
 * scanning many candidates stays cheap.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  const out = Number.isFinite(max) ? max + 1 : a.length + n + 1;
  const band = Number.isFinite(max) ? max : Math.max(a.length, n);
  if (rows[0].length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  // Three rolling rows: the swap rule looks two rows back. Cells outside the band count as out of reach.
  let [before, previous, current] = rows;
  before.fill(out, 0, n + 1);
  for (let j = 0; j <= n; j++) previous[j] = j <= band ? j : out;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(n, i + band);
    current.fill(out, 0, n + 1);
    current[0] = i <= band ? i : out;
    let rowMin = current[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Past the bound in two rows running, no later cell can come back within it.
    if (rowMin > max && previousMin > max) return out;
    previousMin = rowMin;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[n]!, out);
}

/** One spelling for the variants of a key: case, "_", spaces and camelCase all become kebab-case. */
export function foldKey(word: string): string {
  return word
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
}

/** How far a word may be from a candidate and still read as a typo of it. */
function typoLimit(word: string): number {
  if (word.length <= 3) return 1;
  return Math.max(2, Math.floor(word.length / 3));
}

/** Candidates folded once, for asking about many words against one long list. */
export class Suggester {
  private readonly candidates: readonly { readonly name: string; readonly folded: string }[];

  constructor(candidates: Iterable<string>) {
    this.candidates = [...candidates].map((name) => ({ name, folded: foldKey(name) }));
  }

  /**
   * The candidate the word most likely meant, or undefined. Ties go to the
   * candidate listed first, so callers list the likelier ones first.
   */
  closest(word: string): string | undefined {
    const folded = foldKey(word);
    const exact = this.candidates.find((c) => c.folded === folded);
    if (exact !== undefined) return exact.name;
    const limit = typoLimit(folded);
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const c of this.candidates) {
      const d = editDistance(folded, c.folded, bestDistance - 1);
      if (d < bestDistance) {
        best = c.name;
        bestDistance = d;
      }
    }
    if (best !== undefined) return best;
    // A word cut short names its candidate only when no other one starts the same way.
    if (folded.length >= 3) {
      const starting = this.candidates.filter((c) => c.folded.startsWith(folded));
      if (starting.length === 1) return starting[0]!.name;
    }
    return undefined;
  }
}

/** The candidate the word most likely meant, or undefined (see Suggester). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return new Suggester(candidates).closest(word);
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
