import { describe, it } from "node:test";
import { expect } from "chai";
import { commandLine, escapeSpecifiers, quoteWord } from "./systemd-quote.ts";

describe("systemd quoting", () => {
  it("leaves ordinary words and paths bare", () => {
    expect(commandLine(["kea-dhcp4", "-c", "/etc/kea/kea-dhcp4.conf", "--port=80", "a,b:c"])).to.equal("kea-dhcp4 -c /etc/kea/kea-dhcp4.conf --port=80 a,b:c");
  });

  it("double-quotes words with spaces, quotes or backslashes, escaping inside", () => {
    expect(quoteWord("two words")).to.equal('"two words"');
    expect(quoteWord('say "hi"')).to.equal('"say \\"hi\\""');
    expect(quoteWord("back\\slash")).to.equal('"back\\\\slash"');
    expect(quoteWord("it's")).to.equal(`"it's"`);
  });

  it("keeps an empty word as an empty quoted string", () => {
    expect(commandLine(["a", "", "b"])).to.equal('a "" b');
  });

  it("escapes control characters C-style", () => {
    expect(quoteWord("a\nb\tc\rd\x01")).to.equal('"a\\nb\\tc\\rd\\x01"');
  });

  it("doubles % and $ so systemd passes them on literally", () => {
    expect(quoteWord("100%")).to.equal("100%%");
    expect(quoteWord("$HOME")).to.equal("$$HOME");
    expect(quoteWord("cost: $5 (10%)")).to.equal('"cost: $$5 (10%%)"');
    expect(escapeSpecifiers("50% of %n")).to.equal("50%% of %%n");
  });

  it("escapes a lone semicolon, which would separate commands", () => {
    expect(commandLine(["find", ".", "-exec", "rm", "{}", ";"])).to.equal('find . -exec rm "{}" \\;');
  });
});
