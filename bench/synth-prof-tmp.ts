import { performance } from "node:perf_hooks";
import { loadSite } from "../src/site/index.ts";
import { synth } from "../src/synth/index.ts";
import { bigSiteYaml } from "./big-site.ts";
const text = bigSiteYaml(1000, 50000);
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const r = loadSite(text, "big.yaml");
  const t1 = performance.now();
  if (!r.ok) throw new Error();
  synth(r.site);
  const t2 = performance.now();
  console.log("load", (t1 - t0).toFixed(0), "synth", (t2 - t1).toFixed(0));
}
