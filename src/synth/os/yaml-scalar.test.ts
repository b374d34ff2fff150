import { describe, it } from "node:test";
import { expect } from "chai";
import { parse } from "yaml";
import { TRICKY_TEXTS } from "./tricky-texts.ts";
import { blockScalar, doubleQuoted, inlineScalar } from "./yaml-scalar.ts";

describe("yaml scalars", () => {
  it("reads back every tricky text exactly, as a block value at any indentation (YAML 1.1 and 1.2)", () => {
    for (const text of TRICKY_TEXTS) {
      for (const indent of [0, 6, 8]) {
        const pad = " ".repeat(indent);
        const doc = `${pad}k: ${blockScalar(text, indent)}\n${pad}after: 1\n`;
        for (const version of ["1.1", "1.2"] as const) {
          const back = parse(doc, { version }) as { k: unknown; after: unknown };
          expect(back, `${JSON.stringify(text)} at ${indent} (${version}):\n${doc}`).to.deep.equal({ k: text, after: 1 });
        }
      }
    }
  });

  it("reads back every tricky text exactly as an inline value", () => {
    for (const text of [...TRICKY_TEXTS, "/etc/hostname", "ssh-ed25519 AAAA+/x= user@host", "True", "a.service"]) {
      for (const version of ["1.1", "1.2"] as const) {
        expect(parse(`- ${inlineScalar(text)}\n`, { version }), JSON.stringify(text)).to.deep.equal([text]);
      }
    }
  });

  it("survives random text built from the characters YAML treats specially", () => {
    const alphabet = ["a", "b", " ", "  ", "\n", "\t", "#", ":", "-", "|", ">", "'", '"', "\\", "%", "@", "`", "\r", "\x00", "\u2028", "é", "🚀", "{", "}", "[", "]", ",", "&", "*", "!", "?"];
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      let text = "";
      const length = next(30);
      for (let j = 0; j < length; j++) text += alphabet[next(alphabet.length)]!;
      const doc = `    k: ${blockScalar(text, 4)}\n`;
      expect((parse(doc) as { k: unknown }).k, JSON.stringify(text)).to.equal(text);
    }
  });

  it("writes ordinary files as literal blocks with the right chomping", () => {
    expect(blockScalar("a\nb\n", 2)).to.equal("|\n    a\n    b");
    expect(blockScalar("a\nb", 2)).to.equal("|-\n    a\n    b");
    expect(blockScalar("a\n\n", 2)).to.equal("|+\n    a\n");
    expect(blockScalar("  x\n", 0)).to.equal("|2\n    x");
    expect(blockScalar("\n", 0)).to.equal("|2+\n");
  });

  it("falls back to double quotes, escaping what a block cannot carry", () => {
    expect(blockScalar("", 2)).to.equal('""');
    expect(blockScalar("a\r\nb", 2)).to.equal('"a\\r\\nb"');
    expect(doubleQuoted("x\u2028\x1b\ufeff\"\\")).to.equal('"x\\u2028\\x1B\\uFEFF\\"\\\\"');
  });

  it("leaves paths, unit names and keys plain but quotes words YAML 1.1 reads as other types", () => {
    expect(inlineScalar("/etc/containers/systemd/coredns.container")).to.equal("/etc/containers/systemd/coredns.container");
    expect(inlineScalar("ssh-ed25519 AAAA+/x= user@host")).to.equal("ssh-ed25519 AAAA+/x= user@host");
    expect(inlineScalar("on")).to.equal('"on"');
    expect(inlineScalar("No")).to.equal('"No"');
    expect(inlineScalar("12")).to.equal('"12"');
    expect(inlineScalar("a: b")).to.equal('"a: b"');
  });
});
