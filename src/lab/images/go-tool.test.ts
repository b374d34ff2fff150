import { describe, it } from "node:test";
import { expect } from "chai";
import { normalizeVersion, reportsVersion } from "./go-tool.ts";

describe("Go tool versions", () => {
  it("accept MAJOR.MINOR.PATCH with or without v", () => {
    expect(normalizeVersion("v0.25.1")).to.equal("0.25.1");
    expect(normalizeVersion("1.12.4")).to.equal("1.12.4");
    expect(() => normalizeVersion("1.12")).to.throw(/MAJOR\.MINOR\.PATCH/);
  });

  it("recognise exactly the version in a binary's --version output", () => {
    expect(reportsVersion("CoreDNS-1.12.4\nlinux/amd64, go1.26.8, ", "1.12.4")).to.equal(true);
    expect(reportsVersion("Butane v0.25.1", "0.25.1")).to.equal(true);
    expect(reportsVersion("Butane v0.25.10", "0.25.1")).to.equal(false);
    expect(reportsVersion("CoreDNS-11.12.4", "1.12.4")).to.equal(false);
    expect(reportsVersion("Butane was not built properly", "0.25.1")).to.equal(false);
  });
});
