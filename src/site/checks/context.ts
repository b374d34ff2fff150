// What the checks know besides the site: which places are in doubt, and the
// names the site declares even where an item could not be built from them.
import type { NamesSetAside } from "./set-aside.ts";
import { Unsure } from "./unsure.ts";

export interface CheckContext {
  readonly unsure: Unsure;
  /** Every PXE profile name written in the site, including profiles normalisation could not build. */
  readonly pxeProfiles?: ReadonlySet<string>;
  /** Host names that items set aside would have defined. */
  readonly namesSetAside?: NamesSetAside;
}

export const PLAIN: CheckContext = { unsure: new Unsure() };
