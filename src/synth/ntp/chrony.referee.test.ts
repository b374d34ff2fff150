// chronyd itself reads every generated chrony.conf: `chronyd -p` parses the
// file, prints the configuration it understood and fails on any directive it
// does not accept. It is the chronyd the lab runs (built by `make setup`), not
// the host's, which may be too old for the orphan options.
import { expect } from "chai";
import { describe, it } from "node:test";
import { join } from "node:path";
import { FIXTURE_SITES, generatedFixture } from "../../testing/fixtures.ts";
import { chronyBinaries } from "../../lab/images/index.ts";
import { runTool } from "../../testing/run.ts";

const chronyd = chronyBinaries().chronyd;

for (const name of FIXTURE_SITES) {
  const { site, dir } = await generatedFixture(name);
  describe(`chrony.conf of ${name}`, () => {
    for (const node of site.nodes) {
      it(`${node.hostname}: chronyd -p accepts every directive`, () => {
        const file = join(dir, "nodes", node.hostname, "root", "etc", "chrony.conf");
        const r = runTool(chronyd, ["-p", "-f", file]);
        expect(r.status, `chronyd rejected ${file}:\n${r.stderr}`).to.equal(0);
        // What chronyd understood, not just that it did not complain.
        expect(r.stdout).to.match(/^local stratum \d+ orphan distance 0\.0 waitsynced \d+ waitunsynced \d+$/m);
        expect(r.stdout.match(/^server .* maxunreach \d+/gm)?.length).to.equal(site.ntp.upstreams.length);
        expect(r.stdout.match(/^server /gm)?.length).to.equal(site.ntp.upstreams.length + 1);
        expect(r.stdout.match(/^allow /gm)?.length).to.be.at.least(site.ntp.allow.length);
      });
    }
  });
}
