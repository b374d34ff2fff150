import { performance } from "node:perf_hooks";
import { loadSite } from "../src/site/index.ts";
import { synth, nodeConfig, labPlan, renderCompose } from "../src/synth/index.ts";
import { butaneConfig } from "../src/synth/os/butane.ts";
import { ignitionConfig } from "../src/synth/os/ignition.ts";
import { fastParse } from "../src/site/fast-parse.ts";
import { bigSiteYaml } from "./big-site.ts";
const text = bigSiteYaml(1000, 50000);
for (let run = 0; run < 3; run++) {
  const t: [string, number][] = [];
  let last = performance.now();
  const lap = (name: string) => { const now = performance.now(); t.push([name, now - last]); last = now; };
  fastParse(text); lap("fastParse");
  const r = loadSite(text, "big.yaml"); lap("loadSite");
  if (!r.ok) throw new Error();
  const site = r.site;
  const configs = site.nodes.map((n) => nodeConfig(site, n)); lap("nodeConfig x2");
  for (const c of configs) butaneConfig(c, site.os); lap("butane x2");
  for (const c of configs) ignitionConfig(c, site.os); lap("ignition x2");
  const plan = labPlan(site); lap("labPlan");
  renderCompose(plan); lap("compose");
  synth(site); lap("synth");
  console.log(t.map(([n, v]) => `${n} ${v.toFixed(0)}`).join(" | "));
}
