import { describe, it } from "node:test";
import { expect } from "chai";
import { RUNS_ALONE_TAG, mayStartBeside } from "./side-by-side.ts";

const plain = { tags: [{ name: "@needs-pxe" }] };
const lone = { tags: [{ name: RUNS_ALONE_TAG }] };

describe("scenarios side by side", () => {
  it("any scenario starts on an idle set of labs", () => {
    expect(mayStartBeside(plain, [])).to.equal(true);
    expect(mayStartBeside(lone, [])).to.equal(true);
  });
  it("plain scenarios run beside each other", () => {
    expect(mayStartBeside(plain, [plain, plain])).to.equal(true);
  });
  it("a scenario that runs alone waits for the others, and the others wait for it", () => {
    expect(mayStartBeside(lone, [plain])).to.equal(false);
    expect(mayStartBeside(plain, [lone])).to.equal(false);
    expect(mayStartBeside(lone, [lone])).to.equal(false);
  });
});
