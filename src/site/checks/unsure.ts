// Places of the site that validation could not take as written (an item the
// schema refused and set aside, a key written twice). A check that concludes
// from an absence ("no interface", "not defined", "not covered") asks first
// whether the absence could be the repair's doing, and stays quiet if so:
// the user is already told about the cause, and a second error would send
// them after a problem that is not there.
import type { Path } from "../model.ts";

/** In a pattern: any item that is still there. */
export const ANY = "*";
/** In a pattern or a place: some list item that was set aside. */
export const REMOVED = "#";

export class Unsure {
  /** Places by their first step, so a check asking about one section looks at that section only. */
  private readonly bySection = new Map<string | number, Path[]>();
  private readonly everywhere: Path[] = [];

  constructor(places: readonly Path[] = []) {
    for (const place of places) {
      const first = place[0];
      if (first === undefined || first === ANY) this.everywhere.push(place);
      else {
        const section = this.bySection.get(first);
        if (section) section.push(place);
        else this.bySection.set(first, [place]);
      }
    }
  }

  get empty(): boolean {
    return this.bySection.size === 0 && this.everywhere.length === 0;
  }

  /**
   * True when a place in doubt lies on or under any of the patterns, or holds
   * one of them. Patterns use ANY for "any item" and REMOVED for "an item was
   * set aside from this list"; a place may use ANY for "some item, which one
   * is not known".
   */
  touches(...patterns: Path[]): boolean {
    if (this.empty) return false;
    return patterns.some((pattern) => {
      const first = pattern[0];
      const candidates = first === undefined || first === ANY ? [...this.bySection.values()].flat() : (this.bySection.get(first) ?? []);
      return candidates.some((place) => related(pattern, place)) || this.everywhere.some((place) => related(pattern, place));
    });
  }
}

function related(pattern: Path, place: Path): boolean {
  const n = Math.min(pattern.length, place.length);
  for (let i = 0; i < n; i++) {
    const want = pattern[i];
    const have = place[i];
    if (have === ANY) continue;
    if (have === REMOVED ? want !== REMOVED : want !== ANY && want !== have) return false;
  }
  return true;
}
