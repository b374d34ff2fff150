import { describe, it } from "node:test";
import { expect } from "chai";
import { InvalidParamsError, parseDnsParams, parseNtpParams } from "./params.ts";

describe("agent request parameters", () => {
  it("accepts a DNS query, defaulting the transport to UDP", () => {
    expect(parseDnsParams({ server: "198.18.0.2", name: "www.example.test", type: "A", timeoutMs: 1000 })).to.deep.equal({
      server: "198.18.0.2", name: "www.example.test", type: "A", timeoutMs: 1000, transport: "udp",
    });
  });

  it("lists every problem, unknown keys included", () => {
    const call = () => parseDnsParams({ server: "198.18.0.2", name: "", type: "A", timeoutMs: -1, transprot: "tcp" });
    expect(call).to.throw(InvalidParamsError);
    expect(call).to.throw(/invalid dns parameters: .*name.*timeoutMs.*transprot/);
  });

  it("checks NTP parameters", () => {
    expect(parseNtpParams({ server: "198.18.0.2", timeoutMs: 500 })).to.deep.equal({ server: "198.18.0.2", timeoutMs: 500 });
    expect(() => parseNtpParams({ server: "198.18.0.2", timeoutMs: 500, version: 5 })).to.throw(/version/);
    expect(() => parseNtpParams(undefined)).to.throw(/server/);
  });
});
