import { describe, it } from "node:test";
import { expect } from "chai";
import { formatIpv4 } from "../../site/index.ts";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { CONTAINER } from "../layout.ts";
import { serviceAddress } from "../services.ts";
import { keaCtrlAgentConf } from "./kea-ctrl-agent.ts";

describe("keaCtrlAgentConf", () => {
  for (const name of FIXTURE_SITES) {
    it(`on ${name}: listens on each node's service address, demands the pair's credentials, reaches kea-dhcp4 by its socket`, async () => {
      const site = await loadFixture(name);
      const ha = site.dhcp.ha;
      for (const node of site.nodes) {
        const text = keaCtrlAgentConf(site, node);
        expect(text.endsWith("}\n")).to.equal(true);
        expect(keaCtrlAgentConf(site, node)).to.equal(text);
        const agent = (JSON.parse(text) as { "Control-agent": Record<string, unknown> })["Control-agent"];
        expect(agent["http-host"]).to.equal(formatIpv4(serviceAddress(node)));
        expect(agent["http-port"]).to.equal(ha.port);
        expect(agent.authentication).to.deep.include({ type: "basic", clients: [{ user: ha.user, password: ha.password }] });
        expect(agent["control-sockets"]).to.deep.equal({ dhcp4: { "socket-type": "unix", "socket-name": CONTAINER.keaSocket } });
        expect(agent.loggers).to.deep.equal([{ name: "kea-ctrl-agent", output_options: [{ output: "stdout" }], severity: "INFO", debuglevel: 0 }]);
      }
      const [a, b] = site.nodes.map((n) => keaCtrlAgentConf(site, n).replace(formatIpv4(serviceAddress(n)), "X"));
      expect(a).to.equal(b);
    });
  }
});
