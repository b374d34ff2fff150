import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { dataUrl, decodeDataUrl } from "./data-url.ts";
import { TRICKY_TEXTS } from "./tricky-texts.ts";

describe("data URLs", () => {
  it("percent-encodes all but unreserved characters, as UTF-8", () => {
    expect(dataUrl("ns1\n")).to.equal("data:,ns1%0A");
    expect(dataUrl("a b/c%é~")).to.equal("data:,a%20b%2Fc%25%C3%A9~");
    expect(dataUrl("")).to.equal("data:,");
  });

  it("decodes what it encodes", () => {
    for (const text of TRICKY_TEXTS) expect(decodeDataUrl(dataUrl(text)).toString("utf8")).to.equal(text);
  });

  it("decodes base64 and gzip as Butane writes them", () => {
    const text = "server 192.0.2.123 iburst\n".repeat(20);
    const url = `data:;base64,${gzipSync(Buffer.from(text)).toString("base64")}`;
    expect(decodeDataUrl(url, "gzip").toString("utf8")).to.equal(text);
    expect(decodeDataUrl(`data:text/plain;charset=utf-8;base64,${Buffer.from("hi").toString("base64")}`).toString("utf8")).to.equal("hi");
    expect(decodeDataUrl("data:,hello%20world", "").toString("utf8")).to.equal("hello world");
  });

  it("refuses what is not a data URL or an unknown compression", () => {
    expect(() => decodeDataUrl("https://example.com/x")).to.throw(/not a data URL/);
    expect(() => decodeDataUrl("data:,x", "bzip2")).to.throw(/unknown compression/);
  });
});
