import { loadSite } from "../src/site/index.ts";
import { synth } from "../src/synth/index.ts";
import { bigSiteYaml } from "./big-site.ts";
const r = loadSite(bigSiteYaml(1000, 50000), "big.yaml");
if (!r.ok) throw new Error();
const a = synth(r.site);
const sorted = [...a.files].sort((x, y) => y.contents.length - x.contents.length);
for (const f of sorted.slice(0, 15)) console.log((f.contents.length / 1e6).toFixed(2), "MB", f.path);
