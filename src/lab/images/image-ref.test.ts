import { describe, it } from "node:test";
import { expect } from "chai";
import { isLocalOnly, parseImageRef, versionOfTag } from "./image-ref.ts";

describe("parseImageRef", () => {
  it("splits registry, repository and tag", () => {
    expect(parseImageRef("docker.io/coredns/coredns:1.12.4")).to.deep.equal({ registry: "docker.io", repository: "coredns/coredns", tag: "1.12.4" });
    expect(parseImageRef("localhost/coreos-infra/kea:2.2.0")).to.deep.equal({ registry: "localhost", repository: "coreos-infra/kea", tag: "2.2.0" });
  });

  it("defaults the registry to docker.io and reads a port as part of the host", () => {
    expect(parseImageRef("coredns/coredns")).to.deep.equal({ registry: "docker.io", repository: "coredns/coredns" });
    expect(parseImageRef("registry.lan:5000/kea:2.2.0")).to.deep.equal({ registry: "registry.lan:5000", repository: "kea", tag: "2.2.0" });
  });

  it("keeps a digest apart from the tag", () => {
    const d = `sha256:${"a".repeat(64)}`;
    expect(parseImageRef(`quay.io/x/y:1.0@${d}`)).to.deep.equal({ registry: "quay.io", repository: "x/y", tag: "1.0", digest: d });
  });

  it("rejects empty parts and spaces", () => {
    for (const bad of ["", " x", "x:", "x@", ":1.0", "a b:1"]) expect(() => parseImageRef(bad), bad).to.throw(/not valid/);
  });
});

describe("versionOfTag", () => {
  it("reads the version a tag names", () => {
    expect(versionOfTag("1.12.4")).to.equal("1.12.4");
    expect(versionOfTag("v1.12.4")).to.equal("1.12.4");
    expect(versionOfTag("2.2.0-next")).to.equal("2.2.0");
    expect(versionOfTag("2.2")).to.equal("2.2");
  });

  it("finds none in other tags", () => {
    for (const tag of [undefined, "latest", "dev", "1", "bookworm"]) expect(versionOfTag(tag), String(tag)).to.equal(undefined);
  });
});

describe("isLocalOnly", () => {
  it("is true only under localhost/", () => {
    expect(isLocalOnly("localhost/coreos-infra/boot:1.0.0")).to.equal(true);
    expect(isLocalOnly("localhost:5000/boot:1.0.0")).to.equal(false);
    expect(isLocalOnly("docker.io/coredns/coredns:1.12.4")).to.equal(false);
  });
});
