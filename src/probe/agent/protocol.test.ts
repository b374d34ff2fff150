import { describe, it } from "node:test";
import { expect } from "chai";
import { fromWireError, parseRequest, salvageId, toWireError } from "./protocol.ts";

describe("agent protocol", () => {
  it("reads a request line", () => {
    expect(parseRequest('{"id":3,"kind":"dns","params":{"server":"198.18.0.2"}}')).to.deep.equal({ id: 3, kind: "dns", params: { server: "198.18.0.2" } });
    expect(parseRequest('{"id":"a","kind":"ping"}')).to.deep.equal({ id: "a", kind: "ping", params: undefined });
  });

  it("says what is wrong with a bad line, keeping its id when it has one", () => {
    expect(() => parseRequest("nope")).to.throw(/not JSON/);
    expect(() => parseRequest("[1]")).to.throw(/JSON object/);
    expect(() => parseRequest('{"kind":"dns"}')).to.throw(/"id"/);
    expect(() => parseRequest('{"id":1}')).to.throw(/"kind"/);
    expect(salvageId('{"id":9}')).to.equal(9);
    expect(salvageId("nope")).to.equal(null);
  });

  it("carries errors across with name, reason, code and causes", () => {
    const root = Object.assign(new Error("connect ECONNREFUSED 198.18.0.2:53"), { code: "ECONNREFUSED" });
    const probe = Object.assign(new Error("DNS query refused", { cause: root }), { name: "DnsProbeError", reason: "refused" });
    const wire = toWireError(probe);
    expect(JSON.parse(JSON.stringify(wire))).to.deep.equal({
      name: "DnsProbeError", message: "DNS query refused", reason: "refused",
      cause: { name: "Error", message: "connect ECONNREFUSED 198.18.0.2:53", code: "ECONNREFUSED" },
    });
    const rebuilt = fromWireError(wire) as Error & { reason?: string };
    expect(rebuilt.name).to.equal("DnsProbeError");
    expect(rebuilt.reason).to.equal("refused");
    expect((rebuilt.cause as Error & { code?: string }).code).to.equal("ECONNREFUSED");
    expect(toWireError("plain")).to.deep.equal({ name: "Error", message: "plain" });
  });

  it("does not follow a cause cycle forever", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(() => JSON.stringify(toWireError(a))).to.not.throw();
  });
});
