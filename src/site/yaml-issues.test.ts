import { describe, it } from "node:test";
import { expect } from "chai";
import { LineCounter, parseDocument } from "yaml";
import { duplicateKeys, syntaxProblems } from "./yaml-issues.ts";

function parsed(text: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  return { doc, lines };
}

function syntax(text: string) {
  const { doc, lines } = parsed(text);
  return syntaxProblems(doc.errors, lines, text).map((p) => `${p.line}:${p.col} ${p.message}`);
}

describe("syntaxProblems", () => {
  it("reports a tab in the indentation once, not the errors that follow from it", () => {
    expect(syntax("a:\n  b: 1\n  c:\n\t  - x\n")).to.deep.equal(["4:1 YAML: a tab is used for indentation"]);
  });

  it("folds the errors the parser meets while recovering into the first", () => {
    expect(syntax("a: 1\n b: 2\nc: 3\n")).to.have.length(1);
    expect(syntax("ntp:\n\torphan-stratum: 8\n  # polling\n  poll: 1\n")).to.deep.equal(["2:1 YAML: a tab is used for indentation"]);
  });

  it("keeps mistakes far apart as separate problems", () => {
    const text = "a:\n\tb: 1\nc: 2\nd: 3\ne:\n\tf: 4\n";
    expect(syntax(text)).to.deep.equal(["2:1 YAML: a tab is used for indentation", "6:1 YAML: a tab is used for indentation"]);
  });

  it("points at the bracket that is never closed", () => {
    expect(syntax("r:\n  - { a: 1, b: 2\n  - { a: 3 }\n")).to.deep.equal(["2:5 YAML: this { is not closed"]);
    expect(syntax("a: [1, 2\nb: 3\n")).to.deep.equal(["1:4 YAML: this [ is not closed"]);
  });

  it("points at the quote that is never closed", () => {
    expect(syntax('a:\n  - mac: "52:54\n  - mac: "x"\nb: 1\n')).to.deep.equal(['2:10 YAML: this quoted text is not closed']);
  });

  it("explains a second document", () => {
    expect(syntax("a: 1\n---\nb: 2\n")).to.deep.equal(["2:1 YAML: the file holds more than one document"]);
  });
});

describe("duplicateKeys", () => {
  it("reports each repeated key at its later place, naming the first", () => {
    const text = "segments:\n  - name: lan\n    gateway: 1.1.1.1\n    gateway: 2.2.2.2\nntp: {}\nntp: {}\n";
    const { doc, lines } = parsed(text);
    const found = duplicateKeys(doc, lines);
    expect(found.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).to.deep.equal([
      '4:5 key "gateway" appears twice in segments[0] (first on line 3)',
      '6:1 key "ntp" appears twice in the document (first on line 5)',
    ]);
    expect(found.paths).to.deep.equal([["segments", 0, "gateway"], ["ntp"]]);
  });

  it("finds nothing in a document without repeats", () => {
    const { doc, lines } = parsed("a: { b: 1, c: [ { b: 2 }, { b: 3 } ] }\n");
    expect(duplicateKeys(doc, lines).problems).to.have.length(0);
  });
});
