import { describe, it } from "node:test";
import { expect } from "chai";
import { pullError } from "./pull-image.ts";

describe("pullError", () => {
  it("says no registry is reachable and suggests dropping --pull", () => {
    const cause = new Error('(HTTP code 500) server error - Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host');
    const error = pullError("docker.io/coredns/coredns:1.12.4", cause);
    expect(error.message).to.match(/^cannot pull docker\.io\/coredns\/coredns:1\.12\.4: no container registry is reachable/);
    expect(error.message).to.match(/Drop --pull/);
    expect(error.cause).to.equal(cause);
  });

  it("passes other refusals on with the reference", () => {
    const error = pullError("docker.io/coredns/coredns:9.9.9", new Error("manifest for coredns/coredns:9.9.9 not found"));
    expect(error.message).to.equal("cannot pull docker.io/coredns/coredns:9.9.9: manifest for coredns/coredns:9.9.9 not found. Check the reference, or drop --pull to build the image locally.");
  });
});
