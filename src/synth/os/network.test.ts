import { describe, it } from "node:test";
import { expect } from "chai";
import { loadFixture } from "../../testing/fixtures.ts";
import { HOST } from "../layout.ts";
import { hostnameFile, networkFiles, resolvedDropIn } from "./network.ts";

const campus = await loadFixture("campus");

describe("network files", () => {
  it("writes one root-only keyfile per interface, matched by MAC", () => {
    const node = campus.nodes[0];
    const files = networkFiles(campus, node);
    expect(files.map((f) => f.path)).to.deep.equal(node.interfaces.map((i) => `${HOST.nmConnections}/${i.segment}.nmconnection`));
    for (const [i, f] of files.entries()) {
      expect(f.mode).to.equal(0o600);
      expect(f.contents).to.include(`mac-address=${node.interfaces[i]!.mac}\n`);
    }
  });

  it("routes by default through the first interface only, with the pair as resolvers", () => {
    const [first, second] = networkFiles(campus, campus.nodes[1]);
    expect(first!.contents).to.match(/^address1=198\.18\.20\.3\/24,198\.18\.20\.1$/m);
    expect(first!.contents).to.include("dns=198.18.20.2;198.18.20.3;\n");
    expect(first!.contents).to.include("dns-search=campus.example.edu;lab.campus.example.edu;\n");
    expect(second!.contents).to.match(/^address1=198\.18\.21\.3\/24$/m);
    expect(second!.contents).to.include("never-default=true\n");
  });

  it("frees port 53 from the resolved stub listener and names the host", () => {
    expect(resolvedDropIn().contents).to.match(/^DNSStubListener=no$/m);
    expect(hostnameFile(campus.nodes[0])).to.deep.equal({ path: HOST.hostname, contents: "infra1\n", mode: 0o644 });
  });
});
